"""Sign-in codes by WhatsApp, when she chose it and an approved authentication template serves her language.

A code always goes as that template with the code as its only variable (she is usually outside her
24-hour window when she signs in). If WhatsApp refuses it, reports it failed or undelivered, or cannot take
it, the same code goes once more by SMS, so she is never locked out. Without a template for her language it
goes by SMS from the start. The sign-in pages answer the same whichever way it went, and for an unknown
number. Through the signed webhooks and the real twilio client posting to the fake Twilio, the clock pinned.
"""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from portal.messaging.api import channel_for
from portal.messaging.channels import Channel
from portal.messaging.models import Contact, OutboundMessage
from portal.messaging.outbox import drain_outbox
from portal.messaging.statuses import DeliveryStatus
from tests.accounts.builders import make_survivor
from tests.messaging.conftest import ACCOUNT_SID, inbound_params, post_signed
from tests.messaging.test_whatsapp import MONDAY_NOON, WHATSAPP_FROM, on_whatsapp

pytestmark = pytest.mark.django_db
AUTH_TEMPLATE = "HX" + "c" * 32
SIGN_IN_CODE = OutboundMessage.Purpose.SIGN_IN_CODE
PHONE = "+17135550811"
UNKNOWN = "+17135550899"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def whatsapp(fake_twilio, settings):
    """WhatsApp on, with an authentication template for English sign-in codes only; no padding of answers."""
    settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", SIGN_IN_CODE): AUTH_TEMPLATE}
    settings.SURVIVOR_SIGN_IN_MIN_SECONDS = 0
    return fake_twilio


@pytest.fixture
def her():
    """A survivor who chose WhatsApp for her sign-in codes (and only for them)."""
    profile = make_survivor(phone=PHONE, pin="2580")
    Contact.objects.filter(pk=profile.contact_id).update(sign_in_channel=Channel.WHATSAPP)
    profile.contact.refresh_from_db()
    return profile


def ask_for_code(client, phone, capture, when=MONDAY_NOON):
    with time_machine.travel(when, tick=False), capture(execute=True):
        return client.post("/en/my/sign-in/", {"phone": phone})


def status_callback(capture, message_sid, status, error_code=""):
    """Twilio's signed delivery report a minute later; what it queues is sent then too."""
    params = {"MessageSid": message_sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID, "ErrorCode": error_code}
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=1), tick=False), capture(execute=True):
        assert post_signed(Client(), "/sms/status/", params).status_code == 204


def forms(fake):
    return [request["form"] for request in fake.message_requests]


def code_of(form):
    """The code a request to Twilio carries: the template's variable, or the digits of an SMS."""
    if "ContentSid" in form:
        return json.loads(form["ContentVariables"])["1"]
    return re.search(r"\b(\d{6})\b", form["Body"]).group(1)


def signs_in_with(client, code):
    with time_machine.travel(MONDAY_NOON + timedelta(minutes=2), tick=False):
        return client.post("/en/my/sign-in/code/", {"code": code}).status_code == 303


def code_messages():
    return list(OutboundMessage.objects.filter(purpose=SIGN_IN_CODE).order_by("pk"))


@pytest.mark.parametrize(
    ("chosen", "language", "whatsapp_on", "expected"),
    [
        (Channel.WHATSAPP, "en", True, Channel.WHATSAPP),
        (Channel.SMS, "en", True, Channel.SMS),  # her choice
        (Channel.WHATSAPP, "es", True, Channel.SMS),  # no template for Spanish codes
        (Channel.WHATSAPP, "en", False, Channel.SMS),  # WhatsApp is off
    ],
)
def test_channel_for_a_sign_in_code(settings, chosen, language, whatsapp_on, expected):
    settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM if whatsapp_on else ""
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", SIGN_IN_CODE): AUTH_TEMPLATE, ("es", "advocate"): "HX" + "d" * 32}
    contact = Contact(phone=PHONE, language=language, sign_in_channel=chosen, channel=Channel.WHATSAPP)
    assert channel_for(contact, SIGN_IN_CODE) == expected
    # Her other choices are untouched by this one.
    assert channel_for(contact, OutboundMessage.Purpose.ADVOCATE) == Channel.WHATSAPP


