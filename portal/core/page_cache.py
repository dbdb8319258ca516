"""Anonymous public pages, rendered once and then served from the shared cache.

Only a page that is the same for every visitor is stored:
- the request carries no cookie except the CSRF one, so no session, no signed-in survivor,
  no editor: a personal page can never be stored or served from here;
- the response is a plain 200 that sets no cookie, renders no CSRF token and is not private;
- the query string holds only parameters the view declares shareable. Anything a person
  types (a search, a ZIP code) is never stored: the page promises the ZIP is not saved.

Keys name the host and the path (which starts with the language) and are hashed. Every key
also holds a generation stamp; publishing anything replaces the stamp, which purges every
stored page on every app server at once (portal.core.apps connects the signals).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"


def purge_page_cache(**_signal_arguments):
    """Forget every stored page once the current transaction commits: purging earlier would
    let a request in between store the old page again under the new stamp."""
    transaction.on_commit(_new_generation)


def _new_generation():
    # A new stamp: keys under the old one are never read again and simply expire.
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _generation():
    stamp = cache.get(GENERATION_KEY)
    if stamp is None:
        # A stamp never used before, so pages stored under an evicted stamp cannot return.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        stamp = cache.get(GENERATION_KEY)
    return stamp


def remember(name, compute, seconds=600):
    """`compute()`, kept in the shared cache until the next publish: for the parts of every page
    that come from content (menu, safety alert), which signed-in pages need too. Computed each
    time when the page cache is off, since a purge could not reach other processes."""
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    key = f"chrome:{_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
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
