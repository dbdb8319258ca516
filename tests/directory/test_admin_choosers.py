"""Admin forms pick organisations, locations and services through choosers with a search box: part of a
name finds a record, case and accents aside; a chooser offers only what its form accepts; and the form
refuses an id outside that set, whatever is posted."""

import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLResolver, get_resolver

from portal.accounts.models import Membership, SurvivorProfile
from portal.directory.models import Location, Organization, Service
from portal.plans.models import Referral
from portal.sharing.models import CareTeamMember, Consent
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor, verified_admin_client
from tests.admin_forms import form_fields
from tests.plans.test_referral_consent_form import plan_form
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

HOME_CHOOSER = "/admin/choosers/own-organizations/"
CASE_WORK_CHOOSER = "/admin/choosers/case-work-organizations/"
PUBLISHED_CHOOSER = "/admin/choosers/published-services/"
SUPERVISED_CHOOSER = "/admin/choosers/supervised-organizations/"
ORGANIZATION_CHOOSER = "/admin/snippets/choose/directory/organization/"
LOCATION_CHOOSER = "/admin/snippets/choose/directory/location/"
OUR_CHOOSERS = (
    r'"modalUrl": "(/admin/(?:snippets/choose/directory/(?:organization|location|service)|choosers/[a-z-]+)/)'
)


@pytest.fixture
def world():
    home, elsewhere = make_organization("Casa María Refugio"), make_organization("Ñandú Legal Aid Chooser")
    shelter = Organization.objects.create(name="Quiet Harbour Shelter", is_confidential=True)
    live = Service.objects.create(organization=elsewhere, name="Asesoría Jurídica Chooser")
    draft = Service.objects.create(organization=elsewhere, name="Asesoría Borrador Chooser", live=False)
    defunct = Service.objects.create(organization=elsewhere, name="Asesoría Cerrada Chooser", status=Service.DEFUNCT)
    place = Location.objects.create(organization=shelter, name="Hidden Chooser House", is_confidential=True)
    advocate = make_staff(home, "chooser-advocate")
    advocate.groups.add(Group.objects.get(name="Advocates"))
    partner = make_staff(elsewhere, "chooser-partner", role=Membership.Role.PARTNER)
    return {
        "home": home,
        "elsewhere": elsewhere,
        "shelter": shelter,
        "live": live,
        "draft": draft,
        "defunct": defunct,
        "place": place,
        "advocate": verified_admin_client(Client(), advocate),
        "partner": verified_admin_client(Client(), partner),
    }


def listed(client, chooser, query=""):
    """The ids a chooser's search lists (every page of it)."""
    ids, page = set(), 1
    while True:
        response = client.get(f"{chooser}results/", {"q": query, "p": page})
        if response.status_code == 404:
            return ids
        assert response.status_code == 200, (chooser, response.status_code)
        found = set(re.findall(r"chosen/([0-9a-f-]+)/", response.content.decode()))
        if not found:
            return ids
        ids |= found
        page += 1


def chooser_of(html, field_name):
    match = re.search(rf'new SnippetChooser\("id_{re.escape(field_name)}", \{{"modalUrl": "([^"]+)"', html)
    assert match, field_name
    return match.group(1)


def test_the_modal_has_a_search_box(world):
    response = world["advocate"].get(PUBLISHED_CHOOSER)
    assert response.status_code == 200
    assert 'id="id_q"' in json.loads(response.content)["html"]


def test_organization_chooser_finds_by_part_of_the_name_without_accents(world):
    client = world["advocate"]
    assert str(world["home"].pk) in listed(client, ORGANIZATION_CHOOSER, "maria ref")
    assert str(world["elsewhere"].pk) in listed(client, ORGANIZATION_CHOOSER, "NANDU")
    assert listed(client, ORGANIZATION_CHOOSER, "maria ref") == {str(world["home"].pk)}
    # The directory's own staff see a confidential organisation by name, as in its listing.
    assert str(world["shelter"].pk) in listed(client, ORGANIZATION_CHOOSER, "harbour")


def test_location_chooser_finds_by_place_or_organization_name_and_shows_no_address(world):
    client = world["advocate"]
    assert str(world["place"].pk) in listed(client, LOCATION_CHOOSER, "hidden chooser")
    assert str(world["place"].pk) in listed(client, LOCATION_CHOOSER, "quiet harbour")
    world["place"].addresses.create(
        address_1="12 Secret Lane", city="Houston", state_province="TX", postal_code="77002"
    )
    html = client.get(f"{LOCATION_CHOOSER}results/", {"q": "hidden"}).content.decode()
    assert "Hidden Chooser House" in html and "Secret Lane" not in html


