"""The ways the portal reaches her, SMS, WhatsApp and (for check-ins only) a phone call, and the rules
that differ between them.

All reach the same person through the same number: one Contact, one opt-out, the same safe hours,
code word and discretion. Only the address Twilio uses and WhatsApp's 24-hour rule differ. Which way
a message the portal starts goes is decided in one place, messaging.api.channel_for.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WHATSAPP_PREFIX = "whatsapp:"
# WhatsApp lets a business write freely only within 24 hours of the person's last message to it.
WHATSAPP_WINDOW = timedelta(hours=24)


class Channel(models.TextChoices):
    SMS = "sms", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    # Only for check-ins: the outbox places a call whose answer is the voice line's keypad.
    CALL = "call", _("Phone call")


class StopScope(models.TextChoices):
    EVERY_CHANNEL = "all", _("Every way we reach you")
    ITS_CHANNEL = "channel", _("Only the app you send it from")


# The ways a text can go (her texts, an advocate's messages, what comes in): never a call.
TEXT_CHANNELS = [(Channel.SMS.value, Channel.SMS.label), (Channel.WHATSAPP.value, Channel.WHATSAPP.label)]


def split_address(sender):
    """Twilio's `From` -> (channel, the bare number). "whatsapp:+1713..." is the same number as "+1713..."."""
    sender = (sender or "").strip()
    if sender.lower().startswith(WHATSAPP_PREFIX):
        return Channel.WHATSAPP, sender[len(WHATSAPP_PREFIX) :]
    return Channel.SMS, sender


def whatsapp_address(e164):
    return WHATSAPP_PREFIX + e164


def in_whatsapp_window(last_inbound_at, now):
    """Whether a free-text WhatsApp message may go to her at `now`.

    WhatsApp's rule: a business may send free text only until 24 hours after the person's last
    WhatsApp message to it; after that (or if she never wrote on WhatsApp) only a template approved
    by WhatsApp may go. `last_inbound_at` is the time of her latest WhatsApp text, or None. The
    window is half open: at exactly 24 hours it has closed, so a boundary case never risks a
    message WhatsApp would refuse.
    """
    return last_inbound_at is not None and now < last_inbound_at + WHATSAPP_WINDOW


def last_whatsapp_inbound_at(contact):
    """When she last wrote to us on WhatsApp, or None."""
    latest = contact.inbound_messages.filter(channel=Channel.WHATSAPP).order_by("-received_at").first()
    return latest.received_at if latest else None


def whatsapp_window_open(contact, now=None):
    """Her window by her last WhatsApp text, unless WhatsApp has since refused a free text (error 63016):
    WhatsApp's word wins over our clock until she writes again."""
    last_inbound_at = last_whatsapp_inbound_at(contact)
    if not in_whatsapp_window(last_inbound_at, now or timezone.now()):
        return False
    return not contact.outbound_messages.filter(window_refused_at__gte=last_inbound_at).exists()


def whatsapp_template(language, purpose):
    """The approved template's Content SID for this language and purpose, or "" when there is none.

    TWILIO_WHATSAPP_TEMPLATES maps (language, purpose) to a Content SID (see portal/settings/base.py).
    Check-ins went as notices before they had a purpose of their own: a "notice" template still serves them.
    """
    templates = settings.TWILIO_WHATSAPP_TEMPLATES
    found = templates.get((language, purpose), "")
    return found or (templates.get((language, "notice"), "") if purpose == "check_in" else "")


def whatsapp_sign_in_ready(language):
    """Whether a sign-in code may go to her by WhatsApp in this language: WhatsApp is on and an approved
    authentication template ("sign_in_code") serves the language. A code always goes as that template, as
    she is usually outside her 24-hour window when she signs in; without one it goes by SMS."""
    return bool(settings.TWILIO_WHATSAPP_FROM and whatsapp_template(language, "sign_in_code"))
