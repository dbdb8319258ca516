"""/sms/inbound/ and /sms/status/: only Twilio's signed calls count, and each message counts once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.core.phones import phone_index
from portal.messaging import send_sms, texts
from portal.messaging.models import Contact, HelpRequest, InboundMessage, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import (
    AUTH_TOKEN,
    HOUSTON,
    inbound_params,
    make_contact,
    post_form,
    post_signed,
    sign,
)

pytestmark = pytest.mark.django_db
INBOUND = "/sms/inbound/"
STATUS = "/sms/status/"


COUNTED = (InboundMessage, Contact, HelpRequest, OutboundMessage)


@pytest.fixture(autouse=True)
def rows_before():
    """What the seeded demo already holds (its survivor has a contact), to compare against."""
    return {model: model.objects.count() for model in COUNTED}


@pytest.fixture
def assert_nothing_stored(rows_before):
    def check():
        assert {model: model.objects.count() for model in COUNTED} == rows_before

    return check


def test_a_signed_message_is_stored_and_answered_with_twiml(client):
    params = inbound_params("Hello, is this the right number?")
    response = post_signed(client, INBOUND, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.decode().endswith("<Response/>")
    message = InboundMessage.objects.get()
    assert message.message_sid == params["MessageSid"]
    assert message.body == "Hello, is this the right number?"
    # The sender is found again through the blind index, however the number is written.
    assert Contact.objects.for_phone("713-555-0100") == message.contact


@pytest.mark.parametrize(
    "case",
    ["wrong token", "changed parameter", "http instead of https", "other host", "missing header", "empty header"],
)
def test_a_badly_signed_request_is_refused_and_nothing_is_stored(client, case, assert_nothing_stored):
    params = inbound_params("I need a place to stay")
    signature = sign(INBOUND, params)
    if case == "wrong token":
        signature = sign(INBOUND, params, token=AUTH_TOKEN + "x")
    elif case == "changed parameter":
        params = {**params, "Body": "I need a place to stay tonight"}
    elif case == "http instead of https":
        signature = sign(INBOUND, params, base_url="http://portal.example.org")
    elif case == "other host":
        signature = sign(INBOUND, params, base_url="https://attacker.example.net")
    headers = (
        {} if case == "missing header" else {"HTTP_X_TWILIO_SIGNATURE": "" if case == "empty header" else signature}
    )
    response = post_form(client, INBOUND, params, **headers)
    assert response.status_code == 403
    assert_nothing_stored()


def test_no_auth_token_means_no_request_is_trusted(client, settings, assert_nothing_stored):
    params = inbound_params("hello")
    signature = sign(INBOUND, params)
    settings.TWILIO_AUTH_TOKEN = ""
    assert post_form(client, INBOUND, params, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 403
    assert_nothing_stored()


def test_the_signature_follows_public_base_url_not_the_host_django_sees(client, settings):
    """Behind a proxy Django sees http://127.0.0.1; Twilio signed the public https URL."""
    params = inbound_params("hello")
    response = post_form(client, INBOUND, params, HTTP_X_TWILIO_SIGNATURE=sign(INBOUND, params), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert InboundMessage.objects.count() == 1


def test_only_post_is_accepted(client):
    assert client.get(INBOUND).status_code == 405
    assert client.get(STATUS).status_code == 405


def test_a_signed_request_without_message_sid_is_rejected(client, assert_nothing_stored):
    params = inbound_params("hello")
    del params["MessageSid"]
    assert post_signed(client, INBOUND, params).status_code == 400
    assert_nothing_stored()


def test_a_sender_that_is_not_a_phone_number_is_ignored(client, assert_nothing_stored):
    response = post_signed(client, INBOUND, inbound_params("promo", sender="TWILIO"))
    assert response.status_code == 200
    assert_nothing_stored()


def test_the_same_message_sid_twice_changes_nothing(client, sms_outbox, django_capture_on_commit_callbacks):
    params = inbound_params("Can someone help me with papers?")
    with django_capture_on_commit_callbacks(execute=True):
        first = post_signed(client, INBOUND, params)
        second = post_signed(client, INBOUND, params)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert InboundMessage.objects.count() == 1
    assert HelpRequest.objects.count() == 1
    assert OutboundMessage.objects.filter(contact__inbound_messages__message_sid=params["MessageSid"]).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_the_same_message_sid_delivered_concurrently_is_stored_once(django_db_blocker, settings):
    """Twilio retries while the first delivery is still in flight: eight at once, one row.

    Runs outside the test transaction (each thread commits on its own connection), and
    removes what it created itself instead of flushing the seeded database.
    """
    params = inbound_params("Need help now", sender="+17135550177")
    barrier = threading.Barrier(8)
    statuses = []

    def deliver():
        try:
            barrier.wait()
            statuses.append(post_signed(Client(), INBOUND, params).status_code)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        try:
            threads = [threading.Thread(target=deliver) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert statuses == [200] * 8
            assert InboundMessage.objects.filter(message_sid=params["MessageSid"]).count() == 1
            contact = Contact.objects.for_phone(params["From"])
            assert contact.help_requests.count() == 1
            assert contact.conversations.count() == 1
            assert contact.outbound_messages.count() == 1
        finally:
            # From a connection of its own: this thread's may be inside a test transaction that is
            # rolled back, and the deliveries committed on theirs.
            cleaner = threading.Thread(target=remove_contact, args=(params["From"],))
            cleaner.start()
            cleaner.join()


def remove_contact(phone):
    try:
        Contact.objects.filter(phone_index=phone_index(phone)).delete()  # cascades to its texts
    finally:
        connections.close_all()


@given(
    body=st.one_of(
        st.text(max_size=1600),
        st.just(""),
        st.just("x" * 1600),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1600, max_size=1600),
        st.sampled_from(["STOP", "ayuda", "救命", "رقم خطأ", "\x00", "\u202e", "%(text)s", "<Response>"]),
    ),
    sender=st.sampled_from([HOUSTON, "+19155550100", "+12125550123", "+447700900123", "shortcode"]),
)
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_body_is_answered_without_a_server_error(client, body, sender):
    response = post_signed(client, INBOUND, inbound_params(body, sender=sender))
    assert response.status_code == 200


def test_status_callbacks_never_move_a_message_backwards(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(make_contact(), texts.CHECK_IN)
    message.refresh_from_db()
    sid = message.provider_sid = "SM" + "a" * 32
    OutboundMessage.objects.filter(pk=message.pk).update(provider_sid=sid)

    def report(status, **extra):
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
        assert post_signed(client, STATUS, params).status_code == 204
        message.refresh_from_db()
        return message.status

    assert report("sent") == DeliveryStatus.SENT
    assert report("delivered") == DeliveryStatus.DELIVERED
    assert report("sent") == DeliveryStatus.DELIVERED  # late and out of order
    assert report("queued") == DeliveryStatus.DELIVERED
    assert report("undelivered", ErrorCode="30003") == DeliveryStatus.DELIVERED


def test_a_status_callback_with_21610_opts_the_number_out(client):
    contact = make_contact()
    message = send_sms(contact, texts.CHECK_IN)
    OutboundMessage.objects.filter(pk=message.pk).update(provider_sid="SM" + "b" * 32, status="submitted")
    params = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "failed", "ErrorCode": "21610"}
    assert post_signed(client, STATUS, params).status_code == 204
    contact.refresh_from_db()
    assert contact.opted_out_at is not None
    assert OutboundMessage.objects.get(pk=message.pk).status == DeliveryStatus.FAILED


def test_an_unsigned_status_callback_is_refused(client):
    message = send_sms(make_contact(), texts.CHECK_IN)
    OutboundMessage.objects.filter(pk=message.pk).update(provider_sid="SM" + "c" * 32, status="submitted")
    response = post_form(client, STATUS, {"MessageSid": "SM" + "c" * 32, "MessageStatus": "delivered"})
    assert response.status_code == 403
    assert OutboundMessage.objects.get(pk=message.pk).status == DeliveryStatus.SUBMITTED


def test_webhooks_are_exempt_from_csrf_but_nothing_else_is(settings):
    from portal.messaging import views, webhooks

    assert getattr(webhooks.inbound, "csrf_exempt", False)
    assert getattr(webhooks.status, "csrf_exempt", False)
    assert not getattr(views.help_request, "csrf_exempt", False)


def test_an_incoming_text_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    """The webhook must stay fast: a new sender's first text (contact, request, reply) and a follow-up."""
    with django_assert_max_num_queries(24):
        post_signed(client, INBOUND, inbound_params("I need a lawyer"))
    with django_assert_max_num_queries(12):
        post_signed(client, INBOUND, inbound_params("It is about my visa"))
