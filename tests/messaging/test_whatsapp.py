"""WhatsApp as a second text channel: the same webhook, outbox, opt-out, safe hours and discretion as SMS.

Everything goes through the signed webhook and the real twilio client posting to the fake Twilio on
loopback. The clock is pinned (tests/clock.py), and moved with time_machine where the 24-hour rule
is the point.
"""

import socket
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckInPlan
from portal.core import phrases
from portal.directory.sms_templates import DIRECTORY_NONE, DIRECTORY_RESULTS
from portal.messaging import send_sms, texts
from portal.messaging.backends.twilio import twilio_client
from portal.messaging.channels import Channel, in_whatsapp_window
from portal.messaging.models import Contact, InboundMessage, OutboundMessage
from portal.messaging.outbox import drain_outbox
from portal.messaging.statuses import DeliveryStatus
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.accounts.test_number_change import intake_data
from tests.checkins.conftest import due_now, make_checkin_plan
from tests.messaging.conftest import HOUSTON, WHATSAPP_FROM, inbound_params, make_contact, post_form, post_signed
from tests.security.test_no_personal_data_in_logs import every_logger_at_debug, leaks, spellings, sql_logged

pytestmark = pytest.mark.django_db
INBOUND = "/sms/inbound/"
TEMPLATE_SID = "HX" + "a" * 32
# Noon on a Monday in Houston: what is open now does not depend on when the suite runs.
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))


def on_whatsapp(phone):
    return f"whatsapp:{phone}"


def text_in(client, capture, body, sender):
    with capture(execute=True):
        response = post_signed(client, INBOUND, inbound_params(body, sender=sender))
    assert response.status_code == 200
    return response


def queue(contact, capture, template=texts.CHECK_IN, **kwargs):
    with capture(execute=True):
        message = send_sms(contact, template, **kwargs)
    message.refresh_from_db()
    return message


def whatsapp_inbound_at(contact, when, sid):
    """Her WhatsApp text at `when`, as the webhook would have stored it (the window counts from it)."""
    with time_machine.travel(when, tick=False):
        return InboundMessage.objects.create(message_sid=sid, contact=contact, body="hola", channel=Channel.WHATSAPP)


@pytest.mark.parametrize("language", ["en", "es", "vi"])
def test_a_directory_question_on_whatsapp_is_answered_on_whatsapp(
    client, whatsapp, django_capture_on_commit_callbacks, language
):
    phone = {"en": "+17135550160", "es": "+17135550161", "vi": "+17135550162"}[language]
    sms_contact = make_contact(phone)  # she already texts us by SMS: WhatsApp is the same person
    housing = phrases.words(language, "housing", "directory")[0]
    with time_machine.travel(MONDAY_NOON, tick=False):
        text_in(client, django_capture_on_commit_callbacks, f"{housing} 77002", on_whatsapp(phone))

    assert Contact.objects.for_phone(phone) == sms_contact
    inbound = InboundMessage.objects.get(contact=sms_contact)
    assert inbound.channel == Channel.WHATSAPP
    assert inbound.keyword == "directory"
    answer = OutboundMessage.objects.get(contact=sms_contact, template__in=[DIRECTORY_RESULTS, DIRECTORY_NONE])
    assert answer.channel == Channel.WHATSAPP
    assert answer.language == language
    assert answer.status == DeliveryStatus.SUBMITTED
    [request] = whatsapp.message_requests
    form = request["form"]
    assert form["To"] == on_whatsapp(phone)
    assert form["From"] == WHATSAPP_FROM
    assert form["Body"] == answer.body and "77002" in answer.body
    assert "ContentSid" not in form


def test_a_reply_goes_back_on_sms_when_the_text_came_by_sms(client, whatsapp, django_capture_on_commit_callbacks):
    make_contact(HOUSTON, channel=Channel.WHATSAPP)  # her preference is for what the portal starts
    with time_machine.travel(MONDAY_NOON, tick=False):
        text_in(client, django_capture_on_commit_callbacks, "SHELTER 77002", HOUSTON)
    [request] = whatsapp.message_requests
    assert request["form"]["To"] == HOUSTON
    assert request["form"]["From"] == "+15125550199"


def test_stop_on_whatsapp_stops_sms_too(client, whatsapp, django_capture_on_commit_callbacks):
    contact = make_contact(HOUSTON)
    text_in(client, django_capture_on_commit_callbacks, "STOP", on_whatsapp(HOUSTON))
    contact.refresh_from_db()
    assert contact.opted_out_at is not None
    # Nobody else confirms STOP on WhatsApp: we do, on WhatsApp, once.
    [confirmation] = whatsapp.message_requests
    assert confirmation["form"]["To"] == on_whatsapp(HOUSTON)
    assert OutboundMessage.objects.get(contact=contact).purpose == OutboundMessage.Purpose.OPT_OUT_CONFIRMATION

    for channel in Channel:
        message = queue(contact, django_capture_on_commit_callbacks, channel=channel)
        assert message.status == DeliveryStatus.CANCELLED
    assert len(whatsapp.message_requests) == 1


