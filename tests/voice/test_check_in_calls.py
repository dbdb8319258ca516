"""Check-ins by phone call: the dispatcher puts one call in the outbox, the outbox places it through the real
twilio client (to the fake Twilio on loopback) at a safe time only, and her keypad answer is recorded exactly
as a texted one is (checkins.replies.record_answer).

Every test runs at a fixed instant (time_machine, tick=False) so safe hours mean the same whatever instant
the suite is pinned to (tests/clock.py).
"""

import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail

from portal.checkins.alerts import raise_missed_alerts
from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert
from portal.messaging import send_sms, texts
from portal.messaging.channels import Channel
from portal.messaging.models import Contact, HelpRequest, OutboundMessage
from portal.messaging.outbox import deliver, drain_outbox
from portal.messaging.statuses import DeliveryStatus
from portal.voice import prompts
from portal.voice.models import Call
from tests.accounts.builders import make_survivor
from tests.checkins.conftest import due_now, make_checkin_plan
from tests.messaging.conftest import ACCOUNT_SID, PUBLIC_BASE_URL, inbound_params, post_form, post_signed
from tests.voice.calls import PORTAL_NUMBER, answer_of, said
from tests.voice.test_check_in_answers import assert_recorded_like_a_text

pytestmark = pytest.mark.django_db
CENTRAL = ZoneInfo("America/Chicago")
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=CENTRAL)
MONDAY_LATE = datetime(2026, 11, 23, 23, 30, tzinfo=CENTRAL)
TUESDAY_NINE = datetime(2026, 11, 24, 9, tzinfo=CENTRAL)
HER_NUMBER = "+17135550166"
CALL_URL = "/voice/check-in-call/"
LANGUAGES = ["en", "es", "vi"]
VOICES = {"en": "en-US", "es": "es-US", "vi": "vi-VN"}
# Words that would tell whoever holds her phone what this is (as tests/voice/test_voice_line.py checks).
FORBIDDEN = ["raffick", "buôn", "trata", "portal", "hotline"]


def survivor_called(organization, language="en", *, code_word="", safe=(time(0), time(0))):
    survivor = make_survivor(organization, phone=HER_NUMBER, language=language)
    Contact.objects.filter(pk=survivor.contact_id).update(
        check_in_channel=Channel.CALL, code_word=code_word, safe_hours_start=safe[0], safe_hours_end=safe[1]
    )
    survivor.contact.refresh_from_db()
    return survivor


def dispatched(survivor, advocate, capture):
    """Her check-in is due now; the dispatcher runs and the outbox delivers (on-commit work run)."""
    plan = make_checkin_plan(survivor, advocate=advocate, start=time(0), end=time(0))
    check_in = due_now(plan)
    with capture(execute=True):
        dispatch_checkins()
    check_in.refresh_from_db()
    return check_in


def call_params(message, **extra):
    """What Twilio posts about a call it placed for us: from our number, to hers."""
    return {
        "CallSid": message.provider_sid,
        "AccountSid": ACCOUNT_SID,
        "From": PORTAL_NUMBER,
        "To": HER_NUMBER,
        "CallStatus": "in-progress",
        "Direction": "outbound-api",
        **extra,
    }


def she_answers(client, message, **extra):
    return answer_of(post_signed(client, CALL_URL, call_params(message, **extra)))


def she_presses(client, message, digits):
    return answer_of(post_signed(client, "/voice/step/checkin/", call_params(message, Digits=digits)))


def answered(client, organization, advocate, capture, language, key):
    """Her check-in call placed, answered, and `key` pressed (its on-commit work run): (check-in, what she heard)."""
    check_in = dispatched(survivor_called(organization, language), advocate, capture)
    she_answers(client, check_in.message)
    mail.outbox.clear()
    with capture(execute=True):
        heard = she_presses(client, check_in.message, key)
    check_in.refresh_from_db()
    return check_in, heard


def assert_discreet(heard):
    lowered = heard.text.lower()
    assert not [word for word in FORBIDDEN if word in lowered], heard.text
    assert django_settings.SMS_SENDER_NAME.lower() not in lowered


# The outbox places exactly one call, through the real twilio client, at a safe time only.


