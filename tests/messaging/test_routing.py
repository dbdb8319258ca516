"""Incoming texts reach the handlers that apps register, in priority order, and one home decides who may be texted."""

import pytest

from portal.checkins.text_handlers import CheckInAnswer
from portal.directory.text_handlers import DirectoryByText
from portal.messaging import routing
from portal.messaging.models import Contact, OutboundMessage
from portal.messaging.opt_out import mark_opted_out, may_send
from portal.messaging.text_handlers import HelpRequestFallback, NumberWords, SettingsConfirmation


def test_every_app_s_handlers_are_found_in_order():
    found = [type(handler) for handler in routing.discover_handlers()]
    assert found == [NumberWords, SettingsConfirmation, DirectoryByText, CheckInAnswer, HelpRequestFallback]
    assert routing.handlers() == routing.discover_handlers()


def test_a_handler_that_declines_passes_the_text_on(monkeypatch):
    taken = []

    class Declines:
        priority = 0

        def matches(self, text):
            return True

        def handle(self, text):
            taken.append("declined")

    class Takes(Declines):
        def handle(self, text):
            taken.append("taken")
            return "mine"

    monkeypatch.setattr(routing, "_handlers", [Declines(), Takes()])
    text = routing.IncomingText(inbound=None, contact=None, new_contact=False, keyword=None, language="en")
    assert routing.route(text) == "mine" and taken == ["declined", "taken"]


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", OutboundMessage.Purpose.values)
def test_only_an_opt_out_confirmation_reaches_a_number_that_opted_out_and_nothing_a_wrong_number(purpose):
    contact = Contact.objects.create(phone="+17135550142")
    assert may_send(contact, purpose)
    assert mark_opted_out(Contact.objects.filter(pk=contact.pk)) == 1
    assert mark_opted_out(Contact.objects.filter(pk=contact.pk)) == 0  # the first date stays
    contact.refresh_from_db()
    assert may_send(contact, purpose) == (purpose == OutboundMessage.Purpose.OPT_OUT_CONFIRMATION)
    contact.wrong_number_at = contact.opted_out_at
    assert not may_send(contact, purpose)