def test_directory_choosers_offer_nothing_to_staff_outside_the_directory(world):
    partner = world["partner"]
    for chooser in (ORGANIZATION_CHOOSER, LOCATION_CHOOSER, "/admin/snippets/choose/directory/service/"):
        assert listed(partner, chooser) == set(), chooser
    assert partner.get(f"{LOCATION_CHOOSER}chosen/{world['place'].pk}/").status_code == 404
    assert partner.get(f"{ORGANIZATION_CHOOSER}chosen/{world['shelter'].pk}/").status_code == 404


def test_service_and_location_forms_use_the_searchable_directory_choosers(world):
    html = world["advocate"].get("/admin/snippets/directory/service/add/").content.decode()
    assert chooser_of(html, "organization") == ORGANIZATION_CHOOSER
    assert chooser_of(html, "service_at_locations-__prefix__-location") == LOCATION_CHOOSER
    html = world["advocate"].get("/admin/snippets/directory/location/add/").content.decode()
    assert chooser_of(html, "organization") == ORGANIZATION_CHOOSER


def test_a_location_form_refuses_an_organization_that_does_not_exist(world):
    client = world["advocate"]
    data = form_fields(client.get("/admin/snippets/directory/location/add/").content.decode())
    data.update(name="Forged Chooser Place", organization=str(uuid.uuid4()))
    response = client.post("/admin/snippets/directory/location/add/", data)
    assert response.status_code == 200
    assert not Location.objects.filter(name="Forged Chooser Place").exists()


# Referrals: published services only.


@pytest.fixture
def plan(world):
    survivor = make_survivor(world["home"], name="Chooser Survivor")
    make_consent(survivor, world["elsewhere"], categories=["referrals"])
    return make_plan(survivor, goals=0, steps=0, referrals=0, appointments=0)


def referral_post(plan, service):
    return plan_form(plan, [{"service": str(service.pk), "status": "sent", "note": ""}], 0)


def test_referral_chooser_offers_published_services_only(world, plan):
    client = world["advocate"]
    html = client.get(f"/admin/plans/edit/{plan.pk}/").content.decode()
    assert chooser_of(html, "referrals-__prefix__-service") == PUBLISHED_CHOOSER
    assert listed(client, PUBLISHED_CHOOSER, "asesoria juridica") == {str(world["live"].pk)}
    everything = listed(client, PUBLISHED_CHOOSER, "chooser")
    assert str(world["live"].pk) in everything
    assert not everything & {str(world["draft"].pk), str(world["defunct"].pk)}
    assert everything <= {str(pk) for pk in Service.objects.public().values_list("pk", flat=True)}
    assert client.get(f"{PUBLISHED_CHOOSER}chosen/{world['draft'].pk}/").status_code == 404
    assert client.get(f"{PUBLISHED_CHOOSER}chosen/not-an-id/").status_code == 404


def test_a_forged_referral_to_an_unpublished_service_is_refused(world, plan):
    client = world["advocate"]
    for service in (world["draft"], world["defunct"]):
        response = client.post(f"/admin/plans/edit/{plan.pk}/", referral_post(plan, service))
        assert response.status_code == 200
        assert not Referral.objects.filter(plan=plan).exists()
    response = client.post(f"/admin/plans/edit/{plan.pk}/", referral_post(plan, world["live"]))
    assert response.status_code == 302
    assert list(plan.referrals.values_list("service", flat=True)) == [world["live"].pk]


def test_a_referral_keeps_its_service_after_the_service_is_unpublished(world, plan):
    referral = Referral.objects.create(plan=plan, service=world["live"], status=Referral.Status.SENT)
    Service.objects.filter(pk=world["live"].pk).update(live=False)
    kept = {"id": referral.pk, "service": str(world["live"].pk), "status": "sent", "note": "kept"}
    rows = plan_form(plan, [kept], 1)
    assert world["advocate"].post(f"/admin/plans/edit/{plan.pk}/", rows).status_code == 302
    referral.refresh_from_db()
    assert referral.note == "kept"


# A survivor's own organisation; care-team and consent organisations.


def test_survivor_form_offers_and_accepts_only_the_advocates_own_organizations(world):
    client = world["advocate"]
    html = client.get("/admin/survivors/new/").content.decode()
    assert chooser_of(html, "organization") == HOME_CHOOSER
    assert listed(client, HOME_CHOOSER) == {str(world["home"].pk)}
    assert listed(client, HOME_CHOOSER, "MARÍA") == {str(world["home"].pk)}
    assert listed(client, HOME_CHOOSER, "nandu") == set()
    assert client.get(f"{HOME_CHOOSER}chosen/{world['elsewhere'].pk}/").status_code == 404
    data = form_fields(html)
    data.update(organization=str(world["elsewhere"].pk), name="Forged Chooser Name", phone="713-555-0142")
    response = client.post("/admin/survivors/new/", data)
    assert response.status_code == 200
    assert not SurvivorProfile.objects.filter(organization=world["elsewhere"]).exists()


