"""An organization marked confidential hides every one of its places, like a location's own
flag: on pages, in the API, the export and by text; through re-imports; until permitted staff
clear it, which is logged."""

import json

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from portal.directory.export import write_package
from portal.directory.models import Location, Organization
from tests.accounts.builders import verified_admin_client
from tests.directory.builders import location, make_service
from tests.directory.test_position import (
    directory_permission,
    edit_in_admin,
    full_location,
    link,
    make_staff,
    north,
    pinned_clock,  # noqa: F401
    run_import,
    service_document,
    zip_results,
)

pytestmark = pytest.mark.django_db
SHELTER_ORG = "22222222-2222-4222-8222-222222222222"
STREET = "12 Quiet Lane"


@pytest.fixture
def town(empty_directory, pinned_clock):  # noqa: F811
    """A shelter organization's service 3 miles from the centre of 77002 (its place not flagged
    itself) and another agency's office 10 miles away."""
    shelter_place = {**location(**north(3), street=STREET), "name": "Haven"}
    shelter = make_service(
        name="Safe Haven",
        categories=["housing"],
        locations=[shelter_place],
        organization_id=SHELTER_ORG,
        organization={"id": SHELTER_ORG, "name": "Haven House", "description": "Shelter."},
    )
    office = make_service(name="Advice office", categories=["housing"], locations=[location(**north(10))])
    return {"shelter": shelter, "office": office, "place": Location.objects.get(id=shelter_place["id"])}


def mark_confidential():
    Organization.objects.filter(id=SHELTER_ORG).update(is_confidential=True)


def public_text(client, town, tmp_path):
    parts = [
        client.get("/en/services/", {"zip": "77002"}).content.decode(),
        client.get(f"/en/services/{town['shelter'].pk}/").content.decode(),
        client.get("/api/hsds/services", {"per_page": 200}).content.decode(),
        client.get(f"/api/hsds/services/{town['shelter'].pk}").content.decode(),
    ]
    write_package(tmp_path / "export")
    parts += [path.read_text() for path in (tmp_path / "export").iterdir()]
    return "\n".join(parts)


def assert_hidden(client, town, tmp_path):
    assert zip_results() == [("Advice office", 10), ("Safe Haven", None)]
    text = public_text(client, town, tmp_path)
    assert STREET not in text
    assert str(town["place"].latitude) not in text
    assert "This is a safe, private place." in client.get(f"/en/services/{town['shelter'].pk}/").content.decode()


def edit_organization_in_admin(client, organization_id, **changes):
    return edit_in_admin(client, "organization", organization_id, **changes)


def test_before_marking_the_place_shows(client, town, tmp_path):
    assert zip_results() == [("Safe Haven", 3), ("Advice office", 10)]
    assert STREET in public_text(client, town, tmp_path)


def test_marking_the_organization_in_the_admin_hides_all_its_places(client, admin_client_verified, town, tmp_path):
    response = edit_organization_in_admin(admin_client_verified, SHELTER_ORG, is_confidential="on")
    assert response.status_code == 302
    assert Organization.objects.get(id=SHELTER_ORG).is_confidential
    assert not Location.objects.get(id=town["place"].id).is_confidential  # the place's own flag is untouched
    assert Location.objects.get(id=town["place"].id).kept_confidential
    assert_hidden(client, town, tmp_path)


def test_a_place_owned_by_the_organization_is_hidden_too(client, town, tmp_path):
    Location.objects.filter(id=town["place"].id).update(organization_id=SHELTER_ORG)
    Location.objects.filter(id=town["place"].id).first().service_at_locations.all().delete()
    place = Location.objects.get(id=town["place"].id)
    assert place in Location.objects.public() and not place.kept_confidential
    mark_confidential()
    place = Location.objects.get(id=town["place"].id)
    assert place in Location.objects.kept_confidential() and place not in Location.objects.public()
    assert place.kept_confidential


def test_a_place_of_no_organization_is_hidden_once_a_confidential_organizations_service_is_there(
    client, town, tmp_path
):
    # No organization: the rule's first set cannot hold it (a NULL is never in a set), the second still may.
    Location.objects.filter(id=town["place"].id).update(organization=None)
    place = Location.objects.with_confidentiality().get(id=town["place"].id)
    assert place in Location.objects.public() and place not in Location.objects.kept_confidential()
    assert not place.kept_confidential
    assert zip_results() == [("Safe Haven", 3), ("Advice office", 10)]
    mark_confidential()
    place = Location.objects.with_confidentiality().get(id=town["place"].id)
    assert place not in Location.objects.public() and place in Location.objects.kept_confidential()
    assert place.kept_confidential
    assert_hidden(client, town, tmp_path)


def test_reimport_with_the_address_keeps_it_hidden_and_names_it(client, town, tmp_path):
    mark_confidential()
    moved = {**full_location(town["place"]), "latitude": 31.0, "longitude": -97.0}
    moved["addresses"][0]["address_1"] = "1 Elsewhere Road"
    feed = {**service_document(town["shelter"]), "service_at_locations": [link(moved)]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    output = run_import(path)
    place = Location.objects.get(id=town["place"].id)
    assert f"location {place.id}" in output and "kept confidential" in output
    assert (place.latitude, place.addresses.get().address_1) == (town["place"].latitude, STREET)
    assert Organization.objects.get(id=SHELTER_ORG).is_confidential  # an import never clears it
    assert_hidden(client, town, tmp_path)


def test_a_new_place_imported_for_the_organization_never_stores_its_address(client, town, tmp_path):
    mark_confidential()
    new_place = {**location(**north(2), street="5 New Street"), "name": "Haven annex"}
    feed = {**service_document(town["shelter"]), "service_at_locations": [link(new_place)]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    assert f"location {new_place['id']}" in run_import(path)
    place = Location.objects.get(id=new_place["id"])
    assert (place.latitude, list(place.addresses.all())) == (None, [])


def test_only_permitted_staff_clear_the_flag_and_it_is_logged(client, town):
    mark_confidential()
    editor = make_staff(None, "directory-editor")
    editor.user_permissions.add(directory_permission("change_organization"), directory_permission("view_organization"))
    editor_client = verified_admin_client(Client(), editor)
    response = edit_organization_in_admin(editor_client, SHELTER_ORG, is_confidential=False)
    assert response.status_code == 200
    assert "stays confidential" in response.content.decode()
    assert Organization.objects.get(id=SHELTER_ORG).is_confidential
    assert not ModelLogEntry.objects.filter(action="directory.organization.confidential_cleared").exists()

    editor.user_permissions.add(directory_permission("clear_confidential"))
    editor_client = verified_admin_client(Client(), type(editor).objects.get(pk=editor.pk))
    assert edit_organization_in_admin(editor_client, SHELTER_ORG, is_confidential=False).status_code == 302
    assert not Organization.objects.get(id=SHELTER_ORG).is_confidential
    entry = ModelLogEntry.objects.get(action="directory.organization.confidential_cleared")
    assert (entry.user_id, entry.object_id) == (editor.pk, SHELTER_ORG)
    assert zip_results() == [("Safe Haven", 3), ("Advice office", 10)]
