"""The one way any part of the portal sends a text: `send_sms(...)`.

It only writes a row in the outbox, inside the caller's transaction; the text is sent after
commit by a task (portal.messaging.outbox). If the caller's transaction rolls back, nothing is
sent; if the provider is down, the row waits and is retried; nothing is lost.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Contact, Conversation, OutboundMessage
from .safe_text import render_for_contact, segment_count
from .statuses import DeliveryStatus, advance_status


def send_sms(
    to,
    template,
    context=None,
    language=None,
    *,
    purpose=OutboundMessage.Purpose.NOTICE,
    conversation=None,
    sent_by=None,
    prompt_reply=False,
):
    """Queue `template` (a key of messaging.texts.TEMPLATES) for `to` and return the OutboundMessage.

    `to` is a Contact or a phone number in any common form (raises InvalidPhoneNumber).
    `language` defaults to the contact's; the code word and "may we say who we are" choice are
    applied from the contact. `prompt_reply=True` marks an answer to a text the contact sent a
    moment ago: it may go out at once even outside safe hours, but expires within minutes.
    Safe hours and opt-out are checked again when the text is actually sent.
    """
    contact = to if isinstance(to, Contact) else Contact.objects.get_or_create_for_phone(to)[0]
    language = language or contact.language
    body = render_for_contact(template, context, contact, language)
    now = timezone.now()
    lifetime = settings.SMS_PROMPT_REPLY_LIFETIME if prompt_reply else settings.SMS_MESSAGE_LIFETIME
    message = OutboundMessage.objects.create(
        contact=contact,
        conversation=conversation,
        purpose=purpose,
        template=template,
        language=language,
        body=body,
        segments=segment_count(body),
        sent_by=sent_by,
        is_prompt_reply=prompt_reply,
        next_attempt_at=now,
        expires_at=now + timedelta(seconds=lifetime),
    )
    if conversation is not None:
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    if not contact.may_receive and purpose != OutboundMessage.Purpose.OPT_OUT_CONFIRMATION:
        # Recorded for the advocate to see, never sent.
        advance_status(OutboundMessage.objects.filter(pk=message.pk), DeliveryStatus.CANCELLED)
        message.status = DeliveryStatus.CANCELLED
        return message

    from .outbox import schedule_delivery

    transaction.on_commit(lambda: schedule_delivery(message.pk))
    return message
