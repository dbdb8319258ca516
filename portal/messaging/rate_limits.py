"""Anti-abuse limits on the forms that send a text to a number someone types.

A burst cannot make the portal text one number more than a few times, whoever sends the form.
Only a submission that sends a text counts toward its address's limit: a mistake in the form
costs nothing, and many people behind one shelter's Wi-Fi share one address, so an address
gets a higher ceiling than a single number.
"""

from django.conf import settings

from portal.core.rate_limits import client_ip, count_use, has_room, within_limit

__all__ = ["client_ip", "count_text_sent", "ip_allowed", "phone_allowed"]


def ip_allowed(request):
    """Whether this address may still send a text; looks without counting."""
    limit, _window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    return has_room("sms-ip", client_ip(request), limit)


def count_text_sent(request):
    _limit, window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    count_use("sms-ip", client_ip(request), window)


def phone_allowed(phone):
    limit, window = settings.SMS_HELP_FORM_LIMITS["per_phone"]
    return within_limit("sms-phone", phone, limit, window)
