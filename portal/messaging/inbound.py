"""What an incoming text does. Stored once (unique MessageSid) in the same transaction as its effects."""

from django.db import transaction
from django.utils import timezone

from portal.core.language_guess import guess_language

from . import keywords
from .channels import split_address
from .models import Contact, Conversation, InboundMessage
from .routing import IncomingText, route

MAX_BODY = 5000


def receive_sms(message_sid, sender, body):
    """Store an incoming text and act on it; a repeated MessageSid changes nothing.

    `sender` is Twilio's `From`: a number, or "whatsapp:" and a number for WhatsApp. Either way it
    is the same person and the same Contact (one opt-out, one set of safe-contact choices); the
    channel is kept on the message so the answer goes back the way it came.
    Returns (InboundMessage, created). Raises InvalidPhoneNumber for a sender we cannot text back.
    """
    body = (body or "")[:MAX_BODY]
    channel, number = split_address(sender)
    with transaction.atomic():
        contact, new_contact = Contact.objects.get_or_create_for_phone(number)
        inbound, created = InboundMessage.objects.get_or_create(
            message_sid=message_sid, defaults={"contact": contact, "body": body, "channel": channel}
        )
        if created:
            answer(inbound, contact, new_contact)
    return inbound, created


def reply_language(contact, new_contact, keyword, body):
    """The language to answer in: the one the text is written in, else the number's, else English.

    English-looking words ("OK", "SOS", "STOP") do not switch a known number out of its language.
    """
    written_in = (keyword.language if keyword else None) or guess_language(body)
    if new_contact:
        return written_in or contact.language
    return written_in if written_in not in (None, "en") else contact.language


def answer(inbound, contact, new_contact):
    """Hand a new text to the registered handlers (portal.messaging.routing) and file it in its thread."""
    keyword = keywords.match_keyword(inbound.body)
    language = reply_language(contact, new_contact, keyword, inbound.body)
    if new_contact and language != contact.language:
        contact.language = language
        contact.save(update_fields=["language"])
    open_thread = contact.conversations.filter(status=Conversation.Status.OPEN).first()
    text = IncomingText(inbound, contact, new_contact, keyword, language, conversation=open_thread)

    inbound.keyword = route(text)
    inbound.conversation = text.conversation
    inbound.save(update_fields=["keyword", "conversation"])
    if text.conversation is not None:
        now = timezone.now()
        Conversation.objects.filter(pk=text.conversation.pk).update(last_message_at=now, survivor_wrote_at=now)
