"""What an incoming text does. Stored once (unique MessageSid) in the same transaction as its effects."""

from django.db import transaction
from django.utils import timezone, translation

from portal.checkins.replies import answer_check_in
from portal.core.language_guess import guess_language
from portal.core.templatetags.numbers import ltr_text
from portal.directory import by_text

from . import keywords, proposals, texts
from .api import send_sms
from .help_requests import cancel_pending, open_conversation, open_help_request
from .models import Contact, Conversation, HelpRequest, InboundMessage, OutboundMessage, ProposedSettings

MAX_BODY = 5000
# Actions that are about the number itself, never an answer to a check-in or a directory request.
NUMBER_ACTIONS = {keywords.STOP, keywords.STOP_UNSURE, keywords.START, keywords.LANGUAGE, keywords.WRONG_NUMBER}


def receive_sms(message_sid, sender, body):
    """Store an incoming text and act on it; a repeated MessageSid changes nothing.

    Returns (InboundMessage, created). Raises InvalidPhoneNumber for a sender we cannot text back.
    """
    body = (body or "")[:MAX_BODY]
    with transaction.atomic():
        contact, new_contact = Contact.objects.get_or_create_for_phone(sender)
        inbound, created = InboundMessage.objects.get_or_create(
            message_sid=message_sid, defaults={"contact": contact, "body": body}
        )
        if created:
            _act_on(inbound, contact, new_contact)
    return inbound, created


def reply_language(contact, new_contact, keyword, body):
    """The language to answer in: the one the text is written in, else the number's, else English.

    English-looking words ("OK", "SOS", "STOP") do not switch a known number out of its language.
    """
    written_in = (keyword.language if keyword else None) or guess_language(body)
    if new_contact:
        return written_in or contact.language
    return written_in if written_in not in (None, "en") else contact.language


def _act_on(inbound, contact, new_contact):
    keyword = keywords.match_keyword(inbound.body)
    language = reply_language(contact, new_contact, keyword, inbound.body)
    if new_contact and language != contact.language:
        contact.language = language
        contact.save(update_fields=["language"])
    open_thread = contact.conversations.filter(status=Conversation.Status.OPEN).first()
    action = keyword.action if keyword else ""
    now = timezone.now()

    if action == keywords.STOP:
        Contact.objects.filter(pk=contact.pk, opted_out_at__isnull=True).update(opted_out_at=now)
        contact.opted_out_at = contact.opted_out_at or now
        cancel_pending(contact)
        if not keywords.is_carrier_word(inbound.body):
            _reply(contact, texts.OPTED_OUT, open_thread, language, OutboundMessage.Purpose.OPT_OUT_CONFIRMATION)
    elif action == keywords.STOP_UNSURE:
        # Never act on a guess: say the one word that stops everything, and let a person read the rest.
        _reply(contact, texts.STOP_QUESTION, open_thread, language)
    elif action == keywords.START:
        Contact.objects.filter(pk=contact.pk).update(opted_out_at=None, wrong_number_at=None)
        contact.opted_out_at = contact.wrong_number_at = None
        if not keywords.is_carrier_word(inbound.body):
            _reply(contact, texts.OPTED_IN, open_thread, language)
    elif action == keywords.LANGUAGE:
        Contact.objects.filter(pk=contact.pk).update(language=keyword.language)
        contact.language = keyword.language
        _reply(contact, texts.LANGUAGE_CHANGED, open_thread, keyword.language)
    elif action == keywords.WRONG_NUMBER:
        Contact.objects.filter(pk=contact.pk, wrong_number_at__isnull=True).update(wrong_number_at=now)
        cancel_pending(contact)
        ProposedSettings.objects.filter(contact=contact).delete()
        # Shown in the advocate's queue, flagged by the contact's wrong-number date.
        open_thread = open_thread or open_conversation(contact)[0]
    elif action == keywords.YES and proposals.confirm(contact):
        action = "settings_confirmed"
        _reply(contact, texts.SETTINGS_CONFIRMED, open_thread, contact.language)
    elif action not in NUMBER_ACTIONS and (directory_request := by_text.parse(inbound.body)) is not None:
        action = "directory"
        _answer_directory_request(contact, directory_request, open_thread, directory_request.language or language)
    elif (check_in := answer_check_in(contact, inbound.body, action, language)) is not None:
        # A survivor answering a check-in (portal.checkins.replies); other texts go on below.
        action, open_thread = check_in.keyword, check_in.conversation or open_thread
    elif action == keywords.URGENT_HELP or open_thread is None:
        urgent = action == keywords.URGENT_HELP
        help_request, created = open_help_request(
            contact, source=HelpRequest.Source.SMS, message=inbound.body, urgent=urgent
        )
        open_thread = help_request.conversation
        # The carrier has already answered HELP; a second answer from us would be noise.
        if (created or urgent) and action != keywords.CARRIER_HELP:
            template = texts.TEXT_RECEIVED_NEW if new_contact else texts.TEXT_RECEIVED
            _reply(contact, template, open_thread, language, context=_other_languages(language))
    # Anything else from someone with an open conversation simply joins it.

    inbound.keyword = action
    inbound.conversation = open_thread
    inbound.save(update_fields=["keyword", "conversation"])
    if open_thread is not None:
        Conversation.objects.filter(pk=open_thread.pk).update(last_message_at=now)


def _other_languages(language):
    """How to switch: Spanish for an English text, English for the others (two segments leave room for one name)."""
    return {"languages": keywords.language_name("es" if language == "en" else "en")}


def _answer_directory_request(contact, request, conversation, language):
    """Up to three services open now near the ZIP code, named in the language the words were in."""
    language = language or contact.language
    with translation.override(language):
        services = by_text.services_for(request)
    if not services:
        return _reply(contact, texts.DIRECTORY_NONE, conversation, language, context={"zip": request.zip_code})
    bidi = translation.get_language_info(language)["bidi"]
    places = "; ".join(f"{service.name} {ltr_text(service.phone) if bidi else service.phone}" for service in services)
    return _reply(
        contact, texts.DIRECTORY_RESULTS, conversation, language, context={"zip": request.zip_code, "places": places}
    )


def _reply(contact, template, conversation, language, purpose=OutboundMessage.Purpose.REPLY, context=None):
    return send_sms(
        contact,
        template,
        context,
        language=language or contact.language,
        purpose=purpose,
        conversation=conversation,
        prompt_reply=True,
    )
