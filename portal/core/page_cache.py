"""Anonymous public pages, rendered once and then served from the shared cache.

Only a page that is the same for every visitor is stored:
- the request carries no cookie except the CSRF one, so no session, no signed-in survivor,
  no editor: a personal page can never be stored or served from here;
- the response is a plain 200 that sets no cookie, renders no CSRF token and is not private;
- the query string holds only parameters the view declares shareable. Anything a person
  types (a search, a ZIP code) is never stored: the page promises the ZIP is not saved.

Keys name the host and the path (which starts with the language) and are hashed. Every key
also holds a generation stamp; publishing anything replaces the stamp, which purges every
stored page on every app server at once (portal.core.apps connects the signals), and raises
the publish count, under which every process holds the site's chrome (`remember`).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import get_language

from .models import PublishCount

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"


def purge_page_cache(**_signal_arguments):
    """Forget every stored page and the chrome every process holds, once the current transaction
    commits: purging earlier would let a request in between store the old page again under the
    new stamp."""
    transaction.on_commit(_new_generation)


def purge_stored_pages():
    """Forget every stored page but not the chrome: for rows a migration writes, before the
    publish count's own table may exist (every process starts afresh after a deploy anyway)."""
    transaction.on_commit(_new_page_stamp)


def _new_page_stamp():
    # A new stamp: keys under the old one are never read again and simply expire.
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _new_generation():
    _new_page_stamp()
    if not PublishCount.objects.filter(pk=1).update(value=F("value") + 1):
        PublishCount.objects.get_or_create(pk=1, defaults={"value": 1})


def _generation():
    stamp = cache.get(GENERATION_KEY)
    if stamp is None:
        # A stamp never used before, so pages stored under an evicted stamp cannot return.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        stamp = cache.get(GENERATION_KEY)
    return stamp


# (name, language) -> (publish count, value): this process's copy of the chrome.
_remembered = {}


def publish_count(request=None):
    """The publish count, read once per request (every part of the chrome asks for it)."""
    count = getattr(request, "_publish_count", None)
    if count is None:
        # Plain SQL: on every request, compiling the ORM's query cost as much as running it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM core_publishcount WHERE id = 1")
            row = cursor.fetchone()
        count = row[0] if row else 0
        if request is not None:
            request._publish_count = count
    return count


def remember(name, compute, request=None):
    """`compute()`, built once per language in each process and kept until the next publish: for
    the parts of every page that come from content (menu, safety alert), which the page cache
    cannot hold for signed-in pages, typed searches, or a server run without it.

    Only what every visitor sees may be remembered here: never anything from the request.
    """
    count = publish_count(request)
    key = (name, get_language())
    held = _remembered.get(key)
    if held is not None and held[0] == count:
        return held[1]
    value = compute()
    _remembered[key] = (count, value)
    return value


def _page_key(request, shareable, blank):
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return None
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
        return None
    if set(request.GET) - set(shareable) - set(blank):
        return None
    if any(value.strip() for name in blank for value in request.GET.getlist(name)):
        return None
    query = sorted((name, value) for name in shareable for value in request.GET.getlist(name))
    identity = repr((request.get_host(), request.path, query)).encode()
    return f"page:{_generation()}:{hashlib.sha256(identity).hexdigest()}"


def _storable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cache_anonymous_page(kind, shareable=(), blank=()):
    """Serve a view's anonymous pages from the cache for PAGE_CACHE_SECONDS[kind].

    `shareable`: query parameters that may be part of a stored page's key. `blank`:
    parameters allowed only when empty (a blank search box submitted with a filter).
    """

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            key = _page_key(request, shareable, blank)
            if key is None:
                return view(request, *args, **kwargs)
            stored = cache.get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status, headers=headers)
                response[HEADER] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if _storable(request, response):
                headers = {name: value for name, value in response.items() if name != HEADER}
                cache.set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS[kind])
                response[HEADER] = "miss"
            return response

        return cached_view

    return decorator
