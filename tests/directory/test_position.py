"""A shelter's position never shapes a result: distance and order come from public locations only,
at search time, whatever way a location, service or import changed."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from portal.directory.hsds_import import import_documents
from portal.directory.models import Location, Service
from portal.directory.places import zip_place
from portal.directory.search import search_services
from tests.accounts.builders import make_staff, verified_admin_client
from tests.admin_forms import form_fields
from tests.directory.builders import location, make_service

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))
CENTRE_77002 = (29.7594, -95.3594)
MILE = 1 / 69  # degrees of latitude


def north(miles):
    return {"lat": CENTRE_77002[0] + miles * MILE, "lng": CENTRE_77002[1]}


@pytest.fixture
def pinned_clock():
    with time_machine.travel(MONDAY_10AM, tick=False):
        yield


@pytest.fixture
def town(empty_directory, pinned_clock):
    """A shelter 3 miles from the centre of 77002 and an office 10 miles away, both serving the county."""
    shelter_place = location(**north(3), street="12 Quiet Lane")
    shelter = make_service(name="Safe Haven", categories=["housing"], locations=[shelter_place])
    office = make_service(name="Advice office", categories=["housing"], locations=[location(**north(10))])
    return {"shelter": shelter, "office": office, "place": Location.objects.get(id=shelter_place["id"])}


def zip_results():
    """(name, miles) for a ZIP search from 77002, in the order shown."""
    place = zip_place("77002")
    return [(s.name, s.distance_miles) for s in search_services(place=place).page(0)]


def page_facts(client):
    """Each result's name and the facts line under it, as the search page shows them."""
    body = client.get("/en/services/", {"zip": "77002"}).content.decode()
    results = re.findall(r'class="result__name"><a [^>]*>([^<]+)</a>.*?class="result__facts">(.*?)</p>', body, re.S)
    return [(name, " ".join(re.sub(r"<[^>]+>", " ", facts).split())) for name, facts in results]


def assert_the_shelter_gives_nothing_away(client):
    assert zip_results() == [("Advice office", 10), ("Safe Haven", None)]
    assert page_facts(client) == [
        ("Advice office", "Open now 10 miles away"),
        ("Safe Haven", "Open now Serves your area"),
    ]


def test_before_any_change_the_public_shelter_is_nearest(client, town):
    assert zip_results() == [("Safe Haven", 3), ("Advice office", 10)]
    assert page_facts(client)[0] == ("Safe Haven", "Open now 3 miles away")


def edit_location_in_admin(client, location_id, **changes):
    return edit_in_admin(client, "location", location_id, **changes)


def edit_in_admin(client, model_name, pk, **changes):
    """Post the admin's edit form for a directory snippet as it stands, with `changes`
    (False leaves a checkbox unticked)."""
    url = f"/admin/snippets/directory/{model_name}/edit/{pk}/"
    values = form_fields(client.get(url).content.decode())
    values.pop("is_confidential", None)
    values.update({key: value for key, value in changes.items() if value is not False})
    return client.post(url, values)


def test_admin_save(client, admin_client_verified, town):
    response = edit_location_in_admin(admin_client_verified, town["place"].id, is_confidential="on")
    assert response.status_code == 302
    assert_the_shelter_gives_nothing_away(client)


def test_orm_save(client, town):
    town["place"].is_confidential = True
    town["place"].save()
    assert_the_shelter_gives_nothing_away(client)


def test_bulk_edit(client, town):
    Location.objects.filter(addresses__address_1="12 Quiet Lane").update(is_confidential=True)
    assert_the_shelter_gives_nothing_away(client)


def test_import(client, town):
    document = {"id": str(town["place"].id), "name": "Shelter", "latitude": 29.80, "longitude": -95.36}
    document["attributes"] = [{"id": str(town["place"].id), "taxonomy_term_id": confidential_term_id()}]
    import_documents({**service_document(town["shelter"]), "service_at_locations": [link(document)]})
    assert Location.objects.get(id=town["place"].id).is_confidential
    assert_the_shelter_gives_nothing_away(client)


