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


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("SHELTER 99999", "en", "We could not find that ZIP code. Send 5 digits, for example 77002."),
        ("refugio 99999", "es", "No encontramos ese código postal."),
        ("مأوى ٩٩٩٩٩", "ar", "لم نجد هذا الرمز البريدي."),
        ("shelter ١٢٣٤٥٦", "en", "We could not find that ZIP code."),
    ],
)
def test_a_zip_nobody_knows_gets_a_short_answer_and_is_kept(
    client, sms_outbox, django_capture_on_commit_callbacks, body, language, expected
):
    text_in(client, django_capture_on_commit_callbacks, body, "+17135550146")
    [reply] = sms_outbox
    assert reply.body.startswith(expected)
    outbound = OutboundMessage.objects.get()
    assert outbound.language == language
    assert "shelter" not in reply.body.lower() and "http" not in reply.body
    inbound = InboundMessage.objects.get()
    assert inbound.body == body and inbound.keyword != "directory"
    assert HelpRequest.objects.count() == 1  # still nothing lost: an advocate sees it
    assert outbound.conversation_id == inbound.conversation_id


def test_a_zip_nobody_knows_in_an_open_conversation_is_answered_and_joins_it(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    text_in(client, django_capture_on_commit_callbacks, "Can someone call me later", "+17135550147")
    sms_outbox.clear()
    text_in(client, django_capture_on_commit_callbacks, "refugio 99999", "+17135550147")
    [reply] = sms_outbox
    assert reply.body.startswith("No encontramos ese código postal.")
    assert HelpRequest.objects.count() == 1
    assert InboundMessage.objects.count() == 2
    assert len({message.conversation_id for message in InboundMessage.objects.all()}) == 1


def test_a_text_with_a_number_but_no_directory_word_gets_the_usual_answer(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    text_in(client, django_capture_on_commit_callbacks, "I owe 99999 and they keep my passport", "+17135550148")
    [reply] = sms_outbox
    assert "ZIP" not in reply.body
    assert HelpRequest.objects.count() == 1
