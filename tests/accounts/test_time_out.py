"""The idle sign-out warns first and loses nothing: staying renews the session, and a message
posted after the sign-out is kept, the sign-in page says so, and it is sent once signed in again."""

import pytest

from portal.messaging.models import HelpRequest
from tests.accounts.builders import make_plan, make_survivor, sign_in_directly
from tests.accounts.test_survivor_sign_in import full_sign_in

pytestmark = pytest.mark.django_db
MESSAGE = "Can we meet on Tuesday instead?"


@pytest.fixture
def survivor():
    profile = make_survivor(pin="2580")
    make_plan(profile)
    return profile


def test_every_survivor_page_carries_the_warning(client, survivor):
    sign_in_directly(client, survivor)
    html = client.get("/es/my/plan/").content.decode()
    assert 'data-timeout-warning data-idle-seconds="870" data-warning-seconds="120"' in html
    assert "session-timeout.js" in html


def test_staying_signed_in_answers_only_a_signed_in_survivor(client, survivor):
    assert client.post("/en/my/stay-signed-in/").status_code == 403
    sign_in_directly(client, survivor)
    assert client.post("/en/my/stay-signed-in/").status_code == 204
    assert client.get("/en/my/stay-signed-in/").status_code == 405


def test_a_message_posted_after_the_sign_out_is_sent_after_signing_in_again(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox
):
    response = client.post("/en/my/ask/", {"message": MESSAGE})  # the session has ended
    assert response.status_code == 302 and response["Location"] == "/en/my/sign-in/"
    assert not HelpRequest.objects.exists()
    assert b"We kept what you wrote" in client.get("/en/my/sign-in/").content

    response = full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    assert response.status_code == 303 and response["Location"] == "/en/my/ask/"
    response = client.get("/en/my/ask/")
    assert response.status_code == 303 and response["Location"] == "/en/my/?sent=question"
    assert HelpRequest.objects.get().message == MESSAGE
    # Sent once: the kept post is gone.
    assert client.get("/en/my/ask/").status_code == 200
    assert HelpRequest.objects.get().message == MESSAGE


def test_without_a_kept_post_sign_in_leads_to_the_start_page(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox
):
    assert b"We kept what you wrote" not in client.get("/en/my/sign-in/").content
    response = full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    assert response["Location"] == "/en/my/"


def test_quick_exit_drops_a_kept_post(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    client.post("/en/my/ask/", {"message": MESSAGE})
    client.get("/exit/")
    response = full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    assert response["Location"] == "/en/my/"
    assert not HelpRequest.objects.exists()
