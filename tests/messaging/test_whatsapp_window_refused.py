"""WhatsApp error 63016: Twilio refuses a free text because her 24-hour window has closed, though her
last message says it is open. Whether the refusal comes as the API's answer or later in a status
callback, the outbox treats it as outside the window: the same text goes once as the approved template
(or fails as "no-template"), and her window stays closed for what follows until she writes again.

Through the real twilio client to the fake Twilio on loopback, with the clock pinned.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from portal.messaging import send_sms, texts
from portal.messaging.channels import Channel, whatsapp_window_open
from portal.messaging.models import OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import ACCOUNT_SID, HOUSTON, make_contact, post_signed
from tests.messaging.test_whatsapp import MONDAY_NOON, TEMPLATE_SID, WHATSAPP_FROM, on_whatsapp, whatsapp_inbound_at

pytestmark = pytest.mark.django_db
STATUS = "/sms/status/"
# An hour after her WhatsApp text: by her last message the window is open.
AN_HOUR_LATER = MONDAY_NOON + timedelta(hours=1)


@pytest.fixture
def whatsapp(fake_twilio, settings):
    """WhatsApp on, through the real twilio client to the fake Twilio, with a template for English notices only."""
    settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", OutboundMessage.Purpose.NOTICE): TEMPLATE_SID}
    return fake_twilio


@pytest.fixture
def contact():
    """Someone whose texts go by WhatsApp and who wrote to us there at noon."""
    contact = make_contact(HOUSTON, channel=Channel.WHATSAPP)
    whatsapp_inbound_at(contact, MONDAY_NOON, "SM" + "3" * 32)
    return contact


def queue(contact, capture, language="en"):
    with time_machine.travel(AN_HOUR_LATER, tick=False), capture(execute=True):
        message = send_sms(contact, texts.CHECK_IN, language=language)
    message.refresh_from_db()
    return message


def status_callback(capture, message_sid, status="failed", error_code="63016"):
    """Twilio's signed delivery report a minute later; what it queues is sent then too."""
    params = {"MessageSid": message_sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID, "ErrorCode": error_code}
    with time_machine.travel(AN_HOUR_LATER + timedelta(minutes=1), tick=False), capture(execute=True):
        response = post_signed(Client(), STATUS, params)
    assert response.status_code == 204


def forms(fake):
    return [request["form"] for request in fake.message_requests]


def test_refused_on_sending_goes_again_at_once_as_the_template(whatsapp, contact, django_capture_on_commit_callbacks):
    whatsapp.then("63016")
    message = queue(contact, django_capture_on_commit_callbacks)

    assert message.status == DeliveryStatus.SUBMITTED
    assert message.window_refused_at is not None
    free, templated = forms(whatsapp)
    assert free["Body"] == message.body and "ContentSid" not in free
    assert templated["ContentSid"] == TEMPLATE_SID and "Body" not in templated
    assert message.body in templated["ContentVariables"]
    assert templated["To"] == on_whatsapp(HOUSTON)  # still WhatsApp, never an SMS
    assert OutboundMessage.objects.count() == 1  # the same message, not a second one

    # Her window is recorded as closed: the next text goes as the template straight away.
    with time_machine.travel(AN_HOUR_LATER, tick=False):
        assert not whatsapp_window_open(contact)
    after = queue(contact, django_capture_on_commit_callbacks)
    assert after.status == DeliveryStatus.SUBMITTED
    assert forms(whatsapp)[-1]["ContentSid"] == TEMPLATE_SID
    assert len(whatsapp.message_requests) == 3


def test_refused_on_sending_without_a_template_fails_as_no_template(
    whatsapp, contact, django_capture_on_commit_callbacks
):
    whatsapp.then("63016")
    message = queue(contact, django_capture_on_commit_callbacks, language="es")  # no Spanish template

    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "no-template"
    assert message.window_refused_at is not None
    assert len(whatsapp.message_requests) == 1  # the refused free text; no SMS, no second free text

    after = queue(contact, django_capture_on_commit_callbacks, language="es")
    assert after.status == DeliveryStatus.FAILED and after.error_code == "no-template"
    assert len(whatsapp.message_requests) == 1  # known closed: not tried as free text again


