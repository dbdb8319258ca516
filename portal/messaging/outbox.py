"""Sending what is in the outbox: exactly once, at a safe time, with retries, or not at all.

Every rule that decides whether a queued text goes out lives here and is applied at send
time, not only when the text was queued: the contact may have opted out, said "wrong number",
or the safe window may have closed while the text waited.
"""

import json
import logging
import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.core.phones import may_text

from .backends import (
    OutgoingSMS,
    OutsideWhatsAppWindow,
    PermanentSendError,
    RecipientOptedOut,
    TransientSendError,
    get_backend,
)
from .channels import Channel, whatsapp_template, whatsapp_window_open
from .models import Contact, OutboundMessage
from .opt_out import mark_opted_out, may_send
from .safe_hours import current_window_end, next_window_start
from .statuses import DeliveryStatus, advance_status

logger = logging.getLogger(__name__)

# Twilio accepts a ValidityPeriod of 1 to 36000 seconds; a few seconds is not worth trying.
MAX_VALIDITY = 36000
MIN_VALIDITY = 15


def schedule_delivery(message_id: int, when: datetime | None = None) -> None:
    """Ask the task backend to deliver a message now, or at `when` if it can defer tasks.

    Backends that cannot defer (the immediate one) leave later attempts to `drain_outbox`
    (`manage.py send_queued_sms`), which picks up every due message.
    """
    from django_tasks import task_backends

    from .tasks import deliver_outbound_message

    now = timezone.now()
    if when is None or when <= now:
        deliver_outbound_message.enqueue(message_id)
    elif task_backends[deliver_outbound_message.backend].supports_defer:
        # RQ keeps scheduled times in whole seconds and may run a task up to a second early, when
        # the text is not yet due and the task would do nothing: ask for the next whole second.
        run_after = when.replace(microsecond=0) + timedelta(seconds=1) if when.microsecond else when
        deliver_outbound_message.using(run_after=run_after).enqueue(message_id)


def schedule_deliveries(message_ids: Iterable[int]) -> None:
    """Ask the task backend to deliver many messages now, as one task: a dispatcher queuing
    hundreds of texts writes one task row, not hundreds. Each is still sent through deliver(),
    so claims, safe hours, opt-out and retries work exactly as for a single text."""
    from .tasks import deliver_outbound_messages

    deliver_outbound_messages.enqueue(list(message_ids))


def status_callback_url() -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("sms_status")


def call_url(message: OutboundMessage) -> str:
    """Where Twilio asks what to say when she answers a check-in call: the voice line's step for it,
    by URL name (messaging does not import the voice line), absolute and signed like every webhook."""
    if message.channel != Channel.CALL:
        return ""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("voice_check_in_call")


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with a little jitter, so a recovered provider is not hit all at once."""
    base = min(settings.SMS_RETRY_MAX_SECONDS, settings.SMS_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    return timedelta(seconds=base * (1 + 0.1 * random.random()))  # noqa: S311 (not a secret)


def _claim(message_id, now):
    """Take the message for this worker; False if it is not due or another worker has it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    return bool(
        OutboundMessage.objects.filter(
            free, pk=message_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).update(claimed_until=now + timedelta(seconds=settings.SMS_CLAIM_SECONDS))
    )


def deliver(message_id: int, now: datetime | None = None) -> str:
    """Try to send one outbox message; returns a word saying what happened (for logs and tests).

    A sign-in code that fails on WhatsApp goes once more by SMS (send_code_by_sms_instead)."""
    now = now or timezone.now()
    outcome = _deliver(message_id, now)
    if outcome == DeliveryStatus.FAILED:
        send_code_by_sms_instead(OutboundMessage.objects.filter(pk=message_id), now)
    return outcome


def _deliver(message_id, now):
    if not _claim(message_id, now):
        return "not-due"
    message = OutboundMessage.objects.select_related("contact").get(pk=message_id)
    this = OutboundMessage.objects.filter(pk=message_id)
    contact = message.contact

    refusal = _why_not_send(contact, message.purpose, message.channel)
    if refusal:
        return _finish(this, DeliveryStatus.CANCELLED, refusal)
    if now >= message.expires_at - timedelta(seconds=MIN_VALIDITY):
        return _finish(this, DeliveryStatus.EXPIRED, "expired")

    window_end = message.expires_at if message.is_prompt_reply else current_window_end(contact, now)
    validity = int((min(window_end, message.expires_at) - now).total_seconds()) if window_end else 0
    if validity < MIN_VALIDITY:
        return _wait_for_safe_hours(this, message, now, after=window_end)

    refusal, content_sid, content_variables = _whatsapp_form(message, now)
    if refusal:
        # Final and visible to staff; never retried as an SMS, which she did not choose.
        return _finish(this, DeliveryStatus.FAILED, refusal)

    return _send(this, message, now, validity, content_sid, content_variables)


