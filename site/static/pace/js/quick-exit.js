// Exit this page, after the GOV.UK Design System component and its "Exit a page quickly" pattern.
//
// - The button (a link to a neutral site, so it works without JavaScript) and Shift pressed three
//   times within 5 seconds both leave. A Shift held to type a capital letter does not count, but a
//   Shift tapped on its own counts everywhere, text fields included. Escape does nothing here.
// - A dot lights up for each press, and screen readers hear how many presses remain.
// - On leaving, the page is covered at once ("Loading"), tab storage is emptied, the server is
//   told to end the session (a beacon to /exit/, which signs out: unsent form data goes with the
//   page, nothing is saved), and location.replace() swaps this page out of the history so Back
//   does not return.
// - The first time a person meets the button, a note says what it does and does not do. That it
//   was read is kept in localStorage as "note-seen" (a value that says nothing about this site).
(function () {
  "use strict";
  var PRESSES = 3;
  var WINDOW_MS = 5000;
  var NOTE_KEY = "note-seen";

  var root = document.querySelector("[data-exit-this-page]");
  if (!root) { return; }
  var button = root.querySelector("[data-quick-exit]");
  var presses = 0;
  var timer = null;
  var lastKeyWasModified = false;
  var leaving = false;

  var indicator = document.createElement("div");
  indicator.className = "exit-this-page__indicator";
  indicator.setAttribute("data-exit-indicator", "");
  for (var i = 0; i < PRESSES; i++) {
    var light = document.createElement("span");
    light.className = "exit-this-page__light";
    indicator.appendChild(light);
  }
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  root.appendChild(indicator);
  root.appendChild(status);

  function showPresses() {
    var lights = indicator.querySelectorAll(".exit-this-page__light");
    for (var n = 0; n < lights.length; n++) {
      lights[n].classList.toggle("is-on", n < presses);
    }
    indicator.classList.toggle("is-visible", presses > 0);
    var left = PRESSES - presses;
    if (presses === 0) {
      status.textContent = "";
    } else if (left > 0) {
      status.textContent = "Shift, press " + left + " more " + (left === 1 ? "time" : "times") + " to exit.";
    }
  }

  function reset() {
    presses = 0;
    clearTimeout(timer);
    timer = null;
    showPresses();
  }

  function endSession() {
    var url = root.getAttribute("data-exit-leave-url");
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be blocked */ }
    try {
      if (url && navigator.sendBeacon) { navigator.sendBeacon(url); }
    } catch (e) { /* leaving matters more than signing out */ }
  }

  function leave() {
    if (leaving) { return; }
    leaving = true;
    status.textContent = "Exit this page activated.";
    var overlay = document.createElement("div");
    overlay.className = "exit-this-page-overlay";
    overlay.setAttribute("data-exit-overlay", "");
    overlay.setAttribute("role", "alert");
    overlay.textContent = "Loading.";
    document.body.appendChild(overlay);
    document.body.classList.add("exit-this-page-hide-content");
    endSession();
    window.location.replace(button.getAttribute("href"));
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keydown", function (event) {
    // A key pressed while Shift is down (a capital letter) is typing, not a Shift press.
    lastKeyWasModified = event.shiftKey && event.key !== "Shift";
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    if (lastKeyWasModified) { lastKeyWasModified = false; return; }
    presses += 1;
    showPresses();
    if (presses >= PRESSES) {
      clearTimeout(timer);
      leave();
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(reset, WINDOW_MS);
  }, true);

  // A page brought back from the back-forward cache starts fresh, not covered.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    leaving = false;
    document.body.classList.remove("exit-this-page-hide-content");
    var overlay = document.querySelector("[data-exit-overlay]");
    if (overlay) { overlay.remove(); }
    reset();
  });

  var note = document.querySelector("[data-exit-note]");
  var seen = false;
  try { seen = window.localStorage.getItem(NOTE_KEY) === "1"; } catch (e) { seen = false; }
  if (note && !seen) {
    note.hidden = false;
    button.setAttribute("aria-describedby", note.id);
    note.querySelector("[data-exit-note-dismiss]").addEventListener("click", function () {
      try { window.localStorage.setItem(NOTE_KEY, "1"); } catch (e) { /* shown again next time */ }
      note.hidden = true;
      button.removeAttribute("aria-describedby");
      button.focus();
    });
  }
})();
