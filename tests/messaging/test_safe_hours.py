"""Nothing is sent outside the contact's safe hours, in their own time zone (frozen clock).

Texas has two time zones: at 8:30 am in El Paso (Mountain) it is 9:30 am in Houston (Central).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from portal.messaging import send_sms, texts
from portal.messaging.models import OutboundMessage
from portal.messaging.outbox import drain_outbox
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import EL_PASO, HOUSTON, make_contact

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
# 15:30 UTC on a winter day: 9:30 in Houston (UTC-6), 8:30 in El Paso (UTC-7).
MORNING = datetime(2025, 1, 15, 15, 30, tzinfo=UTC)
# 02:30 UTC next day: 20:30 in Houston, 19:30 in El Paso.
EVENING = datetime(2025, 1, 16, 2, 30, tzinfo=UTC)


@pytest.fixture
def houston_and_el_paso():
    houston = make_contact(HOUSTON, time_zone="America/Chicago", start=time(9), end=time(20))
    el_paso = make_contact(EL_PASO, time_zone="America/Denver", start=time(9), end=time(20))
    return houston, el_paso


def queue_both(contacts, capture):
    with capture(execute=True):
        messages = [send_sms(contact, texts.CHECK_IN) for contact in contacts]
    for message in messages:
        message.refresh_from_db()
    return messages


def test_morning_houston_is_awake_el_paso_waits(houston_and_el_paso, fake_twilio, django_capture_on_commit_callbacks):
    with time_machine.travel(MORNING, tick=False):
        houston, el_paso = queue_both(houston_and_el_paso, django_capture_on_commit_callbacks)
    assert houston.status == DeliveryStatus.SUBMITTED
    assert el_paso.status == DeliveryStatus.PENDING
    assert el_paso.next_attempt_at == datetime(2025, 1, 15, 16, 0, tzinfo=UTC)  # 9:00 in El Paso
    assert [r["form"]["To"] for r in fake_twilio.message_requests] == [HOUSTON]
    # Houston's window closes at 20:00 Central: the text may not sit at Twilio past it.
    assert int(fake_twilio.message_requests[0]["form"]["ValidityPeriod"]) == 36000

    with time_machine.travel(datetime(2025, 1, 15, 15, 59, tzinfo=UTC), tick=False):
        assert drain_outbox() == {}
    with time_machine.travel(datetime(2025, 1, 15, 16, 0, 1, tzinfo=UTC), tick=False):
        assert drain_outbox() == {"submitted": 1}
    assert [r["form"]["To"] for r in fake_twilio.message_requests] == [HOUSTON, EL_PASO]


def test_evening_el_paso_is_still_in_its_window_houston_waits_for_morning(
    houston_and_el_paso, fake_twilio, django_capture_on_commit_callbacks
):
    with time_machine.travel(EVENING, tick=False):
        houston, el_paso = queue_both(houston_and_el_paso, django_capture_on_commit_callbacks)
    assert el_paso.status == DeliveryStatus.SUBMITTED
    # Until 20:00 in El Paso, 30 minutes away: Twilio must drop it rather than deliver it late.
    assert int(fake_twilio.message_requests[0]["form"]["ValidityPeriod"]) == 30 * 60
    assert houston.status == DeliveryStatus.PENDING
    assert houston.next_attempt_at == datetime(2025, 1, 16, 15, 0, tzinfo=UTC)  # 9:00 in Houston
    with time_machine.travel(EVENING + timedelta(hours=6), tick=False):  # 2:30 am in Houston
        assert drain_outbox() == {}
    assert len(fake_twilio.message_requests) == 1


def test_safe_hours_are_checked_at_send_time_not_only_when_queued(
    houston_and_el_paso, sms_outbox, django_capture_on_commit_callbacks
):
    houston, _el_paso = houston_and_el_paso
    with time_machine.travel(datetime(2025, 1, 15, 19, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        send_sms(houston, texts.CHECK_IN)  # queued at 7 pm; the worker is slow
    with time_machine.travel(datetime(2025, 1, 15, 21, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        assert drain_outbox() == {"waiting": 1}
    assert sms_outbox == []


def test_a_text_that_would_arrive_at_night_expires_instead(
    houston_and_el_paso, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.SMS_MESSAGE_LIFETIME = 3 * 3600
    houston, _el_paso = houston_and_el_paso
    with time_machine.travel(EVENING, tick=False):
        [message] = queue_both([houston], django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.EXPIRED
    assert sms_outbox == []


def test_a_window_can_wrap_past_midnight(sms_outbox, django_capture_on_commit_callbacks):
    night_shift = make_contact(HOUSTON, start=time(22), end=time(2))
    with time_machine.travel(datetime(2025, 1, 16, 1, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        [message] = queue_both([night_shift], django_capture_on_commit_callbacks)
    assert message.status == DeliveryStatus.SUBMITTED
    with time_machine.travel(datetime(2025, 1, 16, 12, 0, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        [later] = queue_both([night_shift], django_capture_on_commit_callbacks)
    assert later.next_attempt_at == datetime(2025, 1, 16, 22, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_an_answer_to_a_text_just_received_goes_at_once_but_expires_quickly(
    houston_and_el_paso, fake_twilio, django_capture_on_commit_callbacks
):
    houston, _el_paso = houston_and_el_paso
    one_am = datetime(2025, 1, 16, 1, 0, tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(one_am, tick=False), django_capture_on_commit_callbacks(execute=True):
        message = send_sms(houston, texts.TEXT_RECEIVED, prompt_reply=True)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SUBMITTED
    assert int(fake_twilio.message_requests[0]["form"]["ValidityPeriod"]) <= 15 * 60


def test_queued_messages_are_counted_in_the_outbox():
    assert (
        OutboundMessage.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()).count() == 0
    )
