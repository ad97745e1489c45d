// Quick exit: one click or the Escape key leaves for a neutral site at once. location.replace
// swaps the current history entry, so the back button does not come back here.
(function () {
  "use strict";
  function leave(url) {
    try { document.body.style.display = "none"; } catch (e) { /* page still loading */ }
    window.location.replace(url);
  }
  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.getAttribute("href") : "about:blank";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) {
      event.preventDefault();
      leave(link.getAttribute("href"));
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      leave(exitUrl());
    }
  });
})();