def test_a_template_refused_the_same_way_is_not_tried_again(whatsapp, contact, django_capture_on_commit_callbacks):
    whatsapp.then("63016", "63016")
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "63016"
    assert len(whatsapp.message_requests) == 2


@pytest.mark.parametrize("status", ["failed", "undelivered"])
def test_refused_in_a_status_callback_goes_once_more_as_the_template(
    status, whatsapp, contact, django_capture_on_commit_callbacks
):
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.SUBMITTED
    assert "Body" in forms(whatsapp)[0]

    status_callback(django_capture_on_commit_callbacks, message.provider_sid, status=status)
    message.refresh_from_db()
    assert message.status == status  # Twilio's word on the free text stands
    assert message.error_code == "63016"
    assert message.window_refused_at is not None
    resend = message.resent_as
    assert resend.status == DeliveryStatus.SUBMITTED
    assert (resend.body, resend.language, resend.purpose, resend.channel) == (
        message.body,
        message.language,
        message.purpose,
        Channel.WHATSAPP,
    )
    templated = forms(whatsapp)[-1]
    assert templated["ContentSid"] == TEMPLATE_SID and message.body in templated["ContentVariables"]

    # Twilio repeats the callback, then refuses the resend too: nothing more is sent.
    status_callback(django_capture_on_commit_callbacks, message.provider_sid, status=status)
    status_callback(django_capture_on_commit_callbacks, resend.provider_sid, status=status)
    assert OutboundMessage.objects.count() == 2
    assert len(whatsapp.message_requests) == 2
    resend.refresh_from_db()
    assert resend.status == status and resend.error_code == "63016"


def test_refused_in_a_status_callback_without_a_template(whatsapp, contact, django_capture_on_commit_callbacks):
    message = queue(contact, django_capture_on_commit_callbacks, language="es")
    status_callback(django_capture_on_commit_callbacks, message.provider_sid)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "no-template"
    assert not OutboundMessage.objects.filter(resend_of=message).exists()

    after = queue(contact, django_capture_on_commit_callbacks, language="es")
    assert after.status == DeliveryStatus.FAILED and after.error_code == "no-template"
    assert len(whatsapp.message_requests) == 1


def test_another_error_in_a_callback_sends_nothing_more(whatsapp, contact, django_capture_on_commit_callbacks):
    message = queue(contact, django_capture_on_commit_callbacks)
    status_callback(django_capture_on_commit_callbacks, message.provider_sid, error_code="30008")
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED and message.window_refused_at is None
    assert OutboundMessage.objects.count() == 1 and len(whatsapp.message_requests) == 1


def test_her_next_whatsapp_text_opens_the_window_again(whatsapp, contact, django_capture_on_commit_callbacks):
    whatsapp.then("63016")
    queue(contact, django_capture_on_commit_callbacks)
    whatsapp_inbound_at(contact, AN_HOUR_LATER + timedelta(seconds=30), "SM" + "4" * 32)
    with (
        time_machine.travel(AN_HOUR_LATER + timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert whatsapp_window_open(contact)
        message = send_sms(contact, texts.CHECK_IN)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SUBMITTED
    assert forms(whatsapp)[-1]["Body"] == message.body


def test_the_same_code_on_an_sms_is_a_plain_failure(whatsapp, django_capture_on_commit_callbacks):
    sms_contact = make_contact("+17135550193")
    whatsapp.then("63016")
    message = queue(sms_contact, django_capture_on_commit_callbacks)
    assert message.channel == Channel.SMS
    assert message.status == DeliveryStatus.FAILED and message.error_code == "63016"
    assert len(whatsapp.message_requests) == 1
