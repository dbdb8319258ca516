"""Property: over random directories with random confidential flags, on locations and on
organizations, moving a confidential location (or any location of a confidential organization)
anywhere (its position and its address) changes no public output by a single byte: search pages
with every filter and ZIP, service pages, the HSDS API, export_hsds and the directory's answers
by text."""

from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.directory.by_text import parse, services_for
from portal.directory.export import write_package
from portal.directory.models import Address, Location, Organization, Service
from tests.directory.builders import location, make_service, schedule

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))
# ZIP centres the searches use, and the places locations are put at (centres and a little off them).
ZIPS = {"77002": (29.7594, -95.3594), "79901": (31.7584, -106.4783), "78501": (26.2034, -98.2300)}
SPOTS = [(lat + dlat, lng + dlng) for lat, lng in ZIPS.values() for dlat, dlng in ((0, 0), (0.3, -0.2), (-0.9, 0.5))]
AREAS = [(), ("Harris County, TX",), ("El Paso County, TX",), ("Texas",), ("Hidalgo County, TX",)]
CATEGORIES = ["housing", "legal", "medical"]
SECRET_ORG = "33333333-3333-4333-8333-333333333333"

services = st.lists(
    st.fixed_dictionaries(
        {
            "category": st.sampled_from(CATEGORIES),
            "areas": st.sampled_from(AREAS),
            "locations": st.lists(st.tuples(st.booleans(), st.sampled_from(SPOTS)), max_size=3),
            "language": st.sampled_from(["en", "es", "vi"]),
            "free": st.booleans(),
            "open": st.booleans(),
            "secret_organization": st.booleans(),
        }
    ),
    min_size=1,
    max_size=5,
)
anywhere = st.one_of(
    st.sampled_from(SPOTS),
    st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)),
)


def build(specs):
    for number, spec in enumerate(specs):
        places = [
            location(lat=lat, lng=lng, confidential=secret, street=f"{number}{i} Elm St")
            for i, (secret, (lat, lng)) in enumerate(spec["locations"])
        ]
        if number == 0:  # at least one confidential place to move
            places.append(location(lat=SPOTS[0][0], lng=SPOTS[0][1], confidential=True, street="1 Hidden Way"))
        organization = {}
        if spec.get("secret_organization"):
            organization = {
                "organization_id": SECRET_ORG,
                "organization": {"id": SECRET_ORG, "name": "Quiet House", "description": "A shelter."},
            }
        make_service(
            name=f"Service {number}",
            categories=[spec["category"]],
            attributes=["free"] if spec["free"] else [],
            languages=[spec["language"]],
            areas=spec["areas"],
            locations=places,
            schedules=[schedule() if spec["open"] else schedule(byday="SA")],
            **organization,
        )
    # Marked in the portal after the import, as an advocate would.
    Organization.objects.filter(id=SECRET_ORG).update(is_confidential=True)


def search_parameters():
    choices = [{}, {"q": "shelter"}, {"q": "abogado"}, {"language": "es"}, {"free": "on"}, {"open_now": "on"}]
    choices += [{"category": category} for category in CATEGORIES]
    choices.append({"category": "legal", "language": "es", "free": "on", "open_now": "on", "q": "legal"})
    for zip_code in ["", *ZIPS]:
        for choice in choices:
            yield {**choice, "zip": zip_code}


def public_outputs(client):
    """Everything the public can get from the directory, as bytes or text."""
    outputs = {}
    for language in ("en", "ar"):
        for number, params in enumerate(search_parameters()):
            outputs[f"search {language} {number}"] = client.get(f"/{language}/services/", params).content
    for service_id in Service.objects.public().order_by("pk").values_list("pk", flat=True):
        outputs[f"page {service_id}"] = client.get(f"/en/services/{service_id}/").content
        outputs[f"api {service_id}"] = client.get(f"/api/hsds/services/{service_id}").content
    outputs["api list"] = client.get("/api/hsds/services", {"per_page": 200}).content
    with TemporaryDirectory() as folder:
        write_package(folder)
        for path in sorted(Path(folder).iterdir()):
            outputs[f"export {path.name}"] = path.read_bytes()
    for zip_code in ZIPS:
        for word in ("", "shelter", "abogado", "doctor"):
            outputs[f"text {word} {zip_code}"] = repr(services_for(parse(f"{word} {zip_code}")))
    return outputs


def move_confidential_locations(positions):
    for index, place in enumerate(Location.objects.kept_confidential().order_by("id")):
        latitude, longitude = positions[index % len(positions)]
        Location.objects.filter(pk=place.pk).update(latitude=latitude, longitude=longitude)
        Address.objects.filter(location=place).update(address_1=f"{index} Moved Road", city="Elsewhere")


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(specs=services, positions=st.lists(anywhere, min_size=1, max_size=3))
def test_moving_a_confidential_location_changes_no_public_output(empty_directory, specs, positions):
    client = Client()
    with time_machine.travel(MONDAY_10AM, tick=False), transaction.atomic():
        build(specs)
        before = public_outputs(client)
        move_confidential_locations(positions)
        after = public_outputs(client)
        changed = [name for name in before if before[name] != after[name]]
        assert changed == []
        transaction.set_rollback(True)


def test_the_comparison_would_see_a_public_location_move(empty_directory):
    client = Client()
    with time_machine.travel(MONDAY_10AM, tick=False):
        build(
            [
                {
                    "category": "housing",
                    "areas": ("Texas",),
                    "locations": [(False, SPOTS[0])],
                    "language": "en",
                    "free": False,
                    "open": True,
                }
            ]
        )
        before = public_outputs(client)
        Location.objects.filter(is_confidential=False).update(latitude=SPOTS[1][0], longitude=SPOTS[1][1])
        after = public_outputs(client)
    assert before["search en 0"] == after["search en 0"]  # no ZIP: no distance
    assert any(before[name] != after[name] for name in before if name.startswith("search en"))
    assert before["api list"] != after["api list"]