@time_machine.travel(MONDAY_NOON, tick=False)
def test_a_check_in_becomes_one_call_placed_through_twilio(
    organization, advocate, fake_twilio, django_capture_on_commit_callbacks
):
    survivor = survivor_called(organization)
    check_in = dispatched(survivor, advocate, django_capture_on_commit_callbacks)
    assert check_in.status == CheckIn.Status.SENT
    messages = OutboundMessage.objects.filter(contact=survivor.contact)
    assert messages.count() == 1
    message = messages.get()
    assert (message.channel, message.purpose, message.status) == (
        Channel.CALL,
        OutboundMessage.Purpose.CHECK_IN,
        DeliveryStatus.SUBMITTED,
    )
    assert check_in.message_id == message.pk
    assert fake_twilio.message_requests == []  # no text
    assert len(fake_twilio.call_requests) == 1
    placed = fake_twilio.calls[0]
    assert (placed["To"], placed["From"]) == (HER_NUMBER, PORTAL_NUMBER)
    assert placed["Url"] == PUBLIC_BASE_URL + CALL_URL
    assert placed["Method"] == "POST"
    assert placed["StatusCallback"] == PUBLIC_BASE_URL + "/sms/status/"
    assert placed["MachineDetection"] == "Enable"
    assert HER_NUMBER not in placed["Url"] and "check_in" not in placed["Url"]
    assert message.provider_sid.startswith("CA")


@time_machine.travel(MONDAY_LATE, tick=False)
def test_at_23_30_outside_her_safe_hours_the_check_in_waits(
    organization, advocate, fake_twilio, django_capture_on_commit_callbacks
):
    survivor = survivor_called(organization, safe=(time(9), time(20)))
    check_in = dispatched(survivor, advocate, django_capture_on_commit_callbacks)
    assert check_in.status == CheckIn.Status.DUE
    assert check_in.due_at == TUESDAY_NINE
    assert not OutboundMessage.objects.filter(contact=survivor.contact).exists()
    assert fake_twilio.requests == []


def test_a_queued_call_waits_in_the_outbox_for_her_safe_hours_then_goes(organization, fake_twilio):
    survivor = survivor_called(organization, safe=(time(9), time(20)))
    with time_machine.travel(MONDAY_LATE, tick=False):
        # Queued while it was safe, delivered only now: the safe window closed meanwhile.
        message = send_sms(survivor.contact, texts.SCHEDULED_CHECK_IN, purpose=OutboundMessage.Purpose.CHECK_IN)
        assert message.channel == Channel.CALL
        assert deliver(message.pk) == "waiting"
    message.refresh_from_db()
    assert (message.status, message.next_attempt_at) == (DeliveryStatus.PENDING, TUESDAY_NINE)
    assert fake_twilio.requests == []
    with time_machine.travel(TUESDAY_NINE + timedelta(seconds=1), tick=False):
        assert drain_outbox() == {"submitted": 1}
    assert len(fake_twilio.calls) == 1


@time_machine.travel(MONDAY_NOON, tick=False)
@pytest.mark.parametrize("failure", ["500", "closed-port"])
def test_provider_down_loses_nothing_the_call_waits_to_retry(
    organization, advocate, fake_twilio, settings, django_capture_on_commit_callbacks, failure
):
    if failure == "500":
        fake_twilio.then("500")
    else:
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{port}"
    survivor = survivor_called(organization)
    check_in = dispatched(survivor, advocate, django_capture_on_commit_callbacks)
    message = OutboundMessage.objects.get(contact=survivor.contact)
    assert (message.status, message.attempts, message.channel) == (DeliveryStatus.PENDING, 1, Channel.CALL)
    assert message.next_attempt_at > MONDAY_NOON
    assert check_in.status == CheckIn.Status.SENT and check_in.message_id == message.pk
    settings.TWILIO_API_BASE_URL = fake_twilio.base_url
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1), tick=False):
        assert drain_outbox() == {"submitted": 1}
    assert len(fake_twilio.calls) == 1
    assert OutboundMessage.objects.filter(contact=survivor.contact).count() == 1


@time_machine.travel(MONDAY_NOON, tick=False)
@pytest.mark.parametrize("sender", [HER_NUMBER, "whatsapp:" + HER_NUMBER])
def test_stop_on_any_channel_stops_calls(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks, sender
):
    survivor = survivor_called(organization)
    queued = send_sms(survivor.contact, texts.SCHEDULED_CHECK_IN, purpose=OutboundMessage.Purpose.CHECK_IN)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_signed(client, "/sms/inbound/", inbound_params("STOP", sender=sender)).status_code == 200
    assert Contact.objects.get(pk=survivor.contact_id).opted_out_at is not None
    # A call queued before her STOP is cancelled with her texts, and never rings.
    assert OutboundMessage.objects.get(pk=queued.pk).status == DeliveryStatus.CANCELLED
    assert deliver(queued.pk) == "not-due"
    check_in = dispatched(survivor, advocate, django_capture_on_commit_callbacks)
    assert (check_in.status, check_in.skip_reason) == (CheckIn.Status.SKIPPED, "opted-out")
    assert fake_twilio.calls == []


