"""send_sms_many: a batch of texts (check-ins) under the same rules as send_sms, one task per batch."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.messaging import texts
from portal.messaging.api import send_sms_many
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import make_contact

pytestmark = pytest.mark.django_db


def test_a_batch_is_sent_after_commit_and_an_opted_out_number_is_held_back(
    sms_outbox, django_capture_on_commit_callbacks
):
    ok = make_contact("+17135550101", code_word="Tulip")
    stopped = make_contact("+17135550102", opted_out_at=timezone.now())
    soon = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first, second = send_sms_many(
            [ok, stopped], texts.SCHEDULED_CHECK_IN, languages=["es", "en"], expires_at=[soon, soon]
        )
    assert len(callbacks) == 1  # one task for the whole batch
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == DeliveryStatus.SUBMITTED
    assert first.body.startswith("Tulip: ") and first.language == "es"
    assert first.expires_at == soon
    assert second.status == DeliveryStatus.CANCELLED
    assert [sms.to for sms in sms_outbox] == ["+17135550101"]


def test_the_code_word_can_be_left_out(db):
    contact = make_contact("+17135550103", code_word="Tulip")
    [message] = send_sms_many(
        [contact], texts.SCHEDULED_CHECK_IN, languages=[None], use_code_word=False, expires_at=[None]
    )
    assert not message.body.startswith("Tulip")
