/* Staff are signed out after a while idle. Two minutes before, a dialog says so and offers to stay:
   staying posts to the server (which renews the session) and keeps the page, and everything typed in
   it, as it is. If the session has already ended, the dialog says so; saving the form then keeps what
   was typed until the staff member has signed in again (the server does that, with or without this
   script). Only on signed-in admin pages (they have the sidebar). */
(function () {
  "use strict";
  var dialog = document.querySelector("[data-staff-timeout]");
  if (!dialog || typeof dialog.showModal !== "function" || !document.getElementById("wagtail-sidebar")) { return; }
  var idleMs = Number(dialog.getAttribute("data-idle-seconds")) * 1000;
  var warningMs = Number(dialog.getAttribute("data-warning-seconds")) * 1000;
  var stay = dialog.querySelector("[data-stay-signed-in]");
  var close = dialog.querySelector("[data-staff-timeout-close]");
  var timer = 0;

  function csrfToken() {
    var config = document.getElementById("wagtail-config");
    return config ? JSON.parse(config.textContent).CSRF_TOKEN : "";
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      if (!dialog.open) { dialog.showModal(); }
    }, Math.max(idleMs - warningMs, 0));
  }

  function signedOut() {
    dialog.querySelector("[data-staff-timeout-text]").hidden = true;
    dialog.querySelector("[data-staff-timeout-expired]").hidden = false;
    stay.hidden = true;
    close.hidden = false;
    close.focus();
  }

  stay.addEventListener("click", function () {
    window.fetch(dialog.getAttribute("data-stay-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      if (response.status !== 204) { throw new Error("signed out"); }
      dialog.close();
      schedule();
    }).catch(signedOut);
  });

  close.addEventListener("click", function () { dialog.close(); });
  schedule();
})();
