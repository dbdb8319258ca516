from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET


class SeeOtherRedirect(HttpResponseRedirect):
    """303: the browser must fetch the destination with a plain GET."""

    status_code = 303
    allowed_schemes = ["http", "https"]


def quick_exit(request):
    """End the session, drop every cookie and send the browser somewhere neutral.

    Works for a plain link with JavaScript off; the script only makes it faster.
    """
    cookie_names = list(request.COOKIES)
    request.session.flush()
    # Stop the CSRF middleware from writing a fresh token cookie after we delete it.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    response = SeeOtherRedirect(settings.QUICK_EXIT_URL)
    for name in cookie_names:
        response.delete_cookie(name)
    # The browser also forgets this site's cookies and storage, including any
    # a script might have set; history cannot be erased and the banner says so.
    response["Clear-Site-Data"] = '"cookies", "storage"'
    add_never_cache_headers(response)
    return response


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    response = HttpResponse("ok", content_type="text/plain")
    add_never_cache_headers(response)
    return response


def server_error(request):
    """The 500 page in the visitor's language, rendered without the database or context
    processors: when it is shown, the database may be the thing that failed."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        return HttpResponseServerError(loader.render_to_string("500.html", {"site_name": settings.SITE_NAME}))
