"""HSDS import and export: the shared examples, bad input, and a faithful round trip."""

import csv
import io
import json
import shutil
from pathlib import Path
from uuid import uuid4

import jsonschema
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from portal.directory.export import write_package
from portal.directory.models import Location, Service
from tests.directory.builders import location, make_service, schedule

pytestmark = pytest.mark.django_db
HSDS = Path(__file__).resolve().parent / "hsds"
EXAMPLES = HSDS / "examples"
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def service_validator():
    schema = json.loads((HSDS / "schema" / "service.json").read_text())
    return jsonschema.Draft7Validator(schema)


def assert_valid_services(documents):
    validator = service_validator()
    for document in documents:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], document["id"]


def directory_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("directory").get_models()}


@pytest.mark.parametrize(
    "example", ["service_full.json", "service_list.json", "organization_full.json", "organization_list.json", "csv"]
)
def test_imports_the_shared_examples(example):
    Service.objects.filter(id=EXAMPLE_SERVICE).delete()
    call_command("import_hsds", str(EXAMPLES / example), stdout=io.StringIO(), stderr=io.StringIO())
    if example != "organization_list.json":  # the list holds organizations only
        service = Service.objects.get(id=EXAMPLE_SERVICE)
        assert service.name_en == "Community Counselling"
        assert service.organization.name == "Example Organization Inc."


def test_importing_twice_changes_nothing():
    call_command("import_hsds", str(EXAMPLES / "service_full.json"), stdout=io.StringIO(), stderr=io.StringIO())
    before = directory_counts()
    call_command("import_hsds", str(EXAMPLES / "service_full.json"), stdout=io.StringIO(), stderr=io.StringIO())
    assert directory_counts() == before


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(status="open"), "field 'status'"),
        (lambda d: d["schedules"][0].update(opens_at="nine"), "field 'opens_at'"),
        (lambda d: d["phones"][0].pop("number"), "field 'number'"),
        (lambda d: d["service_at_locations"][0]["location"]["addresses"][0].update(city=None), "field 'city'"),
        (lambda d: d.update(minimum_age="twelve"), "field 'minimum_age'"),
        (
            lambda d: d["attributes"].append(
                {
                    "id": "6b2b6b8c-7c3a-4b4f-9a51-0c0f3a1d2e3f",
                    "taxonomy_term_id": "00000000-0000-4000-8000-000000000000",
                }
            ),
            "unknown taxonomy term",
        ),
        (lambda d: d.update(id="not-a-uuid"), "not a UUID"),
    ],
)
def test_bad_input_names_the_record_and_field_and_imports_nothing(tmp_path, change, named):
    documents = json.loads((EXAMPLES / "service_list.json").read_text())["contents"]
    good = json.loads((EXAMPLES / "service_full.json").read_text())
    good["id"] = "0b6f0e8e-4a57-4b53-9d42-5d2c7a6f0001"
    bad = json.loads((EXAMPLES / "service_full.json").read_text())
    change(bad)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([good, *documents, bad]))
    before = directory_counts()
    with pytest.raises(CommandError) as error:
        call_command("import_hsds", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert named in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert directory_counts() == before


def test_unreadable_input_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read JSON"):
        call_command("import_hsds", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="no services.csv"):
        call_command("import_hsds", str(tmp_path), stdout=io.StringIO())


def test_export_is_valid_hsds_and_round_trips(tmp_path, empty_directory):
    make_service(
        name="Shelter",
        categories=["housing"],
        attributes=["open-24-7"],
        locations=[location(street="415 Hidden Oak Lane", confidential=True), location()],
    )
    make_service(name="Clinic", categories=["medical"], schedules=[schedule(timezone=-7), schedule(byday="SA")])
    first = tmp_path / "first"
    write_package(first)
    documents = json.loads((first / "services.json").read_text())
    assert_valid_services(documents)
    assert len(documents) == Service.objects.filter(live=True).count()
    datapackage = json.loads((first / "datapackage.json").read_text())
    assert {r["path"] for r in datapackage["resources"]} >= {"services.csv", "locations.csv", "schedules.csv"}

    # Into an empty directory, from the CSV package, then export again.
    exported = [document["id"] for document in documents]
    locations = Location.objects.filter(service_at_locations__service_id__in=exported)
    location_ids = set(locations.values_list("id", flat=True))
    confidential_before = set(locations.filter(is_confidential=True).values_list("id", flat=True))
    assert len(confidential_before) == 1
    Service.objects.filter(id__in=exported).delete()
    Location.objects.filter(id__in=location_ids).delete()
    call_command("import_hsds", str(first), stdout=io.StringIO(), stderr=io.StringIO())
    second = tmp_path / "second"
    write_package(second)
    assert json.loads((second / "services.json").read_text()) == documents
    reimported = Location.objects.filter(id__in=location_ids)
    assert set(reimported.filter(is_confidential=True).values_list("id", flat=True)) == confidential_before
    for table in ("services.csv", "schedules.csv", "attributes.csv"):
        assert (first / table).read_text() == (second / table).read_text()


def test_export_of_the_shared_example_round_trips_through_json(tmp_path):
    call_command("import_hsds", str(EXAMPLES / "service_full.json"), stdout=io.StringIO(), stderr=io.StringIO())
    write_package(tmp_path / "a")
    shutil.copy(tmp_path / "a" / "services.json", tmp_path / "services.json")
    call_command("import_hsds", str(tmp_path / "services.json"), stdout=io.StringIO(), stderr=io.StringIO())
    write_package(tmp_path / "b")
    assert (tmp_path / "a" / "services.json").read_text() == (tmp_path / "b" / "services.json").read_text()


def test_export_cells_never_run_as_formulas_and_read_back_unchanged(tmp_path, empty_directory):
    formula = '=HYPERLINK("http://example.org/steal","Open")'
    make_service(name=formula, description="@SUM(A1:A9)", phones=[{"id": str(uuid4()), "number": "+1 713 555 0100"}])
    write_package(tmp_path / "first")
    cells = [cell for path in (tmp_path / "first").glob("*.csv") for row in csv.reader(path.open()) for cell in row]
    assert f"'{formula}" in cells and "'@SUM(A1:A9)" in cells and "'+1 713 555 0100" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert "-95.3594" in cells  # numbers stay numbers

    Service.objects.filter(name_en=formula).delete()
    call_command("import_hsds", str(tmp_path / "first"), stdout=io.StringIO(), stderr=io.StringIO())
    service = Service.objects.get(name_en=formula)
    assert (service.description_en, service.phones.get().number) == ("@SUM(A1:A9)", "+1 713 555 0100")