def _send(this, message, now, validity, content_sid="", content_variables=""):
    """Hand the message to the provider and record what it answered."""
    contact = message.contact
    sms = OutgoingSMS(
        to=contact.phone,
        body=message.body,
        message_id=message.pk,
        validity_period=min(validity, MAX_VALIDITY),
        status_callback=status_callback_url(),
        channel=message.channel,
        content_sid=content_sid,
        content_variables=content_variables,
        call_url=call_url(message),
    )
    try:
        result = get_backend().send(sms)
    except RecipientOptedOut as error:
        mark_opted_out(Contact.objects.filter(pk=contact.pk), now, channel=message.channel)
        return _finish(this, DeliveryStatus.FAILED, error.code)
    except OutsideWhatsAppWindow as error:
        return _outside_the_window(this, message, now, validity, error.code, sent_as_template=bool(content_sid))
    except PermanentSendError as error:
        return _finish(this, DeliveryStatus.FAILED, error.code)
    except TransientSendError as error:
        return _retry(this, message, now, error.code)
    except Exception as error:  # an unknown failure must not lose the message
        logger.exception("SMS backend raised %s for outbound message %s", type(error).__name__, message.pk)
        return _retry(this, message, now, "error")
    advance_status(
        this,
        DeliveryStatus.SUBMITTED,
        provider_sid=result.provider_sid,
        submitted_at=now,
        attempts=message.attempts + 1,
        claimed_until=None,
        error_code="",
    )
    return "submitted"


def _outside_the_window(this, message, now, validity, code, sent_as_template):
    """WhatsApp refused as free text a message we believed inside her window (Twilio error 63016).

    Her window is recorded as closed (what follows goes as a template until she writes again) and this
    message goes again at once, as the approved template for its language and purpose, or fails as
    "no-template" like any message outside the window. A template refused the same way is not tried again.
    """
    this.update(window_refused_at=now)
    if sent_as_template or message.channel != Channel.WHATSAPP:
        return _finish(this, DeliveryStatus.FAILED, code)
    refusal, content_sid, content_variables = _whatsapp_form(message, now)
    if refusal:
        return _finish(this, DeliveryStatus.FAILED, refusal)
    return _send(this, message, now, validity, content_sid, content_variables)


def resend_outside_the_window(provider_sid: str, now: datetime | None = None) -> OutboundMessage | None:
    """A status callback says WhatsApp refused a free text Twilio had taken (error 63016).

    Her window is recorded as closed, and the same text is queued once more as a new outbox row
    (`resend_of` the refused one) that goes as the approved template; with no template for its language
    and purpose the refused row says "no-template" and nothing more is queued. A repeated callback, or
    one about a resend, queues nothing: the conditional update lets exactly one callback through.
    """
    now = now or timezone.now()
    refused = OutboundMessage.objects.filter(
        provider_sid=provider_sid, channel=Channel.WHATSAPP, window_refused_at__isnull=True
    ).exclude(purpose=OutboundMessage.Purpose.SIGN_IN_CODE)  # a code goes by SMS instead
    message = refused.first()
    if message is None or not refused.filter(pk=message.pk).update(window_refused_at=now):
        return None
    if message.resend_of_id is not None:
        return None
    if not whatsapp_template(message.language, message.purpose):
        OutboundMessage.objects.filter(pk=message.pk).update(error_code="no-template")
        return None
    resend = _queue_again(message, now, conversation_id=message.conversation_id, sent_by_id=message.sent_by_id)
    transaction.on_commit(lambda: schedule_delivery(resend.pk))
    return resend


def send_code_by_sms_instead(failed: QuerySet[OutboundMessage], now: datetime | None = None) -> OutboundMessage | None:
    """A sign-in code WhatsApp did not deliver goes once more, by SMS, so she is never locked out.

    `failed` selects the code's outbox row: WhatsApp's template was refused on sending or reported failed or
    undelivered (she is not on WhatsApp, has blocked us there, or the template is gone). The same text,
    code word and expiry go as a new row by SMS (`resend_of` the failed one), through every rule of the
    outbox; an opt-out still stops it. Anything else (not a code, not WhatsApp, a resend, a repeated
    callback) queues nothing: one resend per code, as `resend_of` is unique.
    """
    message = failed.filter(
        purpose=OutboundMessage.Purpose.SIGN_IN_CODE, channel=Channel.WHATSAPP, resend_of__isnull=True
    ).first()
    if message is None or OutboundMessage.objects.filter(resend_of=message).exists():
        return None
    try:
        with transaction.atomic():
            resend = _queue_again(message, now or timezone.now(), channel=Channel.SMS)
    except IntegrityError:  # another worker or callback queued it a moment ago
        return None
    transaction.on_commit(lambda: schedule_delivery(resend.pk))
    return resend


