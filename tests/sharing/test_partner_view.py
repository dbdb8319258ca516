"""Partner agency users, in the admin: the survivors who shared with them, and exactly those categories."""

import pytest

from portal.sharing.models import AccessEvent, Basis, Consent
from tests.accounts.builders import verified_admin_client
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_client(client, partner_a):
    return verified_admin_client(client, partner_a)


def test_partner_pages_need_a_second_factor(client, partner_a):
    client.force_login(partner_a)
    response = client.get("/admin/partners/")
    assert response.status_code == 302 and "/admin/second-factor" in response["Location"]


def test_the_list_shows_only_survivors_who_shared_with_us(partner_client, survivor, org_a, org_b):
    from tests.accounts.builders import make_survivor

    other = make_survivor(survivor.organization)
    make_consent(other, org_b, categories=["goals"])
    make_consent(survivor, org_a, categories=["goals"])
    html = partner_client.get("/admin/partners/").content.decode()
    assert f"/admin/partners/{survivor.pk}/" in html
    assert f"/admin/partners/{other.pk}/" not in html
    assert "Rosa Secretname" not in html  # no survivor data on the list
    assert partner_client.get(f"/admin/partners/{other.pk}/").status_code == 404


def test_a_category_page_shows_exactly_the_permitted_category_and_logs_one_event(partner_client, survivor, org_a):
    consent = make_consent(survivor, org_a, categories=["goals"])
    overview = partner_client.get(f"/admin/partners/{survivor.pk}/").content.decode()
    assert f"/admin/partners/{survivor.pk}/goals/" in overview
    assert f"/admin/partners/{survivor.pk}/steps/" not in overview

    response = partner_client.get(f"/admin/partners/{survivor.pk}/goals/")
    html = response.content.decode()
    assert response.status_code == 200 and "Goal number 0 in my words" in html
    assert "Step number" not in html and "Rosa Secretname" not in html
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.get(survivor=survivor)
    assert (event.permitted, event.basis, event.consent, event.category) == (True, Basis.CONSENT, consent, "goals")

    assert partner_client.get(f"/admin/partners/{survivor.pk}/steps/").status_code == 404
    assert AccessEvent.objects.filter(survivor=survivor, permitted=False, category="steps").count() == 1


def test_revocation_stops_the_very_next_request(partner_client, survivor, org_a):
    consent = make_consent(survivor, org_a, categories=["contact"])
    assert "Rosa Secretname" in partner_client.get(f"/admin/partners/{survivor.pk}/contact/").content.decode()
    consent.revoke(Consent.Given.IN_PERSON)
    assert partner_client.get(f"/admin/partners/{survivor.pk}/contact/").status_code == 404
    assert partner_client.get(f"/admin/partners/{survivor.pk}/").status_code == 404
    assert list(AccessEvent.objects.filter(survivor=survivor).order_by("pk").values_list("permitted", flat=True)) == [
        True,
        False,
    ]


def test_partner_users_reach_no_other_survivor_record(partner_client, survivor, org_a):
    make_consent(survivor, org_a, categories=["goals", "contact"])
    plan = survivor.plans.get()
    for url in (
        "/admin/survivors/",
        f"/admin/survivors/edit/{survivor.pk}/",
        "/admin/plans/",
        f"/admin/plans/edit/{plan.pk}/",
        f"/admin/plans/timeline/{plan.pk}/",
        "/admin/conversations/",
        "/admin/contacts/",
        f"/admin/contacts/edit/{survivor.contact_id}/",
        "/admin/accessevent/",
        "/admin/careteammember/",
    ):
        response = partner_client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Rosa Secretname" not in response.content.decode()


def test_nobody_edits_or_deletes_access_events_in_the_admin(admin_client_verified, survivor, advocate):
    from django.test import Client

    from portal.sharing.policy import read

    read(advocate, survivor, "goals")
    event = AccessEvent.objects.get(survivor=survivor)
    own = verified_admin_client(Client(), advocate)
    listing = own.get("/admin/accessevent/")
    assert listing.status_code == 200 and "Plan goals" in listing.content.decode()
    for who in (own, admin_client_verified):
        for url in (
            f"/admin/accessevent/edit/{event.pk}/",
            f"/admin/accessevent/delete/{event.pk}/",
            "/admin/accessevent/new/",
        ):
            assert who.get(url).status_code in (302, 403, 404), url
            who.post(url, {})
    assert AccessEvent.objects.filter(pk=event.pk, permitted=True).exists()


def test_own_advocates_reads_in_the_admin_are_logged_too(client, survivor, advocate):
    own = verified_admin_client(client, advocate)
    plan = survivor.plans.get()
    assert own.get(f"/admin/survivors/edit/{survivor.pk}/").status_code == 200
    assert own.get(f"/admin/plans/edit/{plan.pk}/").status_code == 200
    events = AccessEvent.objects.filter(survivor=survivor, viewer=advocate)
    assert set(events.values_list("category", flat=True)) == {
        "contact",
        "goals",
        "steps",
        "referrals",
        "appointments",
        "notes",
    }
    assert set(events.values_list("basis", flat=True)) == {Basis.OWN_ORGANIZATION}
    assert events.count() == 6


def test_check_in_history_shows_when_and_how_answered_never_the_text(partner_client, survivor, org_a):
    from django.utils import timezone

    from portal.checkins.models import CheckIn
    from tests.checkins.conftest import make_checkin_plan

    plan = make_checkin_plan(survivor)
    CheckIn.objects.create(plan=plan, due_at=timezone.now(), sent_at=timezone.now(), status=CheckIn.Status.CALL_ME)
    make_consent(survivor, org_a, categories=["checkins"])
    html = partner_client.get(f"/admin/partners/{survivor.pk}/checkins/").content.decode()
    assert str(CheckIn.Status.CALL_ME.label) in html
    assert "Reply 1" not in html  # the check-in text itself is not shared
    assert partner_client.get(f"/admin/partners/{survivor.pk}/goals/").status_code == 404


@pytest.mark.parametrize("zone", ["America/Chicago", "America/Denver"])
def test_appointment_times_read_as_on_the_survivors_own_clock(partner_client, survivor, org_a, zone):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import formats

    from portal.plans.models import Appointment

    survivor.contact.time_zone = zone
    survivor.contact.save()
    at_half_past_ten = datetime(2026, 12, 10, 10, 30, tzinfo=ZoneInfo(zone))
    Appointment.objects.filter(plan__survivor=survivor).update(starts_at=at_half_past_ten)
    make_consent(survivor, org_a, categories=["appointments"])
    html = partner_client.get(f"/admin/partners/{survivor.pk}/appointments/").content.decode()
    assert formats.date_format(datetime(2026, 12, 10, 10, 30), "DATETIME_FORMAT") in html
    in_utc = at_half_past_ten.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert formats.date_format(in_utc, "DATETIME_FORMAT") not in html
