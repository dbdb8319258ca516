"""The outbox: written in the caller's transaction, sent after commit, once, and only when still allowed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from portal.messaging import send_sms, texts
from portal.messaging.models import OutboundMessage
from portal.messaging.outbox import deliver, drain_outbox, retry_delay
from portal.messaging.statuses import DeliveryStatus, advance_status
from tests.messaging.conftest import HOUSTON, make_contact

pytestmark = pytest.mark.django_db


def test_send_sms_writes_a_row_and_sends_only_after_commit(sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    with django_capture_on_commit_callbacks() as callbacks:
        message = send_sms(contact, texts.CHECK_IN)
        assert isinstance(message, OutboundMessage)
        assert message.status == DeliveryStatus.PENDING
        assert sms_outbox == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SUBMITTED
    assert message.attempts == 1
    [sms] = sms_outbox
    assert sms.to == HOUSTON
    assert sms.body == message.body == str(texts.TEMPLATES[texts.CHECK_IN])


def test_a_rolled_back_transaction_sends_nothing(sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send_sms(contact, texts.CHECK_IN)
        raise RuntimeError("the caller failed")
    assert OutboundMessage.objects.count() == 0
    assert sms_outbox == []


@time_machine.travel(datetime(2025, 3, 4, 12, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False)
def test_send_sms_accepts_a_phone_number_in_any_form(sms_outbox, django_capture_on_commit_callbacks):
    # A number we did not know gets the default safe hours (9 am to 8 pm, Central): noon is fine.
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms("(713) 555-0100", texts.CHECK_IN, language="es")
    assert message.contact.phone == HOUSTON
    assert message.language == "es"
    assert sms_outbox[0].to == HOUSTON


def test_bodies_are_encrypted_at_rest(django_capture_on_commit_callbacks):
    message = send_sms(make_contact(), texts.FREE_TEXT, {"text": "Meet at the library at 3"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM messaging_outboundmessage WHERE id = %s", [message.pk])
        stored = cursor.fetchone()[0]
    assert "library" not in stored
    assert OutboundMessage.objects.get(pk=message.pk).body == "Meet at the library at 3"


def test_code_word_and_sign_off_come_from_the_contact(settings, sms_outbox, django_capture_on_commit_callbacks):
    settings.SMS_SENDER_NAME = "Houston Survivor Services"
    private = make_contact(code_word="Bluebonnet")
    open_about_it = make_contact("+17135550101", may_identify=True)
    with django_capture_on_commit_callbacks(execute=True):
        send_sms(private, texts.CHECK_IN)
        send_sms(open_about_it, texts.CHECK_IN)
    assert sms_outbox[0].body.startswith("Bluebonnet: ")
    assert "Houston Survivor Services" not in sms_outbox[0].body
    assert sms_outbox[1].body.endswith("From Houston Survivor Services.")


def test_nothing_is_queued_for_an_opted_out_number(sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact(opted_out_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(contact, texts.CHECK_IN)
    assert message.status == DeliveryStatus.CANCELLED
    assert OutboundMessage.objects.get().status == DeliveryStatus.CANCELLED
    assert sms_outbox == []


@pytest.mark.parametrize("field", ["opted_out_at", "wrong_number_at"])
def test_opt_out_is_checked_again_at_send_time(field, sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    with django_capture_on_commit_callbacks() as callbacks:
        message = send_sms(contact, texts.CHECK_IN)
    # The number opts out (or says "wrong number") while the text waits in the queue.
    type(contact).objects.filter(pk=contact.pk).update(**{field: timezone.now()})
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == DeliveryStatus.CANCELLED
    assert sms_outbox == []


def test_a_message_is_sent_once_even_if_delivered_twice(sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(make_contact(), texts.CHECK_IN)
    assert deliver(message.pk) == "not-due"
    assert drain_outbox() == {}
    assert len(sms_outbox) == 1


def test_a_claimed_message_is_left_to_its_worker(sms_outbox):
    message = send_sms(make_contact(), texts.CHECK_IN)
    now = timezone.now()
    OutboundMessage.objects.filter(pk=message.pk).update(claimed_until=now + timedelta(minutes=5))
    assert deliver(message.pk, now=now) == "not-due"
    # A worker that died holding it releases it when the claim runs out.
    assert deliver(message.pk, now=now + timedelta(minutes=6)) == "submitted"
    assert len(sms_outbox) == 1


def test_backoff_grows_exponentially_up_to_a_ceiling(settings):
    settings.SMS_RETRY_BASE_SECONDS = 30
    settings.SMS_RETRY_MAX_SECONDS = 600
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 8)]
    for attempt, delay in enumerate(delays[:5], start=1):
        assert 30 * 2 ** (attempt - 1) <= delay <= 30 * 2 ** (attempt - 1) * 1.1
    assert all(600 <= delay <= 660 for delay in delays[5:])


def test_status_never_moves_backwards():
    message = send_sms(make_contact(opted_out_at=None), texts.CHECK_IN)
    rows = OutboundMessage.objects.filter(pk=message.pk)
    assert advance_status(rows, DeliveryStatus.DELIVERED) == 1
    assert advance_status(rows, DeliveryStatus.SENT) == 0
    assert advance_status(rows, DeliveryStatus.SUBMITTED) == 0
    assert advance_status(rows, DeliveryStatus.FAILED) == 0  # a final status is final
    assert rows.get().status == DeliveryStatus.DELIVERED


def test_a_deferred_delivery_never_runs_before_the_text_is_due(settings):
    """RQ schedules in whole seconds; a retry asked for at 12:00:00.4 must not run at 12:00:00."""
    from django_tasks import task_backends

    from portal.messaging.outbox import schedule_delivery

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    schedule_delivery(7, datetime(2031, 5, 1, 12, 0, 0, 400000, tzinfo=UTC))
    schedule_delivery(8, datetime(2031, 5, 1, 12, 0, 5, tzinfo=UTC))
    assert [result.task.run_after for result in backend.results] == [
        datetime(2031, 5, 1, 12, 0, 1, tzinfo=UTC),
        datetime(2031, 5, 1, 12, 0, 5, tzinfo=UTC),
    ]