def test_care_team_and_consent_choosers_find_any_organization_for_case_workers_only(world):
    client, survivor = world["advocate"], make_survivor(world["home"], name="Chooser Care")
    for url, field in (("/admin/careteammember/new/", "organization"), ("/admin/consent/new/", "recipient")):
        html = client.get(url).content.decode()
        assert chooser_of(html, field) == CASE_WORK_CHOOSER, url
    assert str(world["elsewhere"].pk) in listed(client, CASE_WORK_CHOOSER, "ñandu legal")
    assert str(world["shelter"].pk) in listed(client, CASE_WORK_CHOOSER, "quiet")
    assert listed(world["partner"], CASE_WORK_CHOOSER) == set()
    data = {"survivor": survivor.pk, "organization": str(uuid.uuid4()), "role": "legal", "staff": ""}
    assert client.post("/admin/careteammember/new/", data).status_code == 200
    assert not CareTeamMember.objects.filter(survivor=survivor).exists()


def test_a_forged_consent_recipient_is_refused(world):
    client, survivor = world["advocate"], make_survivor(world["home"], name="Chooser Consent")
    data = form_fields(client.get("/admin/consent/new/").content.decode())
    data.update(survivor=str(survivor.pk), recipient=str(uuid.uuid4()), purpose="Housing", permitted=["goals"])
    assert client.post("/admin/consent/new/", data).status_code == 200
    assert not Consent.objects.filter(survivor=survivor).exists()


def test_membership_form_uses_the_searchable_organization_chooser(world):
    root = User.objects.create_superuser("chooser-root", "r@example.org", "x" * 20)
    client = verified_admin_client(Client(), root)
    html = client.get("/admin/memberships/new/").content.decode()
    assert chooser_of(html, "organization") == ORGANIZATION_CHOOSER
    assert str(world["home"].pk) in listed(client, ORGANIZATION_CHOOSER, "casa maria")


def admin_form_urls(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_form_urls(pattern.url_patterns, route)
        elif route.startswith("admin/") and (route.endswith("/new/") or route.endswith("/add/")) and "<" not in route:
            yield "/" + route


def test_no_admin_form_makes_staff_scroll_a_list_of_directory_records(world, plan):
    """Walked from the URL resolver, so a form added later is checked too: no form offers organisations,
    locations or services as a long <select>, and each chooser it opens has a search box."""
    root = verified_admin_client(Client(), User.objects.create_superuser("chooser-walker", "w@example.org", "x" * 20))
    ids = {str(pk) for model in (Organization, Location, Service) for pk in model.objects.values_list("pk", flat=True)}
    choosers, pages = set(), 0
    for client in (world["advocate"], root):
        for url in [*admin_form_urls(), f"/admin/plans/edit/{plan.pk}/"]:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            html, pages = response.content.decode(), pages + 1
            options = set(re.findall(r'<option value="([0-9a-f-]{36})"', html))
            assert not options & ids, url
            choosers |= set(re.findall(OUR_CHOOSERS + '"', html))
    assert pages > 20
    assert {HOME_CHOOSER, CASE_WORK_CHOOSER, PUBLISHED_CHOOSER, SUPERVISED_CHOOSER} <= choosers
    assert {ORGANIZATION_CHOOSER, LOCATION_CHOOSER} <= choosers
    for chooser in choosers:
        assert 'id="id_q"' in json.loads(root.get(chooser).content)["html"], chooser


def test_partner_user_form_offers_and_accepts_only_supervised_organizations(world):
    supervisor = verified_admin_client(
        Client(), make_staff(world["home"], "chooser-supervisor", role=Membership.Role.SUPERVISOR)
    )
    html = supervisor.get("/admin/partner-users/add/").content.decode()
    assert chooser_of(html, "organization") == SUPERVISED_CHOOSER
    assert listed(supervisor, SUPERVISED_CHOOSER, "refugio") == {str(world["home"].pk)}
    assert listed(supervisor, SUPERVISED_CHOOSER, "legal aid") == set()
    assert supervisor.get(f"{SUPERVISED_CHOOSER}chosen/{world['elsewhere'].pk}/").status_code == 404
    data = {"username": "forged-chooser", "first_name": "F", "email": "f@example.org"}
    response = supervisor.post("/admin/partner-users/add/", {**data, "organization": str(world["elsewhere"].pk)})
    assert response.status_code == 200
    assert not User.objects.filter(username="forged-chooser").exists()
    assert listed(world["advocate"], SUPERVISED_CHOOSER) == set()
