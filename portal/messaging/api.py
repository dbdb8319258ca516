"""The one way any part of the portal sends a text: `send_sms(...)`.

It only writes a row in the outbox, inside the caller's transaction; the text is sent after
commit by a task (portal.messaging.outbox). If the caller's transaction rolls back, nothing is
sent; if the provider is down, the row waits and is retried; nothing is lost.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .channels import Channel, whatsapp_sign_in_ready
from .models import Contact, Conversation, OutboundMessage
from .opt_out import may_send
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
    use_code_word=True,
    expires_at=None,
    channel=None,
    template_variables=None,
):
    """Queue `template` (a key of messaging.texts.TEMPLATES) for `to` and return the OutboundMessage.

    `to` is a Contact or a phone number in any common form (raises InvalidPhoneNumber).
    `language` defaults to the contact's; the code word and "may we say who we are" choice are
    applied from the contact (`use_code_word=False` leaves the code word out). `prompt_reply=True`
    marks an answer to a text the contact sent a moment ago: it may go out at once even outside
    safe hours, but expires within minutes. `expires_at` makes a text expire sooner than usual
    (a check-in must not arrive after the survivor's safe window closes). `channel` defaults to
    her choice for the purpose (channel_for); an answer to her text passes the text's channel.
    `template_variables` replaces the text as the variables of a WhatsApp template (a sign-in code's
    authentication template takes only the code). Safe hours and opt-out are checked again when the text
    is actually sent.
    """
    contact = to if isinstance(to, Contact) else Contact.objects.get_or_create_for_phone(to)[0]
    now = timezone.now()
    message = _new_message(
        contact,
        template,
        context,
        language,
        now=now,
        purpose=purpose,
        conversation=conversation,
        sent_by=sent_by,
        prompt_reply=prompt_reply,
        use_code_word=use_code_word,
        expires_at=expires_at,
        channel=channel,
        template_variables=template_variables,
    )
    message.save()
    if conversation is not None:
        # A staff member's reply also marks the thread read and answered for the organisation.
        answered = {"staff_seen_at": now, "staff_replied_at": now} if sent_by is not None else {}
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, **answered)
    if _held_back([message]):
        return message

    from .outbox import schedule_delivery

    transaction.on_commit(lambda: schedule_delivery(message.pk))
    return message


def send_sms_many(
    contacts, template, *, languages, use_code_word=True, expires_at, purpose=OutboundMessage.Purpose.NOTICE
):
    """send_sms for many contacts at once (a check-in dispatcher's batch): the same rules, one INSERT.

    `languages` and `expires_at` are lists parallel to `contacts`. After commit the texts go to
    the task backend as one task (outbox.schedule_deliveries); each is still delivered and
    re-checked one by one. Returns the OutboundMessages in the order of `contacts`.
    """
    now = timezone.now()
    messages = [
        _new_message(
            contact, template, None, language, now=now, purpose=purpose, use_code_word=use_code_word, expires_at=expires
        )
        for contact, language, expires in zip(contacts, languages, expires_at, strict=True)
    ]
    OutboundMessage.objects.bulk_create(messages)
    held_back = _held_back(messages)
    message_ids = [message.pk for message in messages if message.pk not in held_back]
    if message_ids:
        from .outbox import schedule_deliveries

        transaction.on_commit(lambda: schedule_deliveries(message_ids))
    return messages


def channel_for(contact, purpose):
    """The way a message the portal starts goes to her, by its purpose: the one place that decides.

    A sign-in code goes the way she chose for codes, but by WhatsApp only while an approved
    authentication template serves her language (channels.whatsapp_sign_in_ready): she is usually
    outside WhatsApp's 24-hour window when she signs in, so a code goes only as that template, and
    without one she could not sign in at all. Otherwise, and whenever she chose SMS, it goes by SMS; a
    code WhatsApp does not deliver goes once more by SMS (outbox.send_code_by_sms_instead). A check-in
    goes the way she chose for check-ins (a text, WhatsApp, or a call the outbox places). Everything else
    (an advocate's message, a notice) goes the way she chose for messages, SMS or WhatsApp, never a call.
    An answer to her own text does not ask: it goes back the way her text came.

    If she stopped WhatsApp alone (opt_out: she chose that a STOP stops only its own app), what would
    have gone by WhatsApp goes by SMS: she asked that the other way still reach her.
    """
    chosen = _chosen_channel(contact, purpose)
    if chosen == Channel.WHATSAPP and contact.stopped_channel == Channel.WHATSAPP:
        return Channel.SMS
    return chosen


def _chosen_channel(contact, purpose):
    if purpose == OutboundMessage.Purpose.SIGN_IN_CODE:
        by_whatsapp = contact.sign_in_channel == Channel.WHATSAPP and whatsapp_sign_in_ready(contact.language)
        return Channel.WHATSAPP if by_whatsapp else Channel.SMS
    if purpose == OutboundMessage.Purpose.CHECK_IN:
        return contact.check_in_channel or Channel.SMS
    return contact.channel if contact.channel != Channel.CALL else Channel.SMS


def _new_message(
    contact,
    template,
    context,
    language,
    *,
    now,
    purpose,
    conversation=None,
    sent_by=None,
    prompt_reply=False,
    use_code_word=True,
    expires_at=None,
    channel=None,
    template_variables=None,
):
    """The outbox row for one text, not yet saved: body rendered for the contact, expiry set."""
    language = language or contact.language
    body = render_for_contact(template, context, contact, language, use_code_word=use_code_word)
    lifetime = settings.SMS_PROMPT_REPLY_LIFETIME if prompt_reply else settings.SMS_MESSAGE_LIFETIME
    return OutboundMessage(
        contact=contact,
        conversation=conversation,
        purpose=purpose,
        template=template,
        language=language,
        channel=channel or channel_for(contact, purpose),
        body=body,
        segments=segment_count(body),
        sent_by=sent_by,
        is_prompt_reply=prompt_reply,
        next_attempt_at=now,
        expires_at=min(filter(None, [expires_at, now + timedelta(seconds=lifetime)])),
        template_variables=json.dumps(template_variables, ensure_ascii=False) if template_variables else "",
    )


def _held_back(messages):
    """Texts to a number that opted out or is a wrong number: recorded for the advocate, never sent."""
    held = {message.pk for message in messages if not may_send(message.contact, message.purpose, message.channel)}
    if held:
        advance_status(OutboundMessage.objects.filter(pk__in=held), DeliveryStatus.CANCELLED)
        for message in messages:
            if message.pk in held:
                message.status = DeliveryStatus.CANCELLED
    return held
