"""Messaging's own answers to a text: the words about the number itself, a YES to new settings,
and, when nothing else took the text, a help request for a person to read.

Other apps add theirs (the directory by ZIP code, check-in answers) in their own text_handlers
module; portal.messaging.routing puts them all in order.
"""

from django.utils import timezone

from . import keywords, proposals, texts
from .channels import Channel
from .help_requests import cancel_pending, open_conversation, open_help_request
from .models import Contact, HelpRequest, OutboundMessage, ProposedSettings
from .opt_out import mark_opted_out, opt_back_in

# Before every other handler: stopping wins over everything.
NUMBER_WORDS = 10
SETTINGS = 20
# After every other handler.
FALLBACK = 1000


def _stop(text):
    contact = text.contact
    mark_opted_out(Contact.objects.filter(pk=contact.pk), channel=text.channel)
    contact.refresh_from_db(fields=["opted_out_at", "stopped_channel"])
    # What waits for her: all of it, or what waits on the channel she stopped alone.
    cancel_pending(contact, channel="" if contact.opted_out_at else contact.stopped_channel)
    # Twilio confirms its own English words by SMS; a second confirmation would be noise. On WhatsApp
    # nobody else answers STOP, so we always confirm.
    if text.channel == Channel.WHATSAPP or not keywords.is_carrier_word(text.body):
        confirmation = texts.OPTED_OUT if contact.opted_out_at else texts.OPTED_OUT_HERE
        text.reply(confirmation, purpose=OutboundMessage.Purpose.OPT_OUT_CONFIRMATION)


def _stop_unsure(text):
    # Never act on a guess: say the one word that stops everything, and let a person read the rest.
    text.reply(texts.STOP_QUESTION)


def _start(text):
    opt_back_in(text.contact)
    if not keywords.is_carrier_word(text.body):
        text.reply(texts.OPTED_IN)


def _language(text):
    language = text.keyword.language
    Contact.objects.filter(pk=text.contact.pk).update(language=language)
    text.contact.language = language
    text.reply(texts.LANGUAGE_CHANGED, language=language)


def _wrong_number(text):
    contact = text.contact
    Contact.objects.filter(pk=contact.pk, wrong_number_at__isnull=True).update(wrong_number_at=timezone.now())
    cancel_pending(contact)
    ProposedSettings.objects.filter(contact=contact).delete()
    # Shown in the advocate's queue, flagged by the contact's wrong-number date.
    text.conversation = text.conversation or open_conversation(contact)[0]


class NumberWords:
    """STOP, START, a language's name, "wrong number", and a near miss of STOP: about the number,
    never an answer to a check-in or a directory request."""

    priority = NUMBER_WORDS
    ACTIONS = {
        keywords.STOP: _stop,
        keywords.STOP_UNSURE: _stop_unsure,
        keywords.START: _start,
        keywords.LANGUAGE: _language,
        keywords.WRONG_NUMBER: _wrong_number,
    }

    def matches(self, text):
        return text.action in self.ACTIONS

    def handle(self, text):
        self.ACTIONS[text.action](text)
        return text.action


class SettingsConfirmation:
    """YES to settings someone proposed on a form for this number (portal.messaging.proposals)."""

    priority = SETTINGS

    def matches(self, text):
        return text.action == keywords.YES

    def handle(self, text):
        if not proposals.confirm(text.contact):
            return None
        text.reply(texts.SETTINGS_CONFIRMED, language=text.contact.language)
        return "settings_confirmed"


class HelpRequestFallback:
    """Urgent words, or a first text with no conversation open: a help request in the queue.
    Anything else from someone with an open conversation simply joins it."""

    priority = FALLBACK

    def matches(self, text):
        return True

    def handle(self, text):
        urgent = text.action == keywords.URGENT_HELP
        if not urgent and text.conversation is not None:
            return text.action
        help_request, created = open_help_request(
            text.contact, source=HelpRequest.Source.SMS, message=text.body, urgent=urgent
        )
        text.conversation = help_request.conversation
        # The carrier has already answered HELP; a second answer from us would be noise.
        if (created or urgent) and text.action != keywords.CARRIER_HELP:
            template = texts.TEXT_RECEIVED_NEW if text.new_contact else texts.TEXT_RECEIVED
            text.reply(template, context=_other_languages(text.language))
        return text.action


def _other_languages(language):
    """How to switch: Spanish for an English text, English for the others (two segments leave room for one name)."""
    return {"languages": keywords.language_name("es" if language == "en" else "en")}


HANDLERS = [NumberWords(), SettingsConfirmation(), HelpRequestFallback()]
