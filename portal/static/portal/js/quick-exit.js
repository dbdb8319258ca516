/* Quick exit: a click, or Shift pressed three times within five seconds,
   hides the page at once and replaces it in history with a neutral site.
   The link itself works without this script (it goes to /exit/). */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var status = document.querySelector("[data-quick-exit-status]");
  var dots = link.querySelectorAll("[data-quick-exit-progress] span");
  var originalTitle = document.title;
  var WINDOW_MS = 5000;
  var presses = 0;
  var firstPressAt = 0;
  var shiftCombined = false;

  function say(text) { if (status) { status.textContent = text || ""; } }

  function showProgress() {
    for (var i = 0; i < dots.length; i++) {
      dots[i].classList.toggle("is-on", i < presses);
    }
  }

  function resetPresses() {
    presses = 0;
    showProgress();
    say("");
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("is-cloaked");
    document.title = link.getAttribute("data-neutral-title") || "";
    say(link.getAttribute("data-text-leaving"));
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") { return; }
    // Any other key resets the count; Shift held with it is typing, not exiting.
    shiftCombined = event.shiftKey;
    if (presses) { resetPresses(); }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    if (shiftCombined) { shiftCombined = false; return; }
    var now = Date.now();
    if (!presses || now - firstPressAt > WINDOW_MS) {
      presses = 0;
      firstPressAt = now;
    }
    presses += 1;
    showProgress();
    if (presses >= 3) {
      presses = 0;
      leave();
    } else {
      say(link.getAttribute(presses === 1 ? "data-text-two-more" : "data-text-one-more"));
    }
  });

  // A page restored from the back-forward cache comes back cloaked: undo it.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("is-cloaked");
      document.title = originalTitle;
      resetPresses();
    }
  });

  document.documentElement.classList.add("has-quick-exit-js");
})();
