"""The advocate's check-in desk in the admin, scoped to their own organisations."""

from datetime import time

import pytest
from django.test import Client

from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert, CheckInPlan
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client

from .conftest import due_now, make_checkin_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org_x, org_y = make_organization("Org X"), make_organization("Org Y")
    advocate = make_staff(org_x, "advocate-x")
    xavier = make_survivor(org_x, name="Xochitl Survivor")
    yolanda = make_survivor(org_y, name="Yolanda Survivor")
    plan_x = make_checkin_plan(xavier, advocate=advocate, start=time(0), end=time(0))
    plan_y = make_checkin_plan(yolanda, start=time(0), end=time(0))
    for plan in (plan_x, plan_y):
        due_now(plan)
    dispatch_checkins()
    return {"advocate": advocate, "xavier": xavier, "yolanda": yolanda, "plan_x": plan_x, "plan_y": plan_y}


@pytest.fixture
def advocate_client(world):
    return verified_admin_client(Client(), world["advocate"])


def test_today_shows_only_the_advocates_survivors(advocate_client, world):
    html = advocate_client.get("/admin/check-ins/today/").content.decode()
    assert f"Survivor #{world['xavier'].pk}<" in html
    assert f"Survivor #{world['yolanda'].pk}<" not in html
    assert "Xochitl" not in html  # ids, never names, on the desk


def test_another_organisations_history_is_unreachable(advocate_client, world):
    assert advocate_client.get(f"/admin/check-ins/survivor/{world['yolanda'].pk}/").status_code == 404
    response = advocate_client.get(f"/admin/check-ins/survivor/{world['xavier'].pk}/")
    assert response.status_code == 200
    assert "data-checkin-history" in response.content.decode()


def test_alerts_and_response_rates_show_and_can_be_dealt_with(advocate_client, world):
    check_in = world["plan_x"].check_ins.get(status=CheckIn.Status.SENT)
    CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.MISSED)
    alert = CheckInAlert.objects.create(check_in=check_in, kind=CheckInAlert.Kind.MISSED)
    html = advocate_client.get("/admin/check-ins/today/").content.decode()
    assert "data-checkin-alerts" in html and "No reply" in html
    assert "0 / 1" in html and "0%" in html
    assert advocate_client.post("/admin/check-ins/today/", {"alert": alert.pk}).status_code == 303
    alert.refresh_from_db()
    assert alert.resolved_at is not None


def test_staff_without_a_case_membership_cannot_open_the_desk(world, admin_client_verified):
    assert admin_client_verified.get("/admin/check-ins/today/").status_code in (302, 403)


def test_a_plan_needs_the_survivors_consent_and_schedules_its_first_check_in(advocate_client, world):
    survivor = make_survivor(world["xavier"].organization, name="New Person")
    data = {
        "survivor": survivor.pk,
        "advocate": world["advocate"].pk,
        "frequency": "daily",
        "every_n_days": 1,
        "dates": "[]",
        "starts_on": "2026-01-01",
        "window_start": "00:00",
        "window_end": "00:00",
        "time_zone": "",
        "language": "",
        "use_code_word": "on",
        "grace_minutes": 240,
    }
    response = advocate_client.post("/admin/checkin-plans/new/", data)
    assert response.status_code == 200
    assert not CheckInPlan.objects.filter(survivor=survivor).exists()

    response = advocate_client.post("/admin/checkin-plans/new/", {**data, "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = CheckInPlan.objects.get(survivor=survivor)
    assert plan.consent_recorded_by == world["advocate"]
    assert plan.check_ins.get(status=CheckIn.Status.DUE)


def test_the_advocate_pauses_with_one_tick(advocate_client, world):
    plan = world["plan_x"]
    data = {
        "advocate": world["advocate"].pk,
        "survivor": plan.survivor_id,
        "frequency": "daily",
        "every_n_days": 1,
        "dates": "[]",
        "starts_on": plan.starts_on.isoformat(),
        "window_start": "00:00",
        "window_end": "00:00",
        "time_zone": "",
        "language": "",
        "use_code_word": "on",
        "grace_minutes": 240,
        "pause": "on",
    }
    response = advocate_client.post(f"/admin/checkin-plans/edit/{plan.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.is_paused and plan.paused_by == CheckInPlan.PausedBy.ADVOCATE
    assert plan.paused_by_staff == world["advocate"]
    assert advocate_client.get(f"/admin/checkin-plans/edit/{world['plan_y'].pk}/").status_code in (403, 404)
