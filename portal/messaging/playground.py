"""Try every SMS journey on a development machine: "text" the portal as any number.

The text is signed the way Twilio signs it, with the development token, and handed to the real
`/sms/inbound/` view, signature check included; the replies are whatever the portal put in its
outbox for that number. Only where `SMS_PLAYGROUND_ENABLED` is on (development and test settings):
in production the webhook stays Twilio's alone.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import resolve, reverse
from twilio.request_validator import RequestValidator

from .models import Contact, OutboundMessage

PLAYGROUND_ACCOUNT_SID = "AC" + "0" * 32
PORTAL_NUMBER = "+15125550100"


@dataclass(frozen=True)
class Reply:
    body: str
    status: str
    not_before: datetime  # when a text waiting for safe hours may go


def text_the_portal(phone: str, body: str) -> list[Reply]:
    """Deliver `body` from `phone` through the signed webhook; return the texts the portal queued in answer."""
    if not getattr(settings, "SMS_PLAYGROUND_ENABLED", False):
        raise ImproperlyConfigured("The SMS playground is only for development (SMS_PLAYGROUND_ENABLED).")
    last_before = OutboundMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _deliver(phone, body)
    if response.status_code != 200:
        raise RuntimeError(f"the webhook answered {response.status_code}: {response.content[:200]!r}")
    contact = Contact.objects.for_phone(phone)
    if contact is None:
        return []
    replies = contact.outbound_messages.filter(pk__gt=last_before).order_by("pk")
    return [Reply(message.body, message.get_status_display(), message.next_attempt_at) for message in replies]


def _deliver(phone, body):
    path = reverse("sms_inbound")
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": PLAYGROUND_ACCOUNT_SID,
        "From": phone,
        "To": settings.TWILIO_FROM_NUMBER or PORTAL_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(settings.TWILIO_AUTH_TOKEN).compute_signature(
        settings.PUBLIC_BASE_URL.rstrip("/") + path, params
    )
    request = RequestFactory(HTTP_HOST=settings.ALLOWED_HOSTS[0]).post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)
    return resolve(path).func(request)
