"""Closed-loop referrals through the real views: the survivor's OK, the receiving organisation's
queue and moves, her referrals page, withdrawal, the plan timeline and the access log she reads.

Time is pinned (noon in Chicago) except where a test travels on to see days pass.
"""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from portal.directory.models import Service
from portal.messaging.models import OutboundMessage
from portal.plans.models import Plan, PlanEvent, Referral
from portal.plans.referrals import Attention, move, needs_attention
from portal.sharing.models import AccessEvent, Consent
from portal.sharing.referral_consent import close_where_consent_ran_out
from tests.accounts.builders import sign_in_directly, verified_admin_client
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
NOON = datetime(2026, 3, 4, 12, tzinfo=CENTRAL)
S = Referral.Status


@pytest.fixture(autouse=True)
def pinned():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def service(org_a):
    org_a.email = "intake@partner-a.example"
    org_a.save()
    return Service.objects.create(organization=org_a, name="Immigration help")


@pytest.fixture
def waiting(survivor, service):
    """The advocate's referral, waiting for her OK: no consent to organisation A yet."""
    return Referral.objects.create(plan=Plan.objects.get(survivor=survivor), service=service, status=S.AWAITING_CONSENT)


@pytest.fixture
def her(client, survivor):
    return sign_in_directly(client, survivor)


@pytest.fixture
def partner(partner_a):
    return verified_admin_client(Client(), partner_a)


def detail(pk):
    return f"/admin/referrals/incoming/{pk}/"


def test_waiting_for_her_ok_the_receiving_side_sees_nothing(waiting, partner, survivor):
    assert partner.get(detail(waiting.pk)).status_code == 404
    assert f"/referrals/incoming/{waiting.pk}/" not in partner.get("/admin/referrals/incoming/").content.decode()
    # The refused look is in her log all the same, refused.
    assert AccessEvent.objects.filter(survivor=survivor, record=f"referral {waiting.pk}", permitted=False).exists()


def test_the_whole_loop(waiting, her, partner, survivor, partner_a, org_a, django_capture_on_commit_callbacks):
    # She reads what would be shared, in Spanish, and agrees.
    page = her.get(f"/es/my/referrals/{waiting.pk}/agree/").content.decode()
    assert "Partner A Legal Aid" in page and "Immigration help" in page and "data-consent-text" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = her.post(f"/es/my/referrals/{waiting.pk}/agree/")
    assert response.status_code == 303 and response["Location"].endswith("?done=sent")
    waiting.refresh_from_db()
    assert waiting.status == S.SENT and waiting.sent_at == NOON
    consent = Consent.objects.get(survivor=survivor, recipient=org_a)
    assert consent.permitted_categories == ["referrals"] and consent.language == "es"
    assert survivor.care_team.filter(organization=org_a).exists()
    # The organisation is told, without anything about her.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["intake@partner-a.example"]
    assert "Rosa" not in mail.outbox[0].body and "Immigration" not in mail.outbox[0].body

    # The receiving side: queue, accept, start with an appointment, complete.
    assert f"/admin/referrals/incoming/{waiting.pk}/" in partner.get("/admin/referrals/incoming/").content.decode()
    assert "Rosa Secretname" not in partner.get(detail(waiting.pk)).content.decode()
    assert partner.post(detail(waiting.pk), {"action": "accept"}).status_code == 302
    assert her.get("/es/my/referrals/").content.decode().count("data-referral-status") == 1
    partner.post(detail(waiting.pk), {"action": "start", "next_appointment": "2026-03-10T09:30"})
    waiting.refresh_from_db()
    assert waiting.status == S.STARTED
    assert waiting.next_appointment_at == datetime(2026, 3, 10, 9, 30, tzinfo=CENTRAL)  # her clock
    mine = her.get("/en/my/referrals/").content.decode()
    assert "You have started with them." in mine and "9:30" in mine
    partner.post(detail(waiting.pk), {"action": "complete"})
    waiting.refresh_from_db()
    assert waiting.status == S.DONE and waiting.completed_at == waiting.closed_at == NOON
    assert "Finished." in her.get("/en/my/referrals/").content.decode()

    # Every move is on the plan's timeline with who made it; nothing personal in the detail.
    events = PlanEvent.objects.filter(plan=waiting.plan, kind=PlanEvent.Kind.REFERRAL).order_by("pk")
    assert [e.detail.split("-> ")[1] for e in events] == ["sent", "accepted", "started", "done"]
    assert [e.actor for e in events] == ["survivor", "staff", "staff", "staff"]
    assert {e.staff for e in events[1:]} == {partner_a}
    # Every look by the receiving side is in her activity log, under her consent.
    looks = AccessEvent.objects.filter(survivor=survivor, viewer=partner_a, record=f"referral {waiting.pk}")
    assert looks.count() == 2  # the queue and the page; moves are POSTs, not looks
    assert all(look.permitted and look.consent_id == consent.pk for look in looks)
    activity = her.get("/en/my/activity/").content.decode()
    assert "Partner A Legal Aid" in activity


