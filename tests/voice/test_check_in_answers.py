"""Answering a check-in by keypad: 5 on the main menu, only for the number a check-in waits on, then 1 OK,
2 call me, 3 help now, recorded exactly as the texted answers are (tests/checkins/test_replies.py)."""

from datetime import time

import pytest
from django.core import mail

from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert
from portal.messaging.models import HelpRequest
from portal.voice import prompts
from portal.voice.models import Call
from tests.accounts.builders import make_survivor
from tests.checkins.conftest import checkin_settings, due_now, make_checkin_plan  # noqa: F401
from tests.voice.calls import CALLER, call_in, new_sid, press, said

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "es", "vi"]
VOICES = {"en": "en-US", "es": "es-US", "vi": "vi-VN"}


def sent_check_in(organization, advocate, language, *, code_word=""):
    survivor = make_survivor(organization, phone=CALLER, language=language)
    if code_word:
        survivor.contact.code_word = code_word
        survivor.contact.save(update_fields=["code_word"])
    plan = make_checkin_plan(survivor, advocate=advocate, start=time(0), end=time(0))
    check_in = due_now(plan)
    dispatch_checkins()
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT
    return check_in


def assert_recorded_like_a_text(check_in, advocate, status):
    """A keypad answer is recorded as the texted one is (tests/checkins/test_replies.py): the check-in's
    status, and for "call me" or "help now" one help request from the phone, assigned to her advocate, and
    the one alert for her advocate."""
    check_in.refresh_from_db()
    assert check_in.status == status and check_in.answered_at is not None
    requests = HelpRequest.objects.filter(contact=check_in.plan.survivor.contact)
    alerts = CheckInAlert.objects.filter(check_in=check_in)
    if status == CheckIn.Status.OK:
        assert not requests.exists() and not alerts.exists()
        return
    help_request = requests.get()
    urgent = status == CheckIn.Status.HELP_NOW
    assert help_request.source == HelpRequest.Source.VOICE and help_request.urgent == urgent
    assert help_request.conversation.assigned_to == advocate and help_request.conversation.urgent == urgent
    kind = CheckInAlert.Kind.HELP_NOW if urgent else CheckInAlert.Kind.CALL_ME
    assert [(alert.kind, alert.for_user) for alert in alerts] == [(kind, advocate)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_choice_is_offered_first_only_to_her_with_her_code_word(client, organization, advocate, language):
    sent_check_in(organization, advocate, language, code_word="Sunflower")
    menu = call_in(client, new_sid(), CALLER)
    choice = said(prompts.CHECKIN_CHOICE, language)
    assert menu.languages == {VOICES[language]}
    spoken = menu.gather.find("Say").text
    assert spoken.startswith("Sunflower. " + choice) and said(prompts.MAIN_MENU, language) in spoken
    assert "raffick" not in menu.text
    if language != "en":
        for prompt in (prompts.CHECKIN_CHOICE, prompts.CHECKIN_MENU, prompts.CHECKIN_THANKS, prompts.TALK_NOW):
            assert said(prompt, language) != said(prompt, "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_choice_without_a_waiting_check_in(client, organization, advocate, language):
    make_survivor(organization, phone=CALLER, language=language)
    sid = new_sid()
    menu = call_in(client, sid, CALLER)
    assert said(prompts.CHECKIN_CHOICE, language) not in menu.text
    assert said(prompts.MAIN_MENU, language) in menu.text
    again = press(client, sid, "menu", "5")  # a wrong key, as for anyone
    assert said(prompts.NOT_UNDERSTOOD, language) in again.text
    assert said(prompts.CHECKIN_MENU, language) not in again.text
    assert Call.objects.get(call_sid=sid).step == Call.Step.MENU


def test_an_answered_check_in_is_no_longer_offered(client, organization, advocate):
    check_in = sent_check_in(organization, advocate, "en")
    CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.OK)
    menu = call_in(client, new_sid(), CALLER)
    assert said(prompts.CHECKIN_CHOICE, "en") not in menu.text


def test_another_number_never_hears_the_choice(client, organization, advocate):
    sent_check_in(organization, advocate, "en")
    sid = new_sid()
    call_in(client, sid, "+17135550178")
    menu = press(client, sid, "language", "*", caller="+17135550178")
    assert said(prompts.CHECKIN_CHOICE, "en") not in menu.text
    assert said(prompts.CHECKIN_MENU, "en") not in press(client, sid, "menu", "5", caller="+17135550178").text


@pytest.mark.parametrize("language", LANGUAGES)
def test_1_records_ok_and_raises_nothing(client, organization, advocate, language):
    check_in = sent_check_in(organization, advocate, language)
    sid = new_sid()
    call_in(client, sid, CALLER)
    ask = press(client, sid, "menu", "5")
    assert said(prompts.CHECKIN_MENU, language) in ask.text and ask.gather.get("action").endswith("/step/checkin/")
    thanks = press(client, sid, "checkin", "1")
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.OK and check_in.answered_at is not None
    assert not HelpRequest.objects.filter(contact=check_in.plan.survivor.contact).exists()
    assert not CheckInAlert.objects.filter(check_in=check_in).exists()
    assert thanks.languages == {VOICES[language]}
    assert said(prompts.CHECKIN_THANKS, language) in thanks.text and said(prompts.TALK_NOW, language) in thanks.text
    assert press(client, sid, "answered", "").has("Hangup")


@pytest.mark.parametrize("language", LANGUAGES)
def test_2_asks_for_a_call_as_the_texted_answer_does(client, organization, advocate, language):
    check_in = sent_check_in(organization, advocate, language)
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "menu", "5")
    heard = press(client, sid, "checkin", "2")
    assert_recorded_like_a_text(check_in, advocate, CheckIn.Status.CALL_ME)
    assert said(prompts.CALLBACK_ASKED, language) in heard.text and said(prompts.TALK_NOW, language) in heard.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_3_is_help_now_urgent_and_tells_on_call(
    client, organization, advocate, language, django_capture_on_commit_callbacks
):
    check_in = sent_check_in(organization, advocate, language)
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "menu", "5")
    with django_capture_on_commit_callbacks(execute=True):
        heard = press(client, sid, "checkin", "3")
    assert_recorded_like_a_text(check_in, advocate, CheckIn.Status.HELP_NOW)
    assert [message.to for message in mail.outbox] == [["oncall@example.org"]]
    assert said(prompts.MARKED_URGENT, language) in heard.text and said(prompts.EMERGENCY, language) in heard.text
    put_through = press(client, sid, "answered", "0")
    assert put_through.has("Dial")


