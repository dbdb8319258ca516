"""The real twilio client against a fake Twilio REST server on 127.0.0.1: no network."""

import base64
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.messaging import send_sms, texts
from portal.messaging.models import Contact
from portal.messaging.outbox import drain_outbox
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import ACCOUNT_SID, HOUSTON, PUBLIC_BASE_URL, make_contact

pytestmark = pytest.mark.django_db


def queue(contact, capture, template=texts.CHECK_IN):
    with capture(execute=True):
        message = send_sms(contact, template)
    message.refresh_from_db()
    return message


def retry_when_due(message):
    """Jump to the moment the message's next attempt is due and run the outbox there."""
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1), tick=False):
        outcomes = drain_outbox()
    message.refresh_from_db()
    return outcomes


def test_a_text_is_posted_to_twilio(fake_twilio, django_capture_on_commit_callbacks):
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.SUBMITTED
    assert message.provider_sid.startswith("SM")
    [request] = fake_twilio.message_requests
    assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    form = request["form"]
    assert form["To"] == HOUSTON
    assert form["From"] == "+15125550199"
    assert "MessagingServiceSid" not in form
    assert form["Body"] == message.body
    assert form["StatusCallback"] == f"{PUBLIC_BASE_URL}/sms/status/"
    assert 0 < int(form["ValidityPeriod"]) <= 36000
    user, _password = base64.b64decode(request["headers"]["Authorization"].split()[1]).decode().split(":")
    assert user == ACCOUNT_SID


def test_a_messaging_service_replaces_the_from_number(fake_twilio, settings, django_capture_on_commit_callbacks):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    queue(make_contact(), django_capture_on_commit_callbacks)
    form = fake_twilio.message_requests[0]["form"]
    assert form["MessagingServiceSid"] == "MG" + "1" * 32
    assert "From" not in form


@pytest.mark.parametrize("failure", ["500", "429"])
def test_a_transient_failure_is_retried_later_and_delivered_once(
    failure, fake_twilio, django_capture_on_commit_callbacks
):
    fake_twilio.then(failure)
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert drain_outbox() == {}  # not due yet: backoff
    assert len(fake_twilio.message_requests) == 1

    assert retry_when_due(message) == {"submitted": 1}
    assert message.status == DeliveryStatus.SUBMITTED
    assert message.attempts == 2
    assert len(fake_twilio.message_requests) == 2
    assert retry_when_due(message) == {}  # delivered once, never again


def test_a_provider_that_hangs_times_out_and_is_retried(fake_twilio, django_capture_on_commit_callbacks):
    fake_twilio.then("hang")
    started = time.monotonic()
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    assert time.monotonic() - started < fake_twilio.hang_seconds  # TWILIO_TIMEOUT, not the provider, decides
    assert message.status == DeliveryStatus.PENDING
    assert message.error_code == "timeout"
    assert retry_when_due(message) == {"submitted": 1}


def test_retries_stop_at_the_limit(fake_twilio, settings, django_capture_on_commit_callbacks):
    settings.SMS_MAX_ATTEMPTS = 3
    fake_twilio.then("500", "500", "500", "500")
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    retry_when_due(message)
    assert retry_when_due(message) == {"failed": 1}
    assert message.status == DeliveryStatus.FAILED
    assert message.attempts == 3
    assert len(fake_twilio.message_requests) == 3


def test_a_permanent_refusal_is_recorded_and_not_retried(fake_twilio, django_capture_on_commit_callbacks):
    fake_twilio.then("400")
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "21211"
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        assert drain_outbox() == {}
    assert len(fake_twilio.message_requests) == 1


def test_error_21610_marks_the_number_opted_out_and_nothing_more_is_sent(
    fake_twilio, django_capture_on_commit_callbacks
):
    contact = make_contact()
    fake_twilio.then("21610")
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.FAILED
    assert message.error_code == "21610"
    contact.refresh_from_db()
    assert contact.opted_out_at is not None

    later = queue(contact, django_capture_on_commit_callbacks, texts.FOLLOW_UP)
    assert later.status == DeliveryStatus.CANCELLED
    assert len(fake_twilio.message_requests) == 1


def test_nothing_is_sent_to_an_opted_out_number(fake_twilio, django_capture_on_commit_callbacks):
    contact = make_contact(opted_out_at=timezone.now())
    message = queue(contact, django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.CANCELLED
    assert fake_twilio.message_requests == []
    assert Contact.objects.get(pk=contact.pk).opted_out_at is not None


def test_a_message_that_cannot_be_sent_in_time_expires(fake_twilio, settings, django_capture_on_commit_callbacks):
    settings.SMS_MESSAGE_LIFETIME = 60
    fake_twilio.then("500", "500")
    message = queue(make_contact(), django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.PENDING  # the first retry, about 30 s away, still fits
    # The second retry would come after the message's life is over: it expires instead.
    assert retry_when_due(message) == {"expired": 1}
    assert message.status == DeliveryStatus.EXPIRED
    assert len(fake_twilio.message_requests) == 2
