"""The safety headers every response carries (docs/safety.md points 4, 6 and 7).

One place decides them, so a new view cannot forget one.
"""

import re
import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import add_never_cache_headers, patch_cache_control

# Nothing but our own origin, and no inline script anywhere on public pages.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# The Wagtail admin still writes inline scripts and styles of its own; staff
# pages keep every other restriction, third-party origins included.
ADMIN_CSP = PUBLIC_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
# A page previewed in the admin is shown inside the editor's own frame: the public policy, except
# that the admin (same origin) may frame it. Only Wagtail's preview views get it; the public site
# and the rest of the admin still refuse every frame.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
PREVIEW_VIEWS = {"preview_on_add", "preview_on_edit", "workflow_preview"}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)
PERSONAL_PATH = re.compile(r"^/[a-z-]+/my(/|$)")
FORM_TAG = re.compile(rb"<form[\s>]", re.IGNORECASE)


def is_admin_preview(request):
    match = request.resolver_match
    return request.path.startswith("/admin/") and match is not None and match.url_name in PREVIEW_VIEWS


def is_personal_or_form(request, response):
    """True when a response must never be stored by a browser or proxy."""
    if PERSONAL_PATH.match(request.path) or request.path.startswith("/admin"):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return False
    return bool(FORM_TAG.search(response.content))


class SafetyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin")
        preview = is_admin_preview(request)
        if preview:
            # Wagtail renders the previewed page through this middleware as a public request first;
            # that inner response's own policy would forbid the admin's frame.
            response["Content-Security-Policy"] = PREVIEW_CSP
        response.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else PUBLIC_CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "SAMEORIGIN" if preview else "DENY"
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if is_personal_or_form(request, response):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class SessionRenewalMiddleware:
    """Keeps a session in use alive without writing it on every request.

    A session a view used is stamped again once its stamp is SESSION_REFRESH_SECONDS old, which
    saves it with a new expiry; in between nothing changed and nothing is written. An empty or
    flushed session (quick exit, sign-out) is left empty.
    """

    STAMP = "renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.STAMP, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.STAMP] = now
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 outside the language-prefixed site
    (the API, webhooks, admin) stays a 404 instead of being redirected to /<lang>/..."""

    UNPREFIXED = ("/api/", "/sms/", "/admin/", "/exit/", "/healthz", "/documents/", "/static/")

    def process_response(self, request, response):
        if request.path.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
