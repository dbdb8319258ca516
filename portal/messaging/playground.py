"""Try every SMS journey on a development machine: "text" the portal as any number.

The text is signed the way Twilio signs it, with the development token, and handed to the real
`/sms/inbound/` view, signature check included; the replies are whatever the portal put in its
outbox for that number. Only where `SMS_PLAYGROUND_ENABLED` is on (development and test settings):
in production the webhook stays Twilio's alone.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import resolve, reverse
from twilio.request_validator import RequestValidator

from .channels import Channel, whatsapp_address
from .models import Contact, OutboundMessage

PLAYGROUND_ACCOUNT_SID = "AC" + "0" * 32
PORTAL_NUMBER = "+15125550100"


@dataclass(frozen=True)
class Reply:
    body: str
    status: str
    not_before: datetime  # when a text waiting for safe hours may go
    channel: str = Channel.SMS

    @property
    def channel_label(self):
        return Channel(self.channel).label


def playground_on():
    if not getattr(settings, "SMS_PLAYGROUND_ENABLED", False):
        raise ImproperlyConfigured("The SMS playground is only for development (SMS_PLAYGROUND_ENABLED).")


def text_the_portal(phone: str, body: str, channel: str = Channel.SMS) -> list[Reply]:
    """Deliver `body` from `phone` through the signed webhook; return the texts the portal queued in answer.

    With `channel` WhatsApp the text comes from "whatsapp:<phone>", as Twilio sends a WhatsApp message.
    """
    playground_on()
    last_before = OutboundMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _deliver(phone, body, channel)
    if response.status_code != 200:
        raise RuntimeError(f"the webhook answered {response.status_code}: {response.content[:200]!r}")
    contact = Contact.objects.for_phone(phone)
    if contact is None:
        return []
    replies = contact.outbound_messages.filter(pk__gt=last_before).order_by("pk")
    return [
        Reply(message.body, message.get_status_display(), message.next_attempt_at, message.channel)
        for message in replies
    ]


def _deliver(phone, body, channel=Channel.SMS):
    portal_number = settings.TWILIO_FROM_NUMBER or PORTAL_NUMBER
    if channel == Channel.WHATSAPP:
        sender, portal_number = (
            whatsapp_address(phone),
            settings.TWILIO_WHATSAPP_FROM or whatsapp_address(portal_number),
        )
    else:
        sender = phone
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": PLAYGROUND_ACCOUNT_SID,
        "From": sender,
        "To": portal_number,
        "Body": body,
        "NumMedia": "0",
    }
    return post_signed(reverse("sms_inbound"), params)


def post_signed(path, params):
    """POST `params` to the view at `path` (query string included) in-process, signed as Twilio signs."""
    signature = RequestValidator(settings.TWILIO_AUTH_TOKEN).compute_signature(
        settings.PUBLIC_BASE_URL.rstrip("/") + path, params
    )
    request = RequestFactory(HTTP_HOST=settings.ALLOWED_HOSTS[0]).post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)
    match = resolve(path.split("?", 1)[0])
    return match.func(request, *match.args, **match.kwargs)


# The voice line, the same way: a call from a number, then a key at a time through the real views.


@dataclass(frozen=True)
class Said:
    language: str  # Twilio's voice language, e.g. "es-US"
    text: str


@dataclass(frozen=True)
class Heard:
    says: list  # [Said], in order
    next_path: str  # where the next key goes ("" once the call is over)
    dialled: str  # the number the call is put through to, if it is


def call_the_portal(phone: str) -> tuple[str, Heard]:
    """Ring the voice line from `phone`; return the new call's CallSid and what the line answers."""
    playground_on()
    call_sid = "CA" + secrets.token_hex(16)
    return call_sid, _voice(reverse("voice_inbound"), call_sid, phone)


def press_keys(phone: str, call_sid: str, path: str, digits: str, words: str = "") -> Heard:
    """Press `digits` at the step `path` (as the last answer gave it) of the call `call_sid`; or, with
    `words` and no digits, say them, as Twilio posts what it heard (SpeechResult)."""
    playground_on()
    if not path.startswith(reverse("voice_step", args=["x"])[: -len("x/")]):
        raise ValueError("not a step of the voice line")
    if words:
        return _voice(path, call_sid, phone, SpeechResult=words)
    return _voice(path, call_sid, phone, Digits=digits)


def _voice(path, call_sid, phone, **extra):
    params = {
        "CallSid": call_sid,
        "AccountSid": PLAYGROUND_ACCOUNT_SID,
        "From": phone,
        "To": settings.TWILIO_FROM_NUMBER or PORTAL_NUMBER,
        "CallStatus": "in-progress",
        "Direction": "inbound",
        # As a phone company vouches for most callers' numbers (full STIR/SHAKEN attestation).
        "StirVerstat": "TN-Validation-Passed-A",
        **extra,
    }
    response = post_signed(path, params)
    if response.status_code != 200:
        raise RuntimeError(f"the voice webhook answered {response.status_code}: {response.content[:200]!r}")
    root = ElementTree.fromstring(response.content)
    says = [Said(say.get("language", ""), say.text or "") for say in root.iter("Say")]
    gather, redirect, dial = root.find("Gather"), root.find("Redirect"), root.find("Dial")
    next_url = gather.get("action") if gather is not None else (redirect.text if redirect is not None else "")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    next_path = next_url[len(base) :] if next_url and next_url.startswith(base) else ""
    return Heard(says, next_path, (dial.text or "").strip() if dial is not None else "")
