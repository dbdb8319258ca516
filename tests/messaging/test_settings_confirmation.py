"""Text settings belong to whoever holds the phone: a form proposes, the phone's YES decides."""

from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.messaging import texts
from portal.messaging.inbound import receive_sms
from portal.messaging.models import Contact, OutboundMessage, ProposedSettings
from tests.messaging.conftest import HOUSTON, make_contact
from tests.messaging.test_help_form import answers

pytestmark = pytest.mark.django_db
NOON_CENTRAL = "2026-03-10 18:00:00+00:00"


def settings_of(contact):
    contact.refresh_from_db()
    return (contact.language, contact.code_word, contact.may_identify, contact.safe_hours_start, contact.safe_hours_end)


def reply(body, sid):
    return receive_sms(f"SM{sid:032d}", HOUSTON, body)[0]


def post_form(client, capture, **changes):
    with capture(execute=True):
        response = client.post("/en/help/", answers(**changes))
    assert response.status_code == 302


@time_machine.travel(NOON_CENTRAL, tick=False)
def test_a_new_numbers_settings_apply_at_once(client, django_capture_on_commit_callbacks):
    post_form(client, django_capture_on_commit_callbacks, code_word="Pecan", language="es", safe_time="morning")
    contact = Contact.objects.for_phone(HOUSTON)
    assert settings_of(contact) == ("es", "Pecan", False, time(9), time(12))
    assert not ProposedSettings.objects.exists()
    assert not OutboundMessage.objects.filter(template=texts.CONFIRM_SETTINGS).exists()


@time_machine.travel(NOON_CENTRAL, tick=False)
def test_a_form_for_a_known_number_waits_for_the_phone_to_say_yes(client, django_capture_on_commit_callbacks):
    contact = make_contact(code_word="Pecan", language="vi", start=time(9), end=time(20))
    before = settings_of(contact)

    post_form(client, django_capture_on_commit_callbacks, code_word="Gotcha", may_identify="yes", language="en")
    assert settings_of(contact) == before
    question = OutboundMessage.objects.get(template=texts.CONFIRM_SETTINGS)
    # Neutral, in the phone's own language and with its own code word: nothing of the form shows.
    assert question.language == "vi" and question.body.startswith("Pecan: ")
    assert "Gotcha" not in question.body

    # A second form from someone else changes nothing either; it replaces the waiting proposal.
    post_form(client, django_capture_on_commit_callbacks, code_word="Other", language="ar", safe_time="evening")
    assert settings_of(contact) == before
    assert ProposedSettings.objects.get(contact=contact).code_word == "Other"

    reply("Vâng", 1)
    assert settings_of(contact) == ("ar", "Other", False, time(17), time(21))
    assert not ProposedSettings.objects.exists()
    assert OutboundMessage.objects.filter(template=texts.SETTINGS_CONFIRMED, language="ar").exists()


@time_machine.travel(NOON_CENTRAL, tick=False)
def test_anything_but_yes_keeps_the_old_settings(client, django_capture_on_commit_callbacks):
    contact = make_contact(code_word="Pecan", language="en")
    before = settings_of(contact)
    post_form(client, django_capture_on_commit_callbacks, code_word="Gotcha")
    reply("who is this?", 1)
    reply("wrong number", 2)
    assert settings_of(contact) == before
    assert not ProposedSettings.objects.exists()  # "wrong number" drops the proposal too


def test_a_yes_days_later_changes_nothing(client, django_capture_on_commit_callbacks):
    with time_machine.travel(NOON_CENTRAL, tick=False):
        contact = make_contact(code_word="Pecan")
        before = settings_of(contact)
        post_form(client, django_capture_on_commit_callbacks, code_word="Gotcha")
    with time_machine.travel(timezone.datetime.fromisoformat(NOON_CENTRAL) + timedelta(days=4), tick=False):
        reply("YES", 1)
    assert settings_of(contact) == before


@time_machine.travel(NOON_CENTRAL, tick=False)
def test_the_same_settings_again_ask_nothing(client, django_capture_on_commit_callbacks):
    post_form(client, django_capture_on_commit_callbacks, code_word="Pecan")
    post_form(client, django_capture_on_commit_callbacks, code_word="Pecan")
    assert not OutboundMessage.objects.filter(template=texts.CONFIRM_SETTINGS).exists()