def test_the_same_request_twice_records_one_answer(client, organization, advocate):
    check_in = sent_check_in(organization, advocate, "es")
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "menu", "5")
    first = press(client, sid, "checkin", "3")
    answered_at = CheckIn.objects.get(pk=check_in.pk).answered_at
    second = press(client, sid, "checkin", "3")
    assert second.text == first.text
    assert CheckIn.objects.get(pk=check_in.pk).answered_at == answered_at
    assert CheckInAlert.objects.filter(check_in=check_in).count() == 1
    assert HelpRequest.objects.filter(contact=check_in.plan.survivor.contact).count() == 1
    assert Call.objects.get(call_sid=sid).check_in_answer == "help_now"


def test_a_hang_up_after_the_key_keeps_the_answer(client, organization, advocate):
    check_in = sent_check_in(organization, advocate, "vi")
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "menu", "5")
    press(client, sid, "checkin", "2")  # then the line drops
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.CALL_ME
    again = call_in(client, new_sid(), CALLER)  # resumes: nothing waits any more, so the menu
    assert said(prompts.MAIN_MENU, "vi") in again.text and said(prompts.CHECKIN_CHOICE, "vi") not in again.text
    assert CheckInAlert.objects.filter(check_in=check_in).count() == 1


def test_a_wrong_key_at_the_check_in_asks_again(client, organization, advocate):
    check_in = sent_check_in(organization, advocate, "en")
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "menu", "5")
    again = press(client, sid, "checkin", "7")
    assert said(prompts.NOT_UNDERSTOOD, "en") in again.text and said(prompts.CHECKIN_MENU, "en") in again.text
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.SENT


# What Twilio passes as StirVerstat when her carrier did not fully vouch for the number, or none at all.
UNVOUCHED = ["TN-Validation-Passed-B", "TN-Validation-Passed-C", "TN-Validation-Failed-A", "No-TN-Validation", None]


@pytest.mark.parametrize("attestation", UNVOUCHED)
def test_a_caller_id_her_carrier_did_not_vouch_for_cannot_answer_her_check_in(
    client, organization, advocate, attestation
):
    """A forged caller ID must not be able to say she is OK: without full attestation the caller hears the
    menu anyone hears, 5 is a wrong key, and her check-in still waits for her."""
    check_in = sent_check_in(organization, advocate, "es", code_word="Sunflower")
    sid = new_sid()
    menu = call_in(client, sid, CALLER, StirVerstat=attestation)
    assert said(prompts.CHECKIN_CHOICE, "es") not in menu.text and "Sunflower" not in menu.text
    again = press(client, sid, "menu", "5", StirVerstat=attestation)
    assert said(prompts.NOT_UNDERSTOOD, "es") in again.text
    press(client, sid, "checkin", "1", StirVerstat=attestation)  # straight to the step: still nothing
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT and check_in.answered_at is None
    assert Call.objects.get(call_sid=sid).check_in_answer == ""


def test_a_verified_caller_id_on_a_later_request_does_not_verify_the_call(client, organization, advocate):
    """Whether the number is vouched for is read once, as the call comes in, not from each key press."""
    check_in = sent_check_in(organization, advocate, "en")
    sid = new_sid()
    call_in(client, sid, CALLER, StirVerstat="No-TN-Validation")
    press(client, sid, "menu", "5")
    press(client, sid, "checkin", "1")
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT


def test_an_operator_may_accept_unvouched_callers(client, organization, advocate, settings):
    settings.VOICE_CHECK_IN_NEEDS_VERIFIED_CALLER = False
    check_in = sent_check_in(organization, advocate, "vi")
    sid = new_sid()
    menu = call_in(client, sid, CALLER, StirVerstat=None)
    assert said(prompts.CHECKIN_CHOICE, "vi") in menu.text
    press(client, sid, "menu", "5", StirVerstat=None)
    press(client, sid, "checkin", "1", StirVerstat=None)
    assert_recorded_like_a_text(check_in, advocate, CheckIn.Status.OK)
