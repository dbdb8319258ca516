"""The on-call notice: an email and a signed webhook POST, after commit, without personal data."""

import hashlib
import hmac
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from portal.messaging.models import HelpRequest
from tests.accounts.builders import make_survivor
from tests.messaging.conftest import inbound_params, post_signed

pytestmark = pytest.mark.django_db

SECRET = "on-call-test-secret"


class Receiver:
    """An on-call service on loopback: records what it is sent, answers with the next status."""

    def __init__(self, statuses=(200,)):
        self.received = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0])
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/on-call"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    receiver = Receiver()
    settings.ONCALL_WEBHOOK_URL = receiver.url
    settings.ONCALL_WEBHOOK_SECRET = SECRET
    settings.ONCALL_WEBHOOK_RETRY_SECONDS = (0, 0)
    yield receiver
    receiver.stop()


def urgent_text(client, survivor, capture):
    with capture(execute=True):
        response = post_signed(client, "/sms/inbound/", inbound_params("HELP NOW", sender=survivor.contact.phone))
    assert response.status_code == 200
    return HelpRequest.objects.get(contact=survivor.contact)


def test_an_urgent_text_sends_a_signed_notice_naming_only_the_organisation(
    client, organization, receiver, django_capture_on_commit_callbacks
):
    survivor = make_survivor(organization, name="Maria Secret")
    help_request = urgent_text(client, survivor, django_capture_on_commit_callbacks)
    assert help_request.urgent

    [(headers, body)] = receiver.received
    assert json.loads(body) == {
        "text": "An urgent item is waiting at Harbor Light.",
        "url": "https://portal.example.org/admin/desk/",
    }
    expected = hmac.new(SECRET.encode(), f"{headers['X-Portal-Timestamp']}.".encode() + body, hashlib.sha256)
    assert headers["X-Portal-Signature"] == f"sha256={expected.hexdigest()}"

    [email] = mail.outbox
    assert email.to == ["oncall@example.org"]
    assert "An urgent item is waiting at Harbor Light." in email.body
    assert "https://portal.example.org/admin/desk/" in email.body
    for secret in ("Maria", survivor.contact.phone, survivor.contact.phone[-4:], "HELP NOW"):
        assert secret not in email.body + email.subject and secret.encode() not in body


def test_nothing_is_sent_before_the_transaction_commits(client, organization, receiver):
    survivor = make_survivor(organization)
    post_signed(client, "/sms/inbound/", inbound_params("HELP NOW", sender=survivor.contact.phone))
    # The test's transaction never commits: no notice, yet the item is saved for the desk.
    assert receiver.received == [] and mail.outbox == []
    assert HelpRequest.objects.filter(contact=survivor.contact, urgent=True).exists()


def test_a_failing_webhook_is_retried_and_logged_without_personal_data(
    client, organization, receiver, caplog, django_capture_on_commit_callbacks
):
    receiver.statuses = [503, 503, 200]
    survivor = make_survivor(organization)
    with caplog.at_level(logging.WARNING, logger="portal.desk.on_call"):
        urgent_text(client, survivor, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 3
    assert [record.getMessage() for record in caplog.records] == [
        "on-call webhook attempt 1 of 3 failed: HTTP 503",
        "on-call webhook attempt 2 of 3 failed: HTTP 503",
    ]


def test_an_unreachable_webhook_loses_nothing(
    client, organization, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ONCALL_WEBHOOK_URL = "http://127.0.0.1:9/nobody-listens"
    settings.ONCALL_WEBHOOK_SECRET = SECRET
    settings.ONCALL_WEBHOOK_RETRY_SECONDS = (0,)
    survivor = make_survivor(organization)
    with caplog.at_level(logging.WARNING, logger="portal.desk.on_call"):
        help_request = urgent_text(client, survivor, django_capture_on_commit_callbacks)
    assert help_request.urgent and help_request.status == HelpRequest.Status.URGENT
    assert caplog.records[-1].getMessage() == "on-call webhook gave up after 2 attempts; the item waits on the desk"
    text = " ".join(record.getMessage() for record in caplog.records)
    assert survivor.contact.phone not in text and survivor.contact.phone[-4:] not in text
    assert len(mail.outbox) == 1  # the email went out regardless


def test_without_a_secret_no_webhook_is_configured():
    import importlib
    import os

    from portal.settings import base

    saved = {key: os.environ.get(key) for key in ("ONCALL_WEBHOOK_URL", "ONCALL_WEBHOOK_SECRET")}
    os.environ["ONCALL_WEBHOOK_URL"], os.environ["ONCALL_WEBHOOK_SECRET"] = "https://hooks.example.org/x", ""
    try:
        assert importlib.reload(base).ONCALL_WEBHOOK_URL == ""
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        importlib.reload(base)


def test_a_duress_notice_names_no_organisation(organization, receiver, django_capture_on_commit_callbacks):
    from portal.accounts.duress import raise_duress_alert
    from portal.accounts.models import DuressSignal

    survivor = make_survivor(organization)
    with django_capture_on_commit_callbacks(execute=True):
        raise_duress_alert(survivor, DuressSignal.Source.SIGN_IN)
    [(_headers, body)] = receiver.received
    assert json.loads(body)["text"] == "An urgent item is waiting."
    [email] = mail.outbox
    assert "Duress" in email.subject and "https://portal.example.org/admin/desk/" in email.body
    for name in ("Harbor Light", organization.name):
        assert name not in email.subject + email.body and name.encode() not in body


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://127.0.0.1/notice", "data:text/plain,notice"])
def test_the_notice_opener_reaches_nothing_but_the_web(address):
    """Even a request past the setting's scheme check could open nothing but http(s)."""
    import urllib.error
    import urllib.request

    from portal.desk.on_call import web_opener

    with pytest.raises(urllib.error.URLError, match="unknown url type"):
        web_opener().open(urllib.request.Request(address), timeout=1)  # noqa: S310