@time_machine.travel(MONDAY_NOON, tick=False)
def test_sign_in_codes_stay_sms_and_advocate_messages_never_call(organization, sms_outbox):
    survivor = survivor_called(organization)
    Contact.objects.filter(pk=survivor.contact_id).update(channel=Channel.WHATSAPP)
    survivor.contact.refresh_from_db()
    code = send_sms(
        survivor.contact,
        texts.SIGN_IN_CODE,
        {"code": "123456"},
        prompt_reply=True,
        purpose=OutboundMessage.Purpose.SIGN_IN_CODE,
    )
    advocate_message = send_sms(
        survivor.contact, texts.FREE_TEXT, {"text": "Hello"}, purpose=OutboundMessage.Purpose.ADVOCATE
    )
    check_in = send_sms(survivor.contact, texts.SCHEDULED_CHECK_IN, purpose=OutboundMessage.Purpose.CHECK_IN)
    assert [code.channel, advocate_message.channel, check_in.channel] == [Channel.SMS, Channel.WHATSAPP, Channel.CALL]


# When she answers: only her code word and the keys, in her language.


@time_machine.travel(MONDAY_NOON, tick=False)
@pytest.mark.parametrize("language", LANGUAGES)
def test_she_hears_only_her_code_word_and_the_keys_in_her_language(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks, language
):
    survivor = survivor_called(organization, language, code_word="Sunflower")
    check_in = dispatched(survivor, advocate, django_capture_on_commit_callbacks)
    heard = she_answers(client, check_in.message)
    assert heard.text == "Sunflower. " + said(prompts.CHECKIN_MENU, language)
    assert heard.languages == {VOICES[language]}
    assert heard.gather.get("action") == PUBLIC_BASE_URL + "/voice/step/checkin/"
    for key in "1230":
        assert key in heard.text
    assert said(prompts.GREETING, language) not in heard.text
    assert_discreet(heard)
    if language != "en":
        assert said(prompts.CHECKIN_MENU, language) != said(prompts.CHECKIN_MENU, "en")
    call = Call.objects.get(call_sid=check_in.message.provider_sid)
    assert (call.step, call.language, call.contact_id) == (Call.Step.CHECKIN, language, survivor.contact_id)


@time_machine.travel(MONDAY_NOON, tick=False)
def test_no_code_word_when_her_plan_does_not_use_it(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks
):
    survivor = survivor_called(organization, "es", code_word="Sunflower")
    plan = make_checkin_plan(survivor, advocate=advocate, start=time(0), end=time(0), use_code_word=False)
    check_in = due_now(plan)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_checkins()
    check_in.refresh_from_db()
    heard = she_answers(client, check_in.message)
    assert heard.text == said(prompts.CHECKIN_MENU, "es")


KEYS = [
    ("1", CheckIn.Status.OK, prompts.CHECKIN_THANKS),
    ("2", CheckIn.Status.CALL_ME, prompts.CALLBACK_ASKED),
    ("3", CheckIn.Status.HELP_NOW, prompts.MARKED_URGENT),
]


@time_machine.travel(MONDAY_NOON, tick=False)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("key", "status", "prompt"), KEYS, ids=["1-ok", "2-call-me", "3-help-now"])
def test_each_key_is_recorded_as_the_texted_answer_and_raises_its_alerts(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks, language, key, status, prompt
):
    check_in, heard = answered(client, organization, advocate, django_capture_on_commit_callbacks, language, key)
    assert_recorded_like_a_text(check_in, advocate, status)
    # Help now tells on call, as a texted "3" does; nothing else does.
    on_call = [["oncall@example.org"]] if status == CheckIn.Status.HELP_NOW else []
    assert [message.to for message in mail.outbox] == on_call
    assert said(prompt, language) in heard.text
    assert heard.languages == {VOICES[language]}
    assert_discreet(heard)


