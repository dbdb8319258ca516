"""The case view: everything of one survivor for her own organisation's staff, a 404 for anyone else."""

import pytest
from django.urls import reverse

from portal.accounts.models import Membership
from portal.casework.views import TABS
from portal.sharing.models import AccessEvent
from tests.accounts.builders import make_organization

from .builders import HER_NAME, HER_TEXT, OTHER_NAME, make_case, make_partner, staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case):
    case["other"] = make_case(make_organization("Other Organisation"), name=OTHER_NAME, message="another secret")
    return case


def url(survivor, tab=None):
    return reverse("cases:case", args=[survivor.pk]) + (f"?tab={tab}" if tab else "")


def test_the_header_shows_her_name_settings_and_flags(case):
    response = case["advocate"].get(url(case["survivor"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert HER_NAME in body
    assert HER_NAME not in body.split("<title>")[1].split("</title>")[0], "browser history keeps titles"
    assert "lighthouse" not in body, "the code word is said to be set, never shown"
    assert "Code word" in body and ">Set<" in body
    flags = body.split("data-case-flags")[1].split("</ul>")[0]
    assert "Urgent help request open" in flags
    assert "Duress alert" in flags
    assert "1 missed check-in" in flags


@pytest.mark.parametrize("tab", [name for name, _label, _categories in TABS])
def test_every_tab_opens_and_shows_nothing_of_another_survivor(case, tab):
    response = case["advocate"].get(url(case["survivor"], tab))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-case-tab="{tab}"' in body
    assert 'aria-current="page"' in body
    assert OTHER_NAME not in body and "another secret" not in body
    assert HER_TEXT not in body, "message bodies are read in the conversation view, not here"


def test_the_tabs_show_her_records(case):
    client, survivor = case["advocate"], case["survivor"]
    assert "Goal number 0 in my words" in client.get(url(survivor, "plan")).content.decode()
    assert "Lawyer 0" in client.get(url(survivor, "plan")).content.decode()
    conversation = survivor.contact.conversations.get()
    thread = reverse("conversations:thread", args=[conversation.pk])
    assert thread in client.get(url(survivor, "conversation")).content.decode()
    help_request = survivor.contact.help_requests.get()
    assert f'data-help-request="{help_request.pk}"' in client.get(url(survivor, "help")).content.decode()
    assert "No reply" in client.get(url(survivor, "checkins")).content.decode()


@pytest.mark.parametrize("role", Membership.Role.values)
def test_anyone_outside_her_organisation_gets_the_same_404_as_for_no_one(case, role):
    outsider = staff_client(case["other"].organization, f"outsider-{role}", role=role)
    missing = case["survivor"].pk + case["other"].pk + 1000
    assert outsider.get(url(case["survivor"])).status_code == 404
    assert outsider.get(reverse("cases:case", args=[missing])).status_code == 404
    assert outsider.post(url(case["survivor"]), {"body": "x", "visibility": "organization"}).status_code == 404


def test_a_partner_on_her_care_team_with_consent_still_gets_a_404(case):
    partner_org, _consent = make_partner(case["survivor"], categories=("notes", "goals"))
    partner = staff_client(partner_org, "care-team-partner", role=Membership.Role.PARTNER)
    assert partner.get(url(case["survivor"])).status_code == 404


def test_each_look_is_logged_for_the_categories_shown(case):
    case["advocate"].get(url(case["survivor"], "notes"))
    logged = set(AccessEvent.objects.filter(survivor=case["survivor"]).values_list("category", flat=True))
    assert logged == {"contact", "notes"}


def test_every_list_of_case_records_links_to_her_case(case):
    client, survivor = case["advocate"], case["survivor"]
    case_link = url(survivor)
    make_partner(survivor)  # a consent to list
    lists = ["survivors", "plans", "conversations", "help-requests", "checkin-plans", "consent"]
    for list_url in [reverse(f"{name}:index") for name in lists] + [reverse("checkins_today")]:
        body = client.get(list_url).content.decode()
        assert f'href="{case_link}"' in body, list_url
