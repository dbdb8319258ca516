"""Counting requests against limits in Django's cache (shared through Redis when set).

Keys are keyed hashes: never a raw phone number or IP address in the cache.
"""

from django.conf import settings
from django.core.cache import cache

from .crypto import blind_index


def _key(purpose, value):
    return f"limit:{purpose}:{blind_index(value, f'rate-limit-{purpose}')}"


def count_use(purpose, value, window):
    """Count one more use of `value` for `purpose` in a window of `window` seconds; return the count."""
    key = _key(purpose, value)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def has_room(purpose, value, limit):
    """True while fewer than `limit` uses of `value` were counted: looks without counting."""
    return cache.get(_key(purpose, value), 0) < limit


def within_limit(purpose, value, limit, window):
    """Count one more use of `value` for `purpose`; True while the count is at most `limit` per `window` seconds."""
    return count_use(purpose, value, window) <= limit


def client_ip(request):
    """The address that reached us, or, from one of our own proxies, the one the proxy saw.

    X-Forwarded-For is believed only when it comes from TRUSTED_PROXIES, and only its last
    entry (the one our proxy added): anyone can write the others.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in settings.TRUSTED_PROXIES and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return remote
