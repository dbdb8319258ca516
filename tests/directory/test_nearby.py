"""A page near a place, read from the services within a mile when they fill it (directory.nearby):
always the page the whole search gives, whatever the places, filters and page, and never moved by
a confidential location."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal.directory.models import Location, Organization
from portal.directory.places import zip_place
from portal.directory.search import search_services, whole_miles
from tests.directory.builders import location, make_service, schedule

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))
HOUSTON = (29.7594, -95.3594)  # the centre of ZIP 77002
SECRET_ORG = "44444444-4444-4444-8444-444444444444"

# Offsets in degrees: on the centre, inside the one-mile ring (a mile is about 0.0145 degrees),
# on its edge, just outside, a few miles out and far out.
OFFSETS = [0.0, 0.004, -0.009, 0.0144, 0.0146, -0.03, 0.2, 1.5]
places = st.tuples(st.sampled_from(OFFSETS), st.sampled_from(OFFSETS))
services = st.lists(
    st.fixed_dictionaries(
        {
            "locations": st.lists(st.tuples(st.booleans(), places), max_size=3),
            "areas": st.sampled_from([(), ("Harris County, TX",), ("Texas",), ("El Paso County, TX",)]),
            "category": st.sampled_from(["housing", "legal"]),
            "open": st.booleans(),
            "secret_organization": st.booleans(),
        }
    ),
    min_size=1,
    max_size=8,
)
searches = st.sampled_from([{}, {"category": "housing"}, {"open_now": True}, {"q": "shelter"}])


def build(specs):
    for number, spec in enumerate(specs):
        spots = [
            location(lat=HOUSTON[0] + dlat, lng=HOUSTON[1] + dlng, confidential=secret, street=f"{number}{i} Elm St")
            for i, (secret, (dlat, dlng)) in enumerate(spec["locations"])
        ]
        organization = {}
        if spec["secret_organization"]:
            organization = {
                "organization_id": SECRET_ORG,
                "organization": {"id": SECRET_ORG, "name": "Quiet House", "description": "A shelter."},
            }
        make_service(
            name=f"Shelter {number}" if number % 2 else f"Service {number}",
            categories=[spec["category"]],
            areas=spec["areas"],
            locations=spots,
            schedules=[schedule() if spec["open"] else schedule(byday="SA")],
            **organization,
        )
    Organization.objects.filter(id=SECRET_ORG).update(is_confidential=True)


def page_near_houston(search, start, stop):
    """(the page as `Found.page` reads it, the same rows of the whole search), as (id, miles) pairs."""
    found = search_services(place=zip_place("77002"), now=MONDAY_10AM, **search)
    page = [(card.pk, card.distance_miles) for card in found.page(start, stop)]
    whole = [(pk, whole_miles(squared)) for pk, squared in found.entries.values_list("pk", "distance_squared")]
    return page, whole[start:stop]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=services, search=searches, start=st.integers(0, 4), size=st.integers(1, 4), moved_to=places)
# A shelter's confidential place inside the ring must not bring its service into the ring: its public
# place is far, and a public service outside the ring comes before it.
@example(
    specs=[
        {
            "locations": [(False, (0.0, 0.0))],
            "areas": (),
            "category": "legal",
            "open": True,
            "secret_organization": False,
        },
        {
            "locations": [(True, (0.0, 0.0)), (False, (1.5, 0.0))],
            "areas": ("Texas",),
            "category": "legal",
            "open": True,
            "secret_organization": False,
        },
        {
            "locations": [(False, (0.2, 0.0))],
            "areas": (),
            "category": "legal",
            "open": True,
            "secret_organization": False,
        },
    ],
    search={},
    start=0,
    size=2,
    moved_to=(0.0, 0.0),
)
def test_a_page_near_a_place_is_the_whole_search_s_page_wherever_confidential_places_are(
    empty_directory, specs, search, start, size, moved_to
):
    with transaction.atomic():
        build(specs)
        page, whole = page_near_houston(search, start, start + size)
        assert page == whole
        # Every confidential place to the centre of the ring: nothing a survivor sees may move.
        Location.objects.kept_confidential().update(
            latitude=HOUSTON[0] + moved_to[0], longitude=HOUSTON[1] + moved_to[1]
        )
        assert page_near_houston(search, start, start + size) == (page, whole)
        transaction.set_rollback(True)


def whole_search_loops(start, stop):
    """How many times PostgreSQL ran the whole search (the `whole` step) while reading the page."""
    with CaptureQueriesContext(connection) as queries:
        page = search_services(place=zip_place("77002"), now=MONDAY_10AM).page(start, stop)
    (statement,) = [query["sql"] for query in queries if query["sql"].startswith("WITH beginning")]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}")
        (plan,) = cursor.fetchone()[0]
    step = _find(plan["Plan"], lambda node: node.get("Subplan Name") == "CTE whole")
    # The step is a gate over the whole search: the gate's own condition is an InitPlan, the search its "Outer".
    (search,) = [node for node in step["Plans"] if node["Parent Relationship"] == "Outer"]
    return page, search["Actual Loops"]


def _find(node, wanted):
    if wanted(node):
        return node
    for child in node.get("Plans", []):
        found = _find(child, wanted)
        if found is not None:
            return found
    return None


def test_when_the_ring_fills_the_page_the_whole_search_is_not_worked_out(empty_directory):
    for number in range(4):
        make_service(name=f"Close {number}", locations=[location(lat=HOUSTON[0] + 0.001 * number)])
    make_service(name="Far", locations=[location(lat=HOUSTON[0] + 0.2)])
    page, loops = whole_search_loops(0, 3)
    assert [card.name for card in page] == ["Close 0", "Close 1", "Close 2"] and loops == 0
    # A page the ring cannot fill comes from the whole search, farther services included.
    page, loops = whole_search_loops(2, 6)
    assert [card.name for card in page] == ["Close 2", "Close 3", "Far"] and loops == 1
    assert json.dumps([card.distance_miles for card in page]) == "[0, 0, 14]"
