"""Anti-abuse limits on the forms that send a text to a number someone types.

A burst cannot make the portal text one number more than a few times, whoever sends the form.
"""

from django.conf import settings

from portal.core.rate_limits import client_ip, within_limit

__all__ = ["client_ip", "ip_allowed", "phone_allowed"]


def ip_allowed(request):
    limit, window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    return within_limit("sms-ip", client_ip(request), limit, window)


def phone_allowed(phone):
    limit, window = settings.SMS_HELP_FORM_LIMITS["per_phone"]
    return within_limit("sms-phone", phone, limit, window)
