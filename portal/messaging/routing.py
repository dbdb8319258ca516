"""How an incoming text finds what it means: handlers that apps register, tried in order.

Any installed app may hold a `text_handlers` module with a `HANDLERS` list; messaging finds them
when the apps are ready (MessagingConfig.ready), so an app below messaging (the directory)
answers texts without importing messaging, and messaging never imports an app above it.

A handler has:
- `priority`: lower goes first. Messaging's own words about the number itself (STOP, START,
  a language, "wrong number") come first, so stopping wins over everything; the fallback that
  opens a help request comes last.
- `matches(text)`: a quick yes or no.
- `handle(text)`: acts, and returns the word stored on the InboundMessage, or None to let the
  next handler try. It may set `text.conversation`, the thread the message joins.

`text` is an IncomingText. Its `reply(...)` queues an answer through the outbox.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from .api import send_sms
from .models import OutboundMessage

HANDLERS_MODULE = "text_handlers"

_handlers = []


def discover_handlers():
    """Collect every installed app's handlers, in priority order (called once, when apps are ready)."""
    found = []
    for app in apps.get_app_configs():
        if module_has_submodule(app.module, HANDLERS_MODULE):
            found.extend(import_module(f"{app.name}.{HANDLERS_MODULE}").HANDLERS)
    _handlers[:] = sorted(found, key=lambda handler: handler.priority)
    return list(_handlers)


def handlers():
    return list(_handlers)


@dataclass
class IncomingText:
    """One incoming text as the handlers see it; `conversation` starts as the number's open thread."""

    inbound: object
    contact: object
    new_contact: bool
    keyword: object  # keywords.Keyword or None
    language: str
    conversation: object = None

    @property
    def body(self):
        return self.inbound.body

    @property
    def channel(self):
        """SMS or WhatsApp: the way this text came, and so the way every answer to it goes."""
        return self.inbound.channel

    @property
    def action(self):
        """The keyword's action ("stop", "urgent_help"...), or "" for ordinary text."""
        return self.keyword.action if self.keyword else ""

    def reply(self, template, context=None, *, language=None, purpose=None):
        """Answer in this message's thread, on its channel, as a prompt reply (it goes now, whatever the safe hours)."""
        return send_sms(
            self.contact,
            template,
            context,
            language=language or self.language or self.contact.language,
            purpose=purpose or OutboundMessage.Purpose.REPLY,
            conversation=self.conversation,
            prompt_reply=True,
            channel=self.channel,
        )


def route(text):
    """Give the text to the first handler that takes it; returns the word to store."""
    for handler in _handlers:
        if handler.matches(text):
            action = handler.handle(text)
            if action is not None:
                return action
    return text.action
