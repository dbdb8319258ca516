"""The staff list: filtered by what the money pays for and by deadline."""

from datetime import timedelta

import pytest
from django.urls import reverse

from portal.funding.models import ServiceType

from .factories import central, make_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_grants(pinned_clock):
    housing = ServiceType.objects.get(code="housing")
    legal = ServiceType.objects.get(code="legal")
    soon = make_opportunity(pinned_clock + timedelta(days=3), program="Rent now")
    soon.service_types.set([housing])
    later = make_opportunity(pinned_clock + timedelta(days=60), program="Lawyers later")
    later.service_types.set([legal])
    closed = make_opportunity(pinned_clock - timedelta(days=1), program="Housing gone")
    closed.service_types.set([housing])
    return {"housing": housing, "legal": legal}


def listed(client, **params):
    response = client.get(reverse("funding_opportunities:list"), params)
    assert response.status_code == 200
    return {row.program for row in response.context["object_list"]}


def test_filter_by_service_type(admin_client_verified, three_grants):
    programs = listed(admin_client_verified, service_types=three_grants["housing"].pk)
    assert {"Rent now", "Housing gone"} <= programs
    assert "Lawyers later" not in programs


def test_filter_by_deadline_and_status(admin_client_verified, three_grants, pinned_clock):
    by = (pinned_clock + timedelta(days=10)).astimezone(central(2026, 1, 1).tzinfo).date()
    programs = listed(admin_client_verified, closes_by=by.isoformat())
    assert {"Rent now", "Housing gone"} <= programs and "Lawyers later" not in programs
    assert "Housing gone" not in listed(admin_client_verified, status="closing-soon")
    assert "Rent now" in listed(admin_client_verified, status="closing-soon")
    assert "Housing gone" in listed(admin_client_verified, status="closed")


def test_the_list_shows_status_and_the_feed_address(admin_client_verified, three_grants):
    response = admin_client_verified.get(reverse("funding_opportunities:list"))
    body = response.content.decode()
    assert "Closing soon" in body and "Closed" in body
    assert "/funding/deadlines.ics" in body


def test_people_without_admin_access_do_not_see_the_list(client, django_user_model, three_grants):
    assert client.get(reverse("funding_opportunities:list")).status_code == 302
    user = django_user_model.objects.create_user("plain", "plain@example.org", "x" * 20)
    client.force_login(user)
    assert client.get(reverse("funding_opportunities:list")).status_code != 200