def test_the_code_goes_as_the_authentication_template(whatsapp, her, django_capture_on_commit_callbacks):
    client = Client()
    assert ask_for_code(client, PHONE, django_capture_on_commit_callbacks).status_code == 303

    [form] = forms(whatsapp)
    assert form["To"] == on_whatsapp(PHONE) and form["From"] == WHATSAPP_FROM
    assert form["ContentSid"] == AUTH_TEMPLATE and "Body" not in form
    # Only the code travels as the template's variable: no code word, no words about us.
    assert list(json.loads(form["ContentVariables"])) == ["1"]
    [message] = code_messages()
    assert (message.channel, message.status) == (Channel.WHATSAPP, DeliveryStatus.SUBMITTED)
    assert signs_in_with(client, code_of(form))


def test_inside_her_window_the_code_still_goes_as_the_template(whatsapp, her, django_capture_on_commit_callbacks):
    """Her WhatsApp text a minute earlier opens the window; a code goes as its template all the same."""
    with (
        time_machine.travel(MONDAY_NOON - timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post_signed(Client(), "/sms/inbound/", inbound_params("hola", sender=on_whatsapp(PHONE)))
    whatsapp.reset()
    ask_for_code(Client(), PHONE, django_capture_on_commit_callbacks)
    [form] = forms(whatsapp)
    assert form["ContentSid"] == AUTH_TEMPLATE and "Body" not in form


@pytest.mark.parametrize("refusal", ["63003", "400", "63016"])
def test_refused_on_sending_the_code_goes_once_by_sms(whatsapp, her, django_capture_on_commit_callbacks, refusal):
    whatsapp.then(refusal)
    client = Client()
    ask_for_code(client, PHONE, django_capture_on_commit_callbacks)

    refused, by_sms = forms(whatsapp)
    assert refused["To"] == on_whatsapp(PHONE)
    assert by_sms["To"] == PHONE and "ContentSid" not in by_sms
    assert code_of(by_sms) == code_of(refused)
    first, resend = code_messages()
    assert (first.channel, first.status) == (Channel.WHATSAPP, DeliveryStatus.FAILED)
    assert (resend.channel, resend.status, resend.resend_of_id) == (Channel.SMS, DeliveryStatus.SUBMITTED, first.pk)
    assert resend.body == first.body  # the same discreet text, code word rules and all
    assert signs_in_with(client, code_of(by_sms))


@pytest.mark.parametrize(("status", "error_code"), [("failed", "63003"), ("undelivered", "63016"), ("failed", "")])
def test_reported_failed_the_code_goes_once_by_sms(
    whatsapp, her, django_capture_on_commit_callbacks, status, error_code
):
    client = Client()
    ask_for_code(client, PHONE, django_capture_on_commit_callbacks)
    [message] = code_messages()
    assert message.provider_sid

    status_callback(django_capture_on_commit_callbacks, message.provider_sid, status, error_code)
    # Twilio often reports twice ("undelivered", then "failed"): still one resend.
    status_callback(django_capture_on_commit_callbacks, message.provider_sid, "failed", error_code)

    template, by_sms = forms(whatsapp)
    assert by_sms["To"] == PHONE and code_of(by_sms) == code_of(template)
    first, resend = code_messages()
    assert first.status == status and resend.channel == Channel.SMS and resend.resend_of_id == first.pk
    assert len(whatsapp.message_requests) == 2  # never again on WhatsApp as a template
    # A failed SMS resend is not resent again.
    status_callback(
        django_capture_on_commit_callbacks, OutboundMessage.objects.get(pk=resend.pk).provider_sid, "failed"
    )
    assert len(code_messages()) == 2
    assert signs_in_with(client, code_of(by_sms))


def test_delivered_the_code_is_not_sent_again(whatsapp, her, django_capture_on_commit_callbacks):
    ask_for_code(Client(), PHONE, django_capture_on_commit_callbacks)
    [message] = code_messages()
    status_callback(django_capture_on_commit_callbacks, message.provider_sid, "delivered")
    assert len(code_messages()) == 1 and len(whatsapp.message_requests) == 1


def test_without_a_template_for_her_language_the_code_goes_by_sms(whatsapp, her, django_capture_on_commit_callbacks):
    Contact.objects.filter(pk=her.contact_id).update(language="es")
    client = Client()
    ask_for_code(client, PHONE, django_capture_on_commit_callbacks)
    [form] = forms(whatsapp)
    assert form["To"] == PHONE and "ContentSid" not in form
    [message] = code_messages()
    assert message.channel == Channel.SMS
    assert signs_in_with(client, code_of(form))


def test_a_template_gone_before_sending_sends_the_code_by_sms(
    whatsapp, her, settings, django_capture_on_commit_callbacks
):
    """Queued for WhatsApp, then the operator took the template away: at send time it fails as no-template,
    and the code goes by SMS at once."""
    with time_machine.travel(MONDAY_NOON, tick=False), django_capture_on_commit_callbacks(execute=False):
        Client().post("/en/my/sign-in/", {"phone": PHONE})
    settings.TWILIO_WHATSAPP_TEMPLATES = {}
    with time_machine.travel(MONDAY_NOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        drain_outbox()
    first, resend = code_messages()
    assert (first.channel, first.error_code) == (Channel.WHATSAPP, "no-template")
    assert resend.channel == Channel.SMS and resend.status == DeliveryStatus.SUBMITTED
    [form] = forms(whatsapp)
    assert form["To"] == PHONE


def test_after_stop_on_whatsapp_no_code_goes_either_way(whatsapp, her, django_capture_on_commit_callbacks):
    """One opt-out for the number (README, "WhatsApp"): STOP on WhatsApp stops SMS too, codes included.
    The page answers as for any number."""
    with (
        time_machine.travel(MONDAY_NOON - timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post_signed(Client(), "/sms/inbound/", inbound_params("STOP", sender=on_whatsapp(PHONE)))
    whatsapp.reset()
    response = ask_for_code(Client(), PHONE, django_capture_on_commit_callbacks)
    assert response.status_code == 303 and response["Location"] == "/en/my/sign-in/code/"
    assert whatsapp.message_requests == []
    assert all(message.status == DeliveryStatus.CANCELLED for message in code_messages())


def test_refused_as_opted_out_on_whatsapp_goes_nowhere_else(whatsapp, her, django_capture_on_commit_callbacks):
    """Twilio says the number opted out (21610): the number is opted out, as for any text, and the SMS
    resend is held back by the same rule."""
    whatsapp.then("21610")
    ask_for_code(Client(), PHONE, django_capture_on_commit_callbacks)
    assert len(whatsapp.message_requests) == 1
    first, resend = code_messages()
    assert first.status == DeliveryStatus.FAILED and resend.status == DeliveryStatus.CANCELLED


def test_an_unknown_number_gets_the_same_answer(whatsapp, her, django_capture_on_commit_callbacks):
    answers = {}
    for phone in (PHONE, UNKNOWN):
        client = Client()
        response = ask_for_code(client, phone, django_capture_on_commit_callbacks)
        with time_machine.travel(MONDAY_NOON, tick=False):
            page = client.get("/en/my/sign-in/code/")
        answers[phone] = (response.status_code, response["Location"], page.status_code, CSRF.sub(b"", page.content))
    assert answers[PHONE] == answers[UNKNOWN]
    assert [form["To"] for form in forms(whatsapp)] == [on_whatsapp(PHONE)]
    assert not Contact.objects.for_phone(UNKNOWN)
