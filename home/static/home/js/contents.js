// Contents links move within the page without adding history entries, so that Back after a
// Quick exit does not land on this page again (one entry per page, which Quick exit replaces).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-in-page]");
  if (!link) return;
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  history.replaceState(history.state, "", link.getAttribute("href"));
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.scrollIntoView();
  target.focus({ preventScroll: true });
});
