// Wagtail's "Add multiple" images and documents pages have a file input with no label (the
// visible button beside it is not tied to it). Name it for screen readers and voice control.
(function () {
  "use strict";
  function label() {
    document.querySelectorAll("input#fileupload[type=file]").forEach(function (input) {
      if (input.labels && input.labels.length) return;
      if (input.hasAttribute("aria-label")) return;
      var what = /\/images\//.test(window.location.pathname) ? "images" : "documents";
      input.setAttribute("aria-label", "Choose " + what + " to upload");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", label);
  } else {
    label();
  }
})();
