/* Quick exit: a click, Shift pressed three times or Escape pressed twice (each press within
   five seconds of the one before) hides the page at once and replaces it in history with a
   neutral site. The link itself works without this script (it goes to /exit/). */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) { return; }
  var status = document.querySelector("[data-quick-exit-status]");
  var dots = link.querySelectorAll("[data-quick-exit-progress] span");
  var originalTitle = document.title;
  var WINDOW_MS = 5000;
  var NEEDED = { Shift: 3, Escape: 2 };
  var counting = "";  // the key being counted: "Shift" or "Escape"
  var presses = 0;
  var lapse = 0;
  var shiftCombined = false;

  function say(text) { if (status) { status.textContent = text || ""; } }

  function showProgress() {
    for (var i = 0; i < dots.length; i++) {
      dots[i].classList.toggle("is-on", counting === "Shift" && i < presses);
    }
  }

  function resetPresses() {
    window.clearTimeout(lapse);
    presses = 0;
    counting = "";
    showProgress();
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    resetPresses();
    document.documentElement.classList.add("is-cloaked");
    document.title = link.getAttribute("data-neutral-title") || "";
    say(link.getAttribute("data-text-leaving"));
    window.location.replace(link.href);
  }

  function progressText() {
    if (counting === "Escape") { return link.getAttribute("data-text-escape-one-more"); }
    return link.getAttribute(presses === 1 ? "data-text-two-more" : "data-text-one-more");
  }

  function count(key) {
    if (counting !== key) { resetPresses(); counting = key; }
    presses += 1;
    if (presses >= NEEDED[key]) { leave(); return; }
    showProgress();
    say(progressText());
    // The window restarts with every press; when it runs out, say so, so nobody waits for nothing.
    window.clearTimeout(lapse);
    lapse = window.setTimeout(function () {
      resetPresses();
      say(link.getAttribute("data-text-lapsed"));
    }, WINDOW_MS);
  }

  link.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift" || event.key === "Escape") { return; }
    // Any other key resets the count; Shift held with it is typing, not exiting.
    shiftCombined = event.shiftKey;
    if (presses) { resetPresses(); say(""); }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key === "Escape") { count("Escape"); return; }
    if (event.key !== "Shift") { return; }
    if (shiftCombined) { shiftCombined = false; return; }
    count("Shift");
  });

  // A page restored from the back-forward cache comes back cloaked and with whatever was
  // typed into it: undo the cloak and empty every form, so nothing typed is there to be read.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.documentElement.classList.remove("is-cloaked");
    document.title = originalTitle;
    resetPresses();
    say("");
    forgetTyped();
  });

  function forgetTyped() {
    var forms = document.querySelectorAll("form[data-forget]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].reset();
      var fields = forms[i].querySelectorAll("input[type=text], input[type=tel], input[type=password], textarea");
      for (var j = 0; j < fields.length; j++) { fields[j].value = ""; }
    }
  }

  // Where the bar is held at the bottom edge, a control focused behind it is brought up above it.
  // Only when the focus shows (the keyboard moved it, or a text field awaits typing): a button
  // tapped where it peeks out above the bar must not move between press and release, or the tap
  // would land on the page beside it and do nothing.
  var bar = link.parentElement;
  document.addEventListener("focusin", function (event) {
    if (getComputedStyle(bar).position !== "fixed" || bar.contains(event.target)) { return; }
    if (!event.target.matches(":focus-visible")) { return; }
    var covered = event.target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
    if (covered > 0) { window.scrollBy(0, covered + 8); }
  });

  // Back to a page fetched again: browsers may still put back what was typed before.
  var navigation = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (navigation && navigation.type === "back_forward") { forgetTyped(); }

  document.documentElement.classList.add("has-quick-exit-js");
})();
