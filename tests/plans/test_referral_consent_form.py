"""A referral to another organisation needs the survivor's consent on every save, and its absence is a
translated error on that referral in the plan form, never a failed save."""

import re

import pytest
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.directory.models import Service
from portal.plans.models import Referral
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor, verified_admin_client

pytestmark = pytest.mark.django_db

REFUSAL = "The survivor has not agreed to share referrals with this organization. Ask them first."


@pytest.fixture
def world():
    home, elsewhere = make_organization("Home Org"), make_organization("Elsewhere Org")
    own_service = Service.objects.create(organization=home, name="Own Counselling")
    their_service = Service.objects.create(organization=elsewhere, name="Elsewhere Legal Aid")
    survivor = make_survivor(home, name="Rosa Test")
    plan = make_plan(survivor, goals=0, steps=0, referrals=0, appointments=0)
    referral = Referral.objects.create(plan=plan, service=own_service, status=Referral.Status.PROPOSED)
    client = verified_admin_client(Client(), make_staff(home, "home-advocate"))
    return {"plan": plan, "referral": referral, "own": own_service, "theirs": their_service, "client": client}


def plan_form(plan, referrals, initial):
    return nested_form_data(
        {
            "status": plan.status,
            "primary_advocate": "",
            "next_review_date": "",
            "goals": inline_formset([], initial=0),
            "steps": inline_formset([], initial=0),
            "referrals": inline_formset(referrals, initial=initial),
            "appointments": inline_formset([], initial=0),
        }
    )


def test_a_new_referral_without_consent_is_a_form_error(world):
    plan = world["plan"]
    existing = {"id": world["referral"].pk, "service": str(world["own"].pk), "status": "proposed", "note": ""}
    new = {"service": str(world["theirs"].pk), "status": "sent", "note": ""}
    response = world["client"].post(f"/admin/plans/edit/{plan.pk}/", plan_form(plan, [existing, new], 1))
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert list(plan.referrals.values_list("service", flat=True)) == [world["own"].pk]


def test_moving_a_referral_to_another_organisation_is_checked_too(world):
    plan = world["plan"]
    moved = {"id": world["referral"].pk, "service": str(world["theirs"].pk), "status": "sent", "note": ""}
    response = world["client"].post(f"/admin/plans/edit/{plan.pk}/", plan_form(plan, [moved], 1))
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    world["referral"].refresh_from_db()
    assert world["referral"].service_id == world["own"].pk


def status_options(html, field_name):
    select = html.split(f'name="{field_name}"')[1].split("</select>")[0]
    return set(re.findall(r'<option value="([^"]+)"', select))


def test_each_referral_row_offers_only_the_statuses_its_sender_may_set(world):
    """The receiving organisation moves a referral on from "sent"; the plan form never offers those
    steps, not on a row already saved and not on the blank row "Add referral" copies."""
    world["referral"].status = Referral.Status.ACCEPTED
    world["referral"].save()
    html = world["client"].get(f"/admin/plans/edit/{world['plan'].pk}/").content.decode()
    sender = {Referral.Status.PROPOSED, Referral.Status.AWAITING_CONSENT, Referral.Status.SENT}
    assert status_options(html, "referrals-__prefix__-status") == sender
    assert status_options(html, "referrals-0-status") == sender | {Referral.Status.ACCEPTED}
