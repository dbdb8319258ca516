"""Email-link sign-in: one use, a short life, the same answer for any address, and the token in no log."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client

from portal.training.models import SignInLink, email_index
from portal.training.sign_in import LINK_MINUTES

from .helpers import link_token_from_outbox, sign_in_by_email

pytestmark = pytest.mark.django_db


def test_a_link_works_once():
    client = Client()
    token, first = sign_in_by_email(client, "en", "once@example.org")
    assert first.status_code == 302
    again = Client().post("/en/learn/sign-in/link/", {"token": token})
    assert again.status_code == 400
    assert "does not work" in again.content.decode()


def test_a_link_expires(pinned_clock):
    client = Client()
    client.post("/en/learn/sign-in/", {"email": "late@example.org"})
    token = link_token_from_outbox("late@example.org")
    with time_machine.travel(pinned_clock + timedelta(minutes=LINK_MINUTES, seconds=1), tick=False):
        assert client.post("/en/learn/sign-in/link/", {"token": token}).status_code == 400
    assert client.get("/en/learn/me/").status_code == 302


def test_opening_the_link_does_not_use_it():
    """Mail scanners open links: only the button press signs in."""
    client = Client()
    client.post("/en/learn/sign-in/", {"email": "scanned@example.org"})
    token = link_token_from_outbox("scanned@example.org")
    Client().get("/en/learn/sign-in/link/", {"token": token})
    assert SignInLink.objects.get(learner__email_index=email_index("scanned@example.org")).used_at is None
    assert client.post("/en/learn/sign-in/link/", {"token": token}).status_code == 302


def test_the_answer_is_the_same_for_a_new_and_a_known_address():
    Client().post("/en/learn/sign-in/", {"email": "known@example.org"})
    known = Client().post("/en/learn/sign-in/", {"email": "known@example.org"}).content
    new = Client().post("/en/learn/sign-in/", {"email": "brand-new@example.org"}).content
    strip = lambda body: body.decode().split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(known) == strip(new)


def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed():
    response = Client().post("/es/learn/sign-in/", {"email": "not-an-address"})
    body = response.content.decode()
    assert response.status_code == 200 and "not-an-address" in body and 'role="alert"' in body
    assert not mail.outbox


def test_the_only_copy_of_the_token_is_the_email(caplog):
    for name in (None, "django", "django.db.backends", "django.request", "portal"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True  # SQL with its parameters, as in development
    try:
        token, _response = sign_in_by_email(Client(), "en", "logged@example.org")
    finally:
        connection.force_debug_cursor = False
    assert caplog.text, "nothing was logged, so nothing was checked"
    assert token not in caplog.text
    assert "logged@example.org" not in caplog.text
    assert not SignInLink.objects.filter(token_hash=token).exists()