def _queue_again(message, now, **changes):
    """A new outbox row for the same text (`resend_of` the first, unique: one resend per message)."""
    return OutboundMessage.objects.create(
        **{
            "contact_id": message.contact_id,
            "purpose": message.purpose,
            "template": message.template,
            "language": message.language,
            "channel": message.channel,
            "body": message.body,
            "segments": message.segments,
            "is_prompt_reply": message.is_prompt_reply,
            "next_attempt_at": now,
            "expires_at": message.expires_at,
            "resend_of": message,
            **changes,
        }
    )


def _why_not_send(contact, purpose, channel):
    """Why a queued text must never go out to this contact now, or "" if it may."""
    if not may_send(contact, purpose, channel):
        return "wrong-number" if contact.wrong_number_at else "opted-out"
    if not contact.phone:
        # Her number was released to another case: what was queued for her must not reach whoever has it now.
        return "no-number"
    if not may_text(contact.phone):
        return "region"
    return ""


def _whatsapp_form(message, now):
    """How a WhatsApp message may go now: (refusal, content_sid, content_variables); an SMS just goes.

    Inside WhatsApp's 24-hour window (channels.in_whatsapp_window) it goes as free text, except a sign-in
    code, which always goes as its template. Outside it only an approved template for the message's
    language and purpose may go, with the text (or its template_variables) as its variables; with none
    configured the message is refused ("no-template"), never sent as free text (WhatsApp would refuse
    it). Without TWILIO_WHATSAPP_FROM WhatsApp is off. Only a sign-in code that cannot go this way goes
    again by SMS (send_code_by_sms_instead).
    """
    if message.channel != Channel.WHATSAPP:
        return "", "", ""
    if not settings.TWILIO_WHATSAPP_FROM:
        return "whatsapp-off", "", ""
    # A sign-in code always goes as its authentication template, with the code as its only variable:
    # WhatsApp accepts a code in nothing else, and she is usually outside her window when she signs in.
    is_code = message.purpose == OutboundMessage.Purpose.SIGN_IN_CODE
    if not is_code and whatsapp_window_open(message.contact, now):
        return "", "", ""
    content_sid = whatsapp_template(message.language, message.purpose)
    if not content_sid:
        return "no-template", "", ""
    return "", content_sid, message.template_variables or json.dumps({"1": message.body}, ensure_ascii=False)


def _finish(this, status, code=""):
    advance_status(this, status, error_code=str(code)[:20], claimed_until=None)
    logger.info("outbound message %s: %s (%s)", this.values_list("pk", flat=True).first(), status, code)
    return str(status)


def _retry(this, message, now, code):
    attempts = message.attempts + 1
    if attempts >= settings.SMS_MAX_ATTEMPTS:
        this.update(attempts=attempts)
        return _finish(this, DeliveryStatus.FAILED, code)
    when = now + retry_delay(attempts)
    if when >= message.expires_at:
        this.update(attempts=attempts)
        return _finish(this, DeliveryStatus.EXPIRED, code)
    this.filter(status=DeliveryStatus.PENDING).update(
        attempts=attempts, next_attempt_at=when, claimed_until=None, error_code=str(code)[:20]
    )
    schedule_delivery(message.pk, when)
    return "retrying"


def _wait_for_safe_hours(this, message, now, after=None):
    """Outside the safe window: wait for the next one, or expire rather than arrive late."""
    opens = next_window_start(message.contact, max(now, after or now) + timedelta(seconds=1))
    if message.is_prompt_reply or opens >= message.expires_at:
        return _finish(this, DeliveryStatus.EXPIRED, "unsafe-hours")
    this.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=opens, claimed_until=None)
    schedule_delivery(message.pk, opens)
    return "waiting"


def drain_outbox(limit: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Deliver every message that is due; safe to run from several workers at once."""
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    due = (
        OutboundMessage.objects.filter(free, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)
    )
    outcomes: dict[str, int] = {}
    for pk in list(due[:limit] if limit else due):
        outcome = deliver(pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