def test_reimport_of_a_feed_with_the_address_keeps_it_confidential(client, town, tmp_path):
    Location.objects.filter(id=town["place"].id).update(is_confidential=True)
    feed = {**service_document(town["shelter"]), "service_at_locations": [link(full_location(town["place"]))]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    output = run_import(path)
    location = Location.objects.get(id=town["place"].id)
    assert location.is_confidential
    assert [address.address_1 for address in location.addresses.all()] == ["12 Quiet Lane"]
    assert f"location {location.id}" in output and "kept confidential" in output
    assert_the_shelter_gives_nothing_away(client)


def test_reimport_does_not_move_a_kept_place(client, town, tmp_path):
    Location.objects.filter(id=town["place"].id).update(is_confidential=True)
    moved = {**full_location(town["place"]), "latitude": 31.0, "longitude": -97.0}
    moved["addresses"][0]["address_1"] = "1 Elsewhere Road"
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({**service_document(town["shelter"]), "service_at_locations": [link(moved)]}))
    run_import(path)
    location = Location.objects.get(id=town["place"].id)
    assert (location.latitude, location.addresses.get().address_1) == (town["place"].latitude, "12 Quiet Lane")


def test_publish_a_revision_that_drops_the_public_location(client, town):
    confidential = location(**north(1), confidential=True)
    make_service(name="Elsewhere", locations=[confidential], areas=["Travis County, TX"])
    shelter = Service.objects.get(pk=town["shelter"].pk)
    link_row = shelter.service_at_locations.get()
    link_row.location_id = confidential["id"]
    shelter.service_at_locations = [link_row]
    shelter.save_revision().publish()
    assert_the_shelter_gives_nothing_away(client)


def test_unpublish(client, town):
    town["shelter"].unpublish()
    assert zip_results() == [("Advice office", 10)]


def test_delete_the_public_location(client, town):
    town["place"].delete()
    assert_the_shelter_gives_nothing_away(client)


def test_only_permitted_staff_clear_the_flag_and_it_is_logged(client, town):
    Location.objects.filter(id=town["place"].id).update(is_confidential=True)
    editor = make_editor()
    editor_client = verified_admin_client(Client(), editor)
    response = edit_location_in_admin(editor_client, town["place"].id, is_confidential=False)
    assert response.status_code == 200  # the form comes back with the reason
    assert "stays confidential" in response.content.decode()
    assert Location.objects.get(id=town["place"].id).is_confidential
    assert not ModelLogEntry.objects.filter(action="directory.location.confidential_cleared").exists()

    editor.user_permissions.add(directory_permission("clear_confidential"))
    editor_client = verified_admin_client(Client(), type(editor).objects.get(pk=editor.pk))
    assert edit_location_in_admin(editor_client, town["place"].id, is_confidential=False).status_code == 302
    assert not Location.objects.get(id=town["place"].id).is_confidential
    entry = ModelLogEntry.objects.get(action="directory.location.confidential_cleared")
    assert (entry.user_id, entry.object_id) == (editor.pk, str(town["place"].id))


def make_editor():
    """Staff who may edit directory locations, and nothing more."""
    editor = make_staff(None, "directory-editor")
    editor.user_permissions.add(directory_permission("change_location"), directory_permission("view_location"))
    return editor


def directory_permission(codename):
    return Permission.objects.get(content_type__app_label="directory", codename=codename)


# HSDS documents for the feeds above ------------------------------------------------------


def confidential_term_id():
    from portal.directory.models import TaxonomyTerm

    return str(TaxonomyTerm.objects.get(code="confidential-location").id)


def link(location_document):
    return {"id": location_document["id"], "location": location_document}


def full_location(place):
    address = place.addresses.get()
    return {
        "id": str(place.id),
        "name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "addresses": [
            {
                "id": str(address.id),
                "address_1": address.address_1,
                "city": address.city,
                "state_province": address.state_province,
                "postal_code": address.postal_code,
                "country": address.country,
            }
        ],
    }


def service_document(service):
    return {
        "id": str(service.id),
        "organization_id": str(service.organization_id),
        "name": service.name,
        "status": service.status,
        "service_areas": [{"id": str(area.id), "name": area.name} for area in service.service_areas.all()],
        "schedules": [
            {"id": str(s.id), "byday": s.byday, "opens_at": str(s.opens_at), "closes_at": str(s.closes_at)}
            for s in service.schedules.all()
        ],
        "phones": [{"id": str(phone.id), "number": phone.number} for phone in service.phones.all()],
        "attributes": [{"id": str(term.id), "taxonomy_term_id": str(term.id)} for term in service.categories.all()],
    }


def run_import(path):
    from io import StringIO

    output = StringIO()
    call_command("import_hsds", str(path), stdout=output)
    return output.getvalue()
