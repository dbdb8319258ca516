"""Advocates keep plans in the admin, for survivors of their own organisations only."""

import pytest
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.accounts.models import Membership, SurvivorProfile
from portal.plans.models import Goal, Plan, PlanEvent, Step
from tests.accounts.builders import (
    make_organization,
    make_plan,
    make_staff,
    make_survivor,
    verified_admin_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org_x, org_y = make_organization("Org X"), make_organization("Org Y")
    xavier = make_survivor(org_x, name="Xochitl Survivor")
    yolanda = make_survivor(org_y, name="Yolanda Survivor", pin="2580")
    make_plan(xavier)
    make_plan(yolanda)
    advocate = make_staff(org_x, "advocate-x")
    return {"x": org_x, "y": org_y, "xavier": xavier, "yolanda": yolanda, "advocate": advocate}


@pytest.fixture
def advocate_client(world):
    return verified_admin_client(Client(), world["advocate"])


def test_the_list_shows_only_the_advocates_organisation(advocate_client, world):
    html = advocate_client.get("/admin/survivors/").content.decode()
    assert "Xochitl Survivor" in html
    assert "Yolanda Survivor" not in html
    assert f"/admin/survivors/edit/{world['yolanda'].pk}/" not in html
    plans = advocate_client.get("/admin/plans/").content.decode()
    assert f"/admin/plans/edit/{world['xavier'].plans.get().pk}/" in plans
    assert f"/admin/plans/edit/{world['yolanda'].plans.get().pk}/" not in plans


def test_another_organisations_survivor_is_unreachable_by_url(advocate_client, world):
    other = world["yolanda"]
    plan = other.plans.get()
    for url in [
        f"/admin/survivors/edit/{other.pk}/",
        f"/admin/survivors/history/{other.pk}/",
        f"/admin/survivors/usage/{other.pk}/",
        f"/admin/survivors/reset-pin/{other.pk}/",
        f"/admin/survivors/unlock/{other.pk}/",
        f"/admin/survivors/close/{other.pk}/",
        f"/admin/plans/edit/{plan.pk}/",
        f"/admin/plans/history/{plan.pk}/",
        f"/admin/plans/timeline/{plan.pk}/",
    ]:
        assert advocate_client.get(url).status_code == 404, url
        assert advocate_client.post(url, {"confirm": "on"}).status_code == 404, url
    other.refresh_from_db()
    assert other.has_pin and other.closed_at is None


def test_own_survivors_are_reachable(advocate_client, world):
    mine = world["xavier"]
    assert advocate_client.get(f"/admin/survivors/edit/{mine.pk}/").status_code == 200
    plan = mine.plans.get()
    response = advocate_client.get(f"/admin/plans/edit/{plan.pk}/")
    assert response.status_code == 200
    assert b"Goal number 0 in my words" in response.content
    assert advocate_client.get(f"/admin/plans/timeline/{plan.pk}/").status_code == 200
    for url in (
        f"/admin/survivors/history/{mine.pk}/",
        f"/admin/survivors/usage/{mine.pk}/",
        f"/admin/plans/history/{plan.pk}/",
        f"/admin/plans/usage/{plan.pk}/",
    ):
        assert advocate_client.get(url).status_code == 200, url


def test_superusers_and_editors_see_no_survivors_without_membership(admin_client_verified, world):
    html = admin_client_verified.get("/admin/survivors/").content.decode()
    assert "Xochitl Survivor" not in html and "Yolanda Survivor" not in html
    response = admin_client_verified.get(f"/admin/survivors/edit/{world['xavier'].pk}/")
    assert response.status_code in (302, 403, 404)  # Wagtail sends a refused user back to the dashboard
    assert b"Xochitl" not in response.content
    editor = make_staff(world["x"], "editor-x", role=Membership.Role.EDITOR)
    editor_client = verified_admin_client(Client(), editor)
    assert editor_client.get("/admin/survivors/").status_code in (302, 403)
    assert editor_client.get(f"/admin/survivors/edit/{world['xavier'].pk}/").status_code in (302, 403, 404)


def test_nobody_deletes_a_survivor_from_the_admin(advocate_client, world):
    response = advocate_client.post(f"/admin/survivors/delete/{world['xavier'].pk}/")
    assert response.status_code in (302, 403, 404)
    assert SurvivorProfile.objects.filter(pk=world["xavier"].pk).exists()


def test_intake_creates_a_survivor_their_contact_and_a_plan(advocate_client, world):
    response = advocate_client.post(
        "/admin/survivors/new/",
        {
            "organization": str(world["x"].pk),
            "name": "New Person",
            "preferred_language": "es",
            "phone": "(713) 555-0177",
            "time_zone": "America/Chicago",
            "safe_time": "daytime",
            "code_word": "Nopal",
            "voicemail_ok": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = SurvivorProfile.objects.get(contact__phone_index__isnull=False, created_by=world["advocate"])
    assert profile.name == "New Person"
    assert profile.contact.phone == "+17135550177"
    assert profile.contact.language == "es"
    assert profile.contact.code_word == "Nopal"
    assert Plan.objects.filter(survivor=profile, primary_advocate=world["advocate"]).exists()


def test_intake_cannot_place_a_survivor_in_another_organisation(advocate_client, world):
    response = advocate_client.post(
        "/admin/survivors/new/",
        {
            "organization": str(world["y"].pk),
            "name": "Wrong Org",
            "preferred_language": "en",
            "phone": "713-555-0176",
            "time_zone": "America/Chicago",
            "safe_time": "daytime",
        },
    )
    assert response.status_code == 200
    assert not SurvivorProfile.objects.filter(organization=world["y"], created_by=world["advocate"]).exists()


def test_editing_a_plan_inline_writes_the_timeline(advocate_client, world):
    plan = world["xavier"].plans.get()
    goals = list(plan.goals.all())
    steps = list(plan.steps.all())
    data = nested_form_data(
        {
            "status": "active",
            "primary_advocate": str(world["advocate"].pk),
            "next_review_date": "2030-01-15",
            "goals": inline_formset(
                [
                    {"id": g.pk, "text": g.text, "domain": g.domain, "proposed_by": g.proposed_by, "status": g.status}
                    for g in goals
                ]
                + [
                    {
                        "text": "A goal the advocate added",
                        "domain": "health",
                        "proposed_by": "advocate",
                        "status": "active",
                    }
                ],
                initial=len(goals),
            ),
            "steps": inline_formset(
                [
                    {
                        "id": s.pk,
                        "text": s.text,
                        "who": s.who,
                        "due_date": str(s.due_date),
                        "status": "done" if i == 0 else s.status,
                    }
                    for i, s in enumerate(steps)
                ],
                initial=len(steps),
            ),
            "referrals": inline_formset(
                [
                    {"id": r.pk, "service": str(r.service_id), "status": "sent", "note": ""}
                    for r in plan.referrals.all()
                ],
                initial=plan.referrals.count(),
            ),
            "appointments": inline_formset(
                [
                    {
                        "id": a.pk,
                        "starts_at": a.starts_at.strftime("%Y-%m-%d %H:%M"),
                        "with_whom": a.with_whom,
                        "place": a.place,
                        "hide_place": "on" if a.hide_place else "",
                    }
                    for a in plan.appointments.all()
                ],
                initial=plan.appointments.count(),
            ),
        }
    )
    response = advocate_client.post(f"/admin/plans/edit/{plan.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Goal.objects.filter(plan=plan).count() == len(goals) + 1
    assert Step.objects.get(pk=steps[0].pk).status == Step.Status.DONE
    event = PlanEvent.objects.filter(plan=plan, kind=PlanEvent.Kind.UPDATED).get()
    assert event.staff == world["advocate"]
    assert "goals" in event.detail and "steps" in event.detail
    assert "A goal the advocate added" not in event.detail  # the timeline never copies personal text


def test_pin_reset_needs_an_in_person_check(advocate_client, world):
    survivor = make_survivor(world["x"], pin="2580")
    url = f"/admin/survivors/reset-pin/{survivor.pk}/"
    assert advocate_client.post(url, {}).status_code == 200
    survivor.refresh_from_db()
    assert survivor.has_pin
    epoch = survivor.session_epoch
    assert advocate_client.post(url, {"confirm": "on"}).status_code == 302
    survivor.refresh_from_db()
    assert not survivor.has_pin
    assert survivor.session_epoch > epoch


def test_unlock_and_close(advocate_client, world):
    survivor = world["xavier"]
    SurvivorProfile.objects.filter(pk=survivor.pk).update(failed_attempts=100, locked=True)
    assert advocate_client.post(f"/admin/survivors/unlock/{survivor.pk}/", {"confirm": "on"}).status_code == 302
    survivor.refresh_from_db()
    assert (survivor.failed_attempts, survivor.locked) == (0, False)
    assert advocate_client.post(f"/admin/survivors/close/{survivor.pk}/", {"confirm": "on"}).status_code == 302
    survivor.refresh_from_db()
    assert survivor.closed_at is not None and survivor.delete_after is not None
    assert PlanEvent.objects.filter(plan__survivor=survivor, kind=PlanEvent.Kind.CLOSED).exists()
