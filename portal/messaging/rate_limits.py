"""Anti-abuse limits on the help form, counted in Django's cache (shared through Redis when set).

Keys are keyed hashes, never a raw phone number or IP address. A burst cannot make the portal
text one number more than a few times, whoever sends the form.
"""

from django.conf import settings
from django.core.cache import cache

from portal.core.crypto import blind_index


def _within(purpose, value, limit, window):
    key = f"sms-limit:{purpose}:{blind_index(value, f'rate-limit-{purpose}')}"
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


def ip_allowed(request):
    limit, window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    return _within("ip", client_ip(request), limit, window)


def phone_allowed(phone):
    limit, window = settings.SMS_HELP_FORM_LIMITS["per_phone"]
    return _within("phone", phone, limit, window)