@time_machine.travel(MONDAY_NOON, tick=False)
def test_a_retried_request_records_nothing_twice(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks
):
    check_in = dispatched(survivor_called(organization, "vi"), advocate, django_capture_on_commit_callbacks)
    first_answer = she_answers(client, check_in.message)
    assert she_answers(client, check_in.message).text == first_answer.text
    first = she_presses(client, check_in.message, "3")
    answered_at = CheckIn.objects.get(pk=check_in.pk).answered_at
    second = she_presses(client, check_in.message, "3")
    assert second.text == first.text
    # The call's first request again, after the key: it says she answered, and asks nothing more.
    assert said(prompts.CHECKIN_THANKS, "vi") in she_answers(client, check_in.message).text
    assert CheckIn.objects.get(pk=check_in.pk).answered_at == answered_at
    assert CheckInAlert.objects.filter(check_in=check_in).count() == 1
    assert HelpRequest.objects.filter(contact=check_in.plan.survivor.contact).count() == 1
    assert Call.objects.filter(call_sid=check_in.message.provider_sid).count() == 1


# No answer, a voicemail, a forged request.


@time_machine.travel(MONDAY_NOON, tick=False)
@pytest.mark.parametrize("outcome", ["no-answer", "busy", "completed"])
def test_no_key_pressed_leaves_the_check_in_to_the_missed_path(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks, outcome
):
    check_in = dispatched(survivor_called(organization), advocate, django_capture_on_commit_callbacks)
    if outcome == "completed":  # she picked up and hung up before a key
        she_answers(client, check_in.message)
    status = {"CallSid": check_in.message.provider_sid, "AccountSid": ACCOUNT_SID, "CallStatus": outcome}
    assert post_signed(client, "/sms/status/", status).status_code == 204
    message = OutboundMessage.objects.get(pk=check_in.message_id)
    expected = DeliveryStatus.DELIVERED if outcome == "completed" else DeliveryStatus.UNDELIVERED
    assert message.status == expected
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.SENT
    with time_machine.travel(check_in.reply_due_at + timedelta(minutes=1), tick=False):
        assert raise_missed_alerts() == 1
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.MISSED
    alert = CheckInAlert.objects.get(check_in=check_in)
    assert (alert.kind, alert.for_user) == (CheckInAlert.Kind.MISSED, advocate)


@time_machine.travel(MONDAY_NOON, tick=False)
def test_a_voicemail_hears_nothing(client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks):
    check_in = dispatched(
        survivor_called(organization, code_word="Sunflower"), advocate, django_capture_on_commit_callbacks
    )
    heard = she_answers(client, check_in.message, AnsweredBy="machine_start")
    assert heard.says == [] and heard.has("Hangup")
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.SENT


@time_machine.travel(MONDAY_NOON, tick=False)
def test_a_call_the_outbox_did_not_place_hears_nothing(client, organization):
    survivor_called(organization, code_word="Sunflower")
    params = {"CallSid": "CA" + "9" * 32, "From": PORTAL_NUMBER, "To": HER_NUMBER, "Direction": "outbound-api"}
    heard = answer_of(post_signed(client, CALL_URL, params))
    assert heard.says == [] and heard.has("Hangup")
    assert not Call.objects.exists()


@time_machine.travel(MONDAY_NOON, tick=False)
def test_unsigned_webhooks_are_refused_and_store_nothing(
    client, organization, advocate, fake_twilio, django_capture_on_commit_callbacks
):
    check_in = dispatched(survivor_called(organization), advocate, django_capture_on_commit_callbacks)
    message = check_in.message
    forged = {"HTTP_X_TWILIO_SIGNATURE": "forged"}
    assert post_form(client, CALL_URL, call_params(message)).status_code == 403
    assert post_form(client, CALL_URL, call_params(message), **forged).status_code == 403
    assert post_form(client, "/voice/step/checkin/", call_params(message, Digits="3"), **forged).status_code == 403
    status = {"CallSid": message.provider_sid, "AccountSid": ACCOUNT_SID, "CallStatus": "no-answer"}
    assert post_form(client, "/sms/status/", status).status_code == 403
    assert post_form(client, "/sms/status/", status, **forged).status_code == 403
    assert not Call.objects.exists()
    assert OutboundMessage.objects.get(pk=message.pk).status == DeliveryStatus.SUBMITTED
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.SENT
    assert not HelpRequest.objects.exists() and not CheckInAlert.objects.exists()


@time_machine.travel(MONDAY_NOON, tick=False)
def test_without_a_number_to_call_from_the_call_fails_and_never_becomes_a_text(
    organization, advocate, fake_twilio, settings, django_capture_on_commit_callbacks
):
    settings.TWILIO_CALL_FROM = ""
    check_in = dispatched(survivor_called(organization), advocate, django_capture_on_commit_callbacks)
    message = OutboundMessage.objects.get(contact=check_in.plan.survivor.contact)
    assert (message.channel, message.status, message.error_code) == (Channel.CALL, DeliveryStatus.FAILED, "voice-off")
    assert fake_twilio.requests == []
