"""SMS backends, chosen by the SMS_BACKEND setting like Django's EMAIL_BACKEND.

A backend only hands one text to a provider and says how that went; everything about
when and whether to send (safe hours, opt-out, retries) lives in portal.messaging.outbox.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingSMS:
    to: str
    body: str
    message_id: int
    # Seconds the provider may keep the text queued before dropping it (Twilio's ValidityPeriod).
    validity_period: int | None = None
    status_callback: str | None = None
    # "sms", "whatsapp" or "call" (portal.messaging.channels.Channel); `to` is always the bare number.
    channel: str = "sms"
    # WhatsApp outside its 24-hour window: an approved template's Content SID, sent instead of `body`,
    # and its variables as JSON.
    content_sid: str = ""
    content_variables: str = ""
    # A call: the absolute URL of the voice step Twilio asks what to say once she answers. The body is
    # not spoken; the voice line says only her code word and the keys.
    call_url: str = ""


@dataclass(frozen=True)
class SendResult:
    provider_sid: str
    status: str = "submitted"


class SendError(Exception):
    def __init__(self, message="", code=""):
        super().__init__(message)
        self.code = str(code or "")


class TransientSendError(SendError):
    """Worth trying again later: the provider is down, slow or asks us to slow down."""


class PermanentSendError(SendError):
    """Trying again will not help: a bad number, a blocked sender."""


class RecipientOptedOut(PermanentSendError):
    """The carrier says this number has opted out (Twilio error 21610)."""


class OutsideWhatsAppWindow(PermanentSendError):
    """WhatsApp refused free text: her 24-hour window is closed (Twilio error 63016). Only a template may go."""


def get_backend(path=None):
    return import_string(path or settings.SMS_BACKEND)()
