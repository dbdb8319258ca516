"""Directory by text, end to end through the signed webhook: names and phones, never an address."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.directory.models import Address
from portal.messaging.models import HelpRequest, InboundMessage, OutboundMessage
from tests.messaging.conftest import inbound_params, post_signed

pytestmark = pytest.mark.django_db
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))


def text_in(client, capture, body, sender):
    with time_machine.travel(MONDAY_NOON, tick=False), capture(execute=True):
        response = post_signed(client, "/sms/inbound/", inbound_params(body, sender=sender))
    assert response.status_code == 200


@pytest.mark.parametrize(("body", "language"), [("SHELTER 77002", "en"), ("Refugio 77002", "es")])
def test_zip_and_word_get_nearby_open_services(client, sms_outbox, django_capture_on_commit_callbacks, body, language):
    text_in(client, django_capture_on_commit_callbacks, body, "+17135550142")
    [reply] = sms_outbox
    assert OutboundMessage.objects.get().language == language
    assert reply.body.startswith("Open now near 77002") is (language == "en")
    assert "713-555-01" in reply.body  # a Houston number from the demo directory
    hidden = list(Address.objects.filter(location__is_confidential=True).values_list("address_1", flat=True))
    assert hidden and not any(address in reply.body for address in hidden)
    assert "http" not in reply.body and "raffick" not in reply.body
    inbound = InboundMessage.objects.get()
    assert inbound.keyword == "directory"
    assert not HelpRequest.objects.exists()  # a question for the directory, not a request for help


def test_nothing_open_gets_a_clear_answer(client, sms_outbox, django_capture_on_commit_callbacks):
    text_in(client, django_capture_on_commit_callbacks, "shelter 12345", "+17135550143")
    [reply] = sms_outbox
    assert "12345" in reply.body and "911" in reply.body


@pytest.mark.parametrize("body", ["مأوى ٧٧٠٠٢", "مأوى ۷۷۰۰۲", "SHELTER ７７００２"])
def test_a_zip_in_any_digits_is_answered_like_77002(client, sms_outbox, django_capture_on_commit_callbacks, body):
    text_in(client, django_capture_on_commit_callbacks, body, "+17135550144")
    [reply] = sms_outbox
    assert "713-555-01" in reply.body
    assert InboundMessage.objects.get().keyword == "directory"


@pytest.mark.parametrize("body", ["مأوى ٠٠٠٠٠", "shelter ١٢٣٤٥٦", "refugio ７７００"])
def test_a_zip_nobody_knows_is_kept_not_lost(client, sms_outbox, django_capture_on_commit_callbacks, body):
    text_in(client, django_capture_on_commit_callbacks, body, "+17135550145")
    inbound = InboundMessage.objects.get()
    assert inbound.body == body and inbound.keyword != "directory"
    assert HelpRequest.objects.count() == 1  # an advocate sees it