def test_withdrawing_consent_stops_the_receiving_side_at_once(waiting, her, partner, survivor, org_a):
    her.post(f"/en/my/referrals/{waiting.pk}/agree/")
    partner.post(detail(waiting.pk), {"action": "accept"})
    consent = Consent.objects.get(survivor=survivor, recipient=org_a)
    her.post(f"/en/my/sharing/{consent.pk}/stop/")
    waiting.refresh_from_db()
    assert waiting.status == S.CONSENT_WITHDRAWN and waiting.closed_at == NOON
    assert partner.get(detail(waiting.pk)).status_code == 404
    assert partner.post(detail(waiting.pk), {"action": "start"}).status_code == 404
    assert f"/referrals/incoming/{waiting.pk}/" not in partner.get("/admin/referrals/incoming/").content.decode()
    # The sender's record keeps it, closed for that reason.
    assert "Closed. You stopped sharing with them." in her.get("/en/my/referrals/").content.decode()


def test_a_consent_running_out_closes_what_the_partner_was_working_on(
    waiting, her, partner, partner_a, survivor, org_a, home_org, pinned
):
    her.post(f"/en/my/referrals/{waiting.pk}/agree/")
    partner.post(detail(waiting.pk), {"action": "accept"})
    plan = Plan.objects.get(survivor=survivor)
    own = Service.objects.create(organization=home_org, name="Counselling")
    at_home = Referral.objects.create(plan=plan, service=own, status=S.SENT)  # her own organisation: no consent
    consent = Consent.objects.get(survivor=survivor, recipient=org_a)
    pinned.move_to(consent.ends_at - timedelta(minutes=1))
    close_where_consent_ran_out()
    assert statuses(waiting, at_home) == [S.ACCEPTED, S.SENT]
    after = consent.ends_at + timedelta(minutes=1)
    pinned.move_to(after)
    out = StringIO()
    call_command("close_referrals_past_consent", stdout=out)
    assert re.fullmatch(r"[1-9]\d* referral\(s\) closed\.", out.getvalue().strip())  # hers, and any seeded ones
    assert statuses(waiting, at_home) == [S.CONSENT_ENDED, S.SENT] and waiting.closed_at == after
    close_where_consent_ran_out()  # again: moved once only
    event = PlanEvent.objects.filter(plan=plan, detail__endswith="-> consent_ended").get()
    assert event.actor == PlanEvent.Actor.SYSTEM
    # Signed in again: months have passed.
    assert verified_admin_client(Client(), partner_a).get(detail(waiting.pk)).status_code == 404
    her = sign_in_directly(Client(), survivor)
    assert "Closed. Your OK to share with them ran out." in her.get("/en/my/referrals/").content.decode()
    assert "Se venció su permiso para compartir con ellos." in her.get("/es/my/referrals/").content.decode()


def test_a_new_consent_before_the_old_one_runs_out_keeps_the_referral_open(
    waiting, her, partner, partner_a, survivor, org_a, pinned
):
    her.post(f"/en/my/referrals/{waiting.pk}/agree/")
    partner.post(detail(waiting.pk), {"action": "accept"})
    consent = Consent.objects.get(survivor=survivor, recipient=org_a)
    pinned.move_to(consent.ends_at - timedelta(days=1))
    make_consent(survivor, org_a, categories=("referrals",), days=90)
    pinned.move_to(consent.ends_at + timedelta(days=1))
    close_where_consent_ran_out()
    assert statuses(waiting) == [S.ACCEPTED]
    assert verified_admin_client(Client(), partner_a).get(detail(waiting.pk)).status_code == 200


def statuses(*referrals):
    for referral in referrals:
        referral.refresh_from_db()
    return [referral.status for referral in referrals]


def test_she_can_close_a_referral_with_a_confirmation(waiting, her):
    page = her.get(f"/en/my/referrals/{waiting.pk}/stop/")
    assert page.status_code == 200 and "Yes, close it" in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == S.AWAITING_CONSENT  # a GET changes nothing
    assert her.post(f"/en/my/referrals/{waiting.pk}/stop/").status_code == 303
    waiting.refresh_from_db()
    assert waiting.status == S.WITHDRAWN
    assert her.post(f"/en/my/referrals/{waiting.pk}/stop/").status_code == 404  # closed is closed


