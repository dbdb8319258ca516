"""Counting requests against limits in Django's cache (shared through Redis when set).

Keys are keyed hashes: never a raw phone number or IP address in the cache.
"""

from django.conf import settings
from django.core.cache import cache

from .crypto import blind_index


def within_limit(purpose, value, limit, window):
    """Count one more use of `value` for `purpose`; True while the count is at most `limit` per `window` seconds."""
    key = f"limit:{purpose}:{blind_index(value, f'rate-limit-{purpose}')}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


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