def test_the_24_hour_window_boundary():
    last = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))
    assert in_whatsapp_window(last, last)
    assert in_whatsapp_window(last, last + timedelta(hours=24) - timedelta(microseconds=1))
    assert not in_whatsapp_window(last, last + timedelta(hours=24))
    assert not in_whatsapp_window(last, last + timedelta(days=3))
    assert not in_whatsapp_window(None, last)  # she never wrote on WhatsApp


def test_inside_the_window_free_text_outside_a_template(whatsapp, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", OutboundMessage.Purpose.NOTICE): TEMPLATE_SID}
    contact = make_contact(HOUSTON, channel=Channel.WHATSAPP)
    wrote_at = MONDAY_NOON
    whatsapp_inbound_at(contact, wrote_at, "SM" + "1" * 32)

    with time_machine.travel(wrote_at + timedelta(hours=24) - timedelta(seconds=1), tick=False):
        inside = queue(contact, django_capture_on_commit_callbacks)
    with time_machine.travel(wrote_at + timedelta(hours=24), tick=False):
        outside = queue(contact, django_capture_on_commit_callbacks)

    assert inside.channel == outside.channel == Channel.WHATSAPP  # her preference, for what the portal starts
    assert inside.status == outside.status == DeliveryStatus.SUBMITTED
    free, templated = (request["form"] for request in whatsapp.message_requests)
    assert free["To"] == templated["To"] == on_whatsapp(HOUSTON)
    assert free["Body"] == inside.body and "ContentSid" not in free
    assert templated["ContentSid"] == TEMPLATE_SID
    assert "Body" not in templated
    assert outside.body in templated["ContentVariables"]


def test_no_template_outside_the_window_means_not_sent(whatsapp, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_WHATSAPP_TEMPLATES = {("es", OutboundMessage.Purpose.NOTICE): TEMPLATE_SID}  # not English
    contact = make_contact(HOUSTON, channel=Channel.WHATSAPP)
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "no-template"
    assert whatsapp.message_requests == []  # neither free text on WhatsApp nor an SMS


def test_whatsapp_switched_off_fails_clearly_and_never_becomes_an_sms(
    whatsapp, settings, django_capture_on_commit_callbacks
):
    settings.TWILIO_WHATSAPP_FROM = ""
    contact = make_contact(HOUSTON, channel=Channel.WHATSAPP)
    whatsapp_inbound_at(contact, MONDAY_NOON, "SM" + "2" * 32)
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "whatsapp-off"
    assert whatsapp.message_requests == []


def test_an_unsigned_whatsapp_webhook_is_refused(client, whatsapp):
    before = (Contact.objects.count(), InboundMessage.objects.count(), OutboundMessage.objects.count())
    response = post_form(client, INBOUND, inbound_params("STOP", sender=on_whatsapp(HOUSTON)))
    assert response.status_code == 403
    assert (Contact.objects.count(), InboundMessage.objects.count(), OutboundMessage.objects.count()) == before
    assert whatsapp.requests == []


def retry_when_due(message):
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1), tick=False):
        outcomes = drain_outbox()
    message.refresh_from_db()
    return outcomes


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("outage", ["500", "closed port"])
def test_a_provider_outage_loses_nothing(outage, client, whatsapp, settings, django_capture_on_commit_callbacks):
    contact = make_contact(HOUSTON)
    if outage == "500":
        whatsapp.then("500")
    else:
        settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{closed_port()}"
        twilio_client.cache_clear()
    text_in(client, django_capture_on_commit_callbacks, "hola, necesito ayuda", on_whatsapp(HOUSTON))
    message = OutboundMessage.objects.get(contact=contact)
    assert message.channel == Channel.WHATSAPP
    assert message.status == DeliveryStatus.PENDING  # still in the outbox, waiting to be tried again
    assert message.attempts == 1

    settings.TWILIO_API_BASE_URL = whatsapp.base_url
    twilio_client.cache_clear()
    assert retry_when_due(message) == {"submitted": 1}
    assert message.status == DeliveryStatus.SUBMITTED
    assert whatsapp.accepted[-1]["To"] == on_whatsapp(HOUSTON)
    assert len(whatsapp.accepted) == 1


