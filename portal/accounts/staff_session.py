"""Staff are signed out after SESSION_COOKIE_AGE idle (15 minutes); nothing they typed is lost by it.

- With JavaScript, every admin page warns SESSION_WARNING_SECONDS before (`staff-timeout.js`), and
  "Stay signed in" posts to `stay_signed_in`, which renews the session like any signed-in request
  (portal.core.middleware.SessionRenewalMiddleware).
- With or without it, a form posted after the sign-out is kept (`KeptAdminPostMiddleware`): the post,
  which has passed the CSRF check, waits encrypted in this browser's new session, the sign-in page says
  so, and once the staff member has signed in again and passed the second factor, the post is made to
  the same page as if it arrived then (the page checks it as always, and only shows or changes what
  the signed-in person may). Files are not kept; a sign-out or an idle session drops the kept post.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import crypto

KEPT_KEY = "kept_admin_post"
KEPT_MAX_CHARS = 100_000


@require_POST
def stay_signed_in(request):
    """Reaching a signed-in admin view is what renews the idle timer; nothing else to do."""
    return HttpResponse(status=204)


def _exempt_paths():
    return {
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("staff_verify"),
        reverse("staff_enrol"),
        reverse("staff_stay_signed_in"),
    }


class KeptAdminPostMiddleware:
    """After CsrfViewMiddleware and StaffSecondFactorMiddleware: keeps a late post, and makes it later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/admin/") or request.path in _exempt_paths():
            return None
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            return None
        # Only a post that passed the CSRF check: it came from an admin page this browser had open.
        checked = getattr(request, "csrf_processing_done", False)
        if request.method == "POST" and checked and not request.user.is_authenticated:
            return self.keep(request)
        if request.method == "GET" and request.user.is_authenticated and request.user.is_verified():
            self.replay(request)
        return None

    @staticmethod
    def keep(request):
        if request.FILES:
            return None  # an upload cannot wait in a session; the admin's sign-in takes over as before
        data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
        text = json.dumps({"path": request.path, "data": data})
        if len(text) > KEPT_MAX_CHARS:
            return None
        request.session[KEPT_KEY] = crypto.encrypt(text)
        messages.info(request, _("You were signed out. Sign in again and what you typed will be saved."))
        return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.path})}")

    @staticmethod
    def replay(request):
        kept = request.session.get(KEPT_KEY)
        if not kept:
            return
        del request.session[KEPT_KEY]
        post = json.loads(crypto.decrypt(kept))
        if post["path"] != request.path:
            return  # signed in and went elsewhere: the kept post is dropped, never made to another page
        data = QueryDict(mutable=True)
        for key, values in post["data"].items():
            data.setlist(key, values)
        request.method = request.META["REQUEST_METHOD"] = "POST"
        request.POST = data
        request._files = MultiValueDict()


def warning_settings():
    return {
        "idle_seconds": settings.SESSION_COOKIE_AGE - settings.SESSION_REFRESH_SECONDS,
        "warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