def test_another_survivors_referral_is_not_found(waiting, client, home_org):
    from tests.accounts.builders import make_survivor

    other = sign_in_directly(Client(), make_survivor(home_org, name="Someone Else"))
    assert other.get(f"/en/my/referrals/{waiting.pk}/agree/").status_code == 404
    assert other.post(f"/en/my/referrals/{waiting.pk}/stop/").status_code == 404


def test_the_news_text_goes_only_if_she_asked_and_says_nothing(waiting, her, partner, survivor):
    her.post(f"/en/my/referrals/{waiting.pk}/agree/")
    partner.post(detail(waiting.pk), {"action": "accept"})
    assert not OutboundMessage.objects.filter(contact=survivor.contact).exists()
    her.post("/en/my/referrals/texts/", {"news_texts": "on"})
    partner.post(detail(waiting.pk), {"action": "start"})
    text = OutboundMessage.objects.get(contact=survivor.contact)
    assert "There is news in your account" in text.body and "Immigration" not in text.body


def test_a_decline_needs_a_reason_and_bad_input_loses_nothing(waiting, her, partner):
    her.post(f"/en/my/referrals/{waiting.pk}/agree/")
    response = partner.post(detail(waiting.pk), {"action": "decline"})
    assert response.status_code == 400 and "Choose why." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == S.SENT
    partner.post(detail(waiting.pk), {"action": "decline", "decline_reason": "no_capacity"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decline_reason, waiting.declined_at) == (S.DECLINED, "no_capacity", NOON)
    # A declined referral cannot be accepted after all.
    partner.post(detail(waiting.pk), {"action": "accept"})
    waiting.refresh_from_db()
    assert waiting.status == S.DECLINED


def test_what_needs_attention(survivor, service, org_a, pinned):
    make_consent(survivor, org_a, categories=["referrals"])
    plan = Plan.objects.get(survivor=survivor)
    slow = Referral.objects.create(plan=plan, service=service, status=S.SENT)
    declined = Referral.objects.create(plan=plan, service=service, status=S.SENT)
    move(declined, S.DECLINED, actor=PlanEvent.Actor.STAFF, decline_reason="out_of_area")
    missed = Referral.objects.create(plan=plan, service=service, status=S.ACCEPTED)
    missed.appointment_missed_at = NOON
    missed.save()
    pinned.shift(timedelta(days=5, hours=1))  # REFERRAL_WAIT_DAYS is 5
    everything = list(plan.referrals.all())
    reasons = {r.pk: needs_attention(r, everything) for r in everything}
    assert reasons == {slow.pk: Attention.WAITING, declined.pk: Attention.DECLINED, missed.pk: Attention.MISSED}
    # A new referral after the decline, and a new appointment after the missed one: settled.
    Referral.objects.create(plan=plan, service=service, status=S.SENT)
    missed.next_appointment_at = NOON + timedelta(days=7)
    missed.save()
    everything = list(plan.referrals.all())
    assert needs_attention(declined, everything) is None and needs_attention(missed, everything) is None


def test_the_team_page_lists_attention_for_her_advocate_and_logs_it(survivor, service, org_a, advocate, pinned):
    make_consent(survivor, org_a, categories=["referrals"])
    slow = Referral.objects.create(plan=Plan.objects.get(survivor=survivor), service=service, status=S.SENT)
    pinned.shift(timedelta(days=6))
    page = verified_admin_client(Client(), advocate).get("/admin/referrals/team/").content.decode()
    assert "Waiting for an answer too long" in page and "Rosa" not in page
    assert AccessEvent.objects.filter(survivor=survivor, viewer=advocate, category="referrals").exists()
    assert slow.pk


def test_the_sending_advocate_cannot_answer_for_the_receiving_side(survivor, service, org_a):
    from portal.plans.forms import SENDER_STATUSES

    make_consent(survivor, org_a, categories=["referrals"])
    referral = Referral.objects.create(plan=Plan.objects.get(survivor=survivor), service=service, status=S.SENT)
    with pytest.raises(Exception, match="cannot move"):
        move(referral, S.ACCEPTED, actor=PlanEvent.Actor.SURVIVOR)
    assert S.ACCEPTED not in SENDER_STATUSES and S.DONE not in SENDER_STATUSES