def test_no_phone_number_in_the_logs(client, whatsapp, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_WHATSAPP_TEMPLATES = {("es", OutboundMessage.Purpose.NOTICE): TEMPLATE_SID}
    whatsapp.then("500")
    with every_logger_at_debug() as logged, sql_logged(), time_machine.travel(MONDAY_NOON, tick=False):
        text_in(client, django_capture_on_commit_callbacks, "Refugio 77002", on_whatsapp(HOUSTON))
        text_in(client, django_capture_on_commit_callbacks, "STOP", on_whatsapp(HOUSTON))
        contact = Contact.objects.for_phone(HOUSTON)
        queue(contact, django_capture_on_commit_callbacks, language="es")
    assert logged.lines  # the loggers were listening
    needles = {f"phone as {spelling!r}": spelling for spelling in spellings(HOUSTON)}
    assert leaks(logged.lines, needles) == []


@time_machine.travel(MONDAY_NOON, tick=False)  # inside her safe hours, so the text is tried at once
def test_the_advocate_chooses_whatsapp_on_the_intake_form(whatsapp, django_capture_on_commit_callbacks):
    organization = make_organization("WhatsApp Organisation")
    advocate = verified_admin_client(Client(), make_staff(organization, "whatsapp-advocate"))
    profile = make_survivor(organization, phone="+17135550170", name="Test Survivor")
    page = advocate.get(f"/admin/survivors/edit/{profile.pk}/")
    assert 'name="channel"' in page.content.decode()

    # She agreed (an advocate changes how we reach her only with that ticked: tests/accounts/test_channel_choices.py).
    chosen = {**intake_data(profile, "+17135550170"), "channel": "whatsapp", "channel_consent": "on"}
    response = advocate.post(f"/admin/survivors/edit/{profile.pk}/", chosen)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.contact.channel == Channel.WHATSAPP
    # What the portal starts now goes by WhatsApp; she has not written there, so only a template could go.
    message = queue(profile.contact, django_capture_on_commit_callbacks)
    assert message.channel == Channel.WHATSAPP
    assert message.error_code == "no-template"


def test_a_check_in_goes_by_whatsapp_and_her_answer_comes_back_there(
    whatsapp, settings, django_capture_on_commit_callbacks
):
    settings.TWILIO_WHATSAPP_TEMPLATES = {("es", OutboundMessage.Purpose.NOTICE): TEMPLATE_SID}
    survivor = make_survivor(make_organization("Check-in Organisation"), phone="+17135550180", language="es")
    Contact.objects.filter(pk=survivor.contact_id).update(check_in_channel=Channel.WHATSAPP)
    plan = make_checkin_plan(survivor, start=time(0), end=time(0))
    due_now(plan)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch_checkins()
    # She has not written on WhatsApp yet: the check-in goes as the approved template.
    # (The seeded demo survivor's check-in may go out too, by SMS to her own number.)
    [check_in] = (request["form"] for request in whatsapp.message_requests if "whatsapp:" in request["form"]["To"])
    assert check_in["To"] == on_whatsapp("+17135550180") and check_in["ContentSid"] == TEMPLATE_SID
    assert "Body" not in check_in

    pause = phrases.words("es", "pause")[0]
    text_in(client=Client(), capture=django_capture_on_commit_callbacks, body=pause, sender=on_whatsapp("+17135550180"))
    assert CheckInPlan.objects.get(pk=plan.pk).is_paused
    answer = OutboundMessage.objects.get(contact=survivor.contact, template=texts.CHECK_INS_PAUSED)
    assert answer.channel == Channel.WHATSAPP and answer.status == DeliveryStatus.SUBMITTED
    # She just wrote: her window is open, so the answer is free text.
    reply = whatsapp.message_requests[-1]["form"]
    assert reply["To"] == on_whatsapp("+17135550180") and reply["Body"] == answer.body


def test_the_templates_setting_is_read_from_json_and_a_mistake_stops_start_up():
    from portal.settings.base import _whatsapp_templates

    assert _whatsapp_templates("") == {}
    assert _whatsapp_templates('{"es": {"advocate": "HX1", "notice": "HX2"}}') == {
        ("es", "advocate"): "HX1",
        ("es", "notice"): "HX2",
    }
    for wrong in ('["HX1"]', '{"es": "HX1"}', "{not json"):
        with pytest.raises(ValueError):
            _whatsapp_templates(wrong)


def test_a_sign_in_code_goes_by_sms_even_when_her_texts_go_by_whatsapp(whatsapp, django_capture_on_commit_callbacks):
    """Outside WhatsApp's window a code could go only as a template; with none she could never sign in."""
    from portal.accounts.models import SignInCodeDevice

    profile = make_survivor(make_organization("Channel Org"))
    # Neither her messages' way nor her check-ins' (WhatsApp, a call) changes how a code goes.
    Contact.objects.filter(pk=profile.contact.pk).update(channel=Channel.WHATSAPP, check_in_channel=Channel.CALL)
    profile.contact.refresh_from_db()
    device = SignInCodeDevice.objects.create(profile=profile, name="sms")
    with django_capture_on_commit_callbacks(execute=True):
        device.send_code("attempt")
    code = OutboundMessage.objects.get(contact=profile.contact, template=texts.SIGN_IN_CODE)
    assert code.channel == Channel.SMS and code.status != DeliveryStatus.FAILED
