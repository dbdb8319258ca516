/* The survivor area signs out after a while idle. Two minutes before, a dialog says so and
   offers to stay: staying asks the server (which renews the session) and keeps the page, and
   everything typed in it, as it is. Without this script, a post that arrives too late is kept
   and sent after signing in again (the server does that). */
(function () {
  "use strict";
  var dialog = document.querySelector("[data-timeout-warning]");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var idleMs = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var warningMs = Number(dialog.getAttribute("data-warning-seconds")) * 1000;
  var form = dialog.querySelector("[data-stay-signed-in]");
  var timer = 0;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (!dialog.open) { dialog.showModal(); }
    }, Math.max(idleMs - warningMs, 0));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("signed out"); }
        dialog.close();
        schedule();
      })
      .catch(function () {
        // Already signed out: a post from this page is kept and made after signing in again.
        dialog.close();
      });
  });

  schedule();
})();
