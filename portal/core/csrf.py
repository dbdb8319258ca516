"""Let Django's CSRF protection work with `Referrer-Policy: no-referrer` (docs/safety.md point 4).

Under that policy browsers send `Origin: null` on a form POST, even to the same origin (Fetch
standard, "serializing a request origin"), and Django's origin check then refuses every form a
real browser submits. The browser also says where the request came from in `Sec-Fetch-Site`, a
header no page can set: for "same-origin" this middleware puts back the origin the browser hid,
before Django's own CsrfViewMiddleware checks it. The CSRF token is still checked as always.
"""

from contextlib import suppress

from django.core.exceptions import DisallowedHost


class RestoreSameOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            with suppress(DisallowedHost):  # a bad host is refused by Django anyway
                meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
