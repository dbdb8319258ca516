"""Her not-safe word: answered as an OK is, and the same silent alert as her second PIN."""

import itertools
from datetime import time

import pytest
from django.core import mail

from portal.accounts.models import DuressSignal
from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert
from portal.messaging.inbound import receive_sms
from portal.messaging.models import HelpRequest, OutboundMessage
from tests.accounts.builders import make_survivor, sign_in_directly

from .conftest import due_now, make_checkin_plan

pytestmark = pytest.mark.django_db
_sids = itertools.count(9000)
PIN = "2580"


def sent_check_in(organization, advocate, word="Sunflower"):
    survivor = make_survivor(organization, pin=PIN, name="Maria Word")
    survivor.duress_word = word
    survivor.save(update_fields=["duress_word"])
    plan = make_checkin_plan(survivor, advocate=advocate, start=time(0), end=time(0))
    check_in = due_now(plan)
    dispatch_checkins()
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT
    return check_in


def answer(check_in, body, capture):
    with capture(execute=True):
        return receive_sms(f"SM{next(_sids):032d}", check_in.plan.survivor.contact.phone, body)[0]


def texts_after_the_check_in(check_in):
    return list(
        OutboundMessage.objects.filter(contact=check_in.plan.survivor.contact)
        .exclude(pk=check_in.message_id)
        .values_list("template", flat=True)
    )


def test_the_word_gets_the_ok_answer_and_raises_the_silent_alert(
    organization, advocate, django_capture_on_commit_callbacks
):
    ok = sent_check_in(organization, advocate)
    answer(ok, "1", django_capture_on_commit_callbacks)
    watched = sent_check_in(organization, advocate)
    inbound = answer(watched, "  sunflower ", django_capture_on_commit_callbacks)

    # Her phone sees the same as for an OK: here, no text back at all.
    assert texts_after_the_check_in(watched) == texts_after_the_check_in(ok) == []
    watched.refresh_from_db()
    assert watched.status == CheckIn.Status.DURESS and watched.answered_at is not None
    assert inbound.keyword == "checkin_duress"
    alert = CheckInAlert.objects.get(check_in=watched)
    assert (alert.kind, alert.for_user) == (CheckInAlert.Kind.DURESS, advocate)
    signal = DuressSignal.objects.get(survivor=watched.plan.survivor)
    assert signal.source == DuressSignal.Source.CHECK_IN_WORD
    assert (signal.help_request.kind, signal.help_request.urgent) == (HelpRequest.Kind.DURESS, True)
    [email] = mail.outbox
    assert "Duress word in a check-in reply" in email.body and "Maria" not in email.body
    assert not HelpRequest.objects.filter(contact=ok.plan.survivor.contact).exists()


def test_the_word_inside_a_longer_text_is_read_by_a_person(organization, advocate, django_capture_on_commit_callbacks):
    check_in = sent_check_in(organization, advocate)
    answer(check_in, "sunflower seeds for the garden", django_capture_on_commit_callbacks)
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.REPLIED
    assert not DuressSignal.objects.exists()


def test_she_sets_the_word_with_her_pin_and_it_cannot_be_a_check_in_answer(client, organization, advocate):
    survivor = make_survivor(organization, pin=PIN)
    make_checkin_plan(survivor, advocate=advocate)
    sign_in_directly(client, survivor)
    assert b"Not-safe word" in client.get("/en/my/check-ins/").content
    for word, error in (
        ("yes", b"already means something"),
        ("stop", b"already means something"),
        ("12", b"3 letters"),
    ):
        response = client.post("/en/my/check-ins/word/", {"usual_pin": PIN, "word": word})
        assert response.status_code == 400 and error in response.content, word
    assert (
        b"That PIN did not work"
        in client.post("/en/my/check-ins/word/", {"usual_pin": "1111", "word": "mango"}).content
    )
    response = client.post("/en/my/check-ins/word/", {"usual_pin": PIN, "word": " Blue   mango "})
    assert response.status_code == 303
    survivor.refresh_from_db()
    assert survivor.duress_word == "Blue mango"
    page = client.get("/en/my/check-ins/word/").content
    assert b"You have a not-safe word." in page and b"mango" not in page.lower()


def test_without_check_ins_the_word_page_sends_her_back(client):
    survivor = make_survivor(pin=PIN)
    sign_in_directly(client, survivor)
    assert client.get("/en/my/check-ins/word/")["Location"] == "/en/my/check-ins/"
