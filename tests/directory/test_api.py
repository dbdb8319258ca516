"""The HSDS API: root, paginated list with filters, one service; every document valid."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.directory.models import Service, TaxonomyTerm
from tests.directory.builders import make_service
from tests.directory.test_hsds_exchange import assert_valid_services

pytestmark = pytest.mark.django_db


def test_root_names_the_version(client):
    assert client.get("/api/hsds/").json()["version"] == "3.0.0"


def test_list_is_paginated_as_hsds_specifies(client, taxonomy):
    for number in range(7):
        make_service(name=f"Service {number}")
    live = Service.objects.public().count()
    page = client.get("/api/hsds/services", {"per_page": 3, "page": 2}).json()
    assert page["total_items"] == live
    assert page["total_pages"] == -(-live // 3)
    assert page["page_number"] == 2 and page["size"] == 3
    assert page["first_page"] is False and page["empty"] is False
    assert_valid_services(page["contents"])
    last = client.get("/api/hsds/services", {"per_page": 3, "page": page["total_pages"]}).json()
    assert last["last_page"] is True


def test_the_count_is_of_the_services_a_survivor_may_be_shown_with_or_without_filters(client, empty_directory):
    for status in ("active", "temporarily closed", "inactive", "defunct"):
        make_service(name=f"Clinic {status}", status=status, categories=["medical"])
    withdrawn = make_service(name="Clinic withdrawn", categories=["medical"])
    withdrawn.unpublish()
    medical = TaxonomyTerm.objects.get(code="medical").id
    for params, expected in (
        ({}, 2),
        ({"search": "clinic"}, 2),
        ({"taxonomy_term_id": str(medical)}, 2),
        ({"search": "clinic", "taxonomy_term_id": str(medical)}, 2),
        ({"search": "no such word"}, 0),
    ):
        page = client.get("/api/hsds/services", params).json()
        assert (page["total_items"], page["size"]) == (expected, expected), params
    assert {document["name"] for document in page_of(client)} == {"Clinic active", "Clinic temporarily closed"}


def page_of(client):
    return client.get("/api/hsds/services", {"per_page": 200}).json()["contents"]


def test_every_document_in_the_api_is_valid(client, taxonomy):
    page = client.get("/api/hsds/services", {"per_page": 200}).json()
    assert page["total_items"] >= 60  # the seeded Texas directory
    assert_valid_services(page["contents"])
    one = client.get(f"/api/hsds/services/{page['contents'][0]['id']}").json()
    assert_valid_services([one])


def test_filters_combine_with_and(client, taxonomy):
    legal = TaxonomyTerm.objects.get(code="legal")
    target = make_service(name="Zebra legal aid", categories=["legal"])
    make_service(name="Zebra clinic", categories=["medical"])
    results = client.get(
        "/api/hsds/services",
        {"search": "zebra", "taxonomy_term_id": str(legal.id), "organization_id": str(target.organization_id)},
    ).json()
    assert [doc["name"] for doc in results["contents"]] == ["Zebra legal aid"]
    modified = client.get("/api/hsds/services", {"search": "zebra", "modified_after": "2999-01-01"}).json()
    assert modified["empty"] is True


@pytest.mark.parametrize(
    "params",
    [{"page": "0"}, {"page": "x"}, {"per_page": "-1"}, {"taxonomy_term_id": "nope"}, {"modified_after": "soon"}],
)
def test_bad_parameters_are_a_clear_400(client, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400
    assert list(params)[0] in response.json()["error"]


@pytest.mark.parametrize("status", [Service.INACTIVE, Service.DEFUNCT])
def test_a_service_no_longer_offered_is_neither_listed_nor_served(client, taxonomy, status):
    """The API answers from the one directory search, like the pages: only services a survivor may be shown."""
    gone = make_service(name="Closed for good", status=status)
    listed = client.get("/api/hsds/services", {"per_page": 200, "search": "Closed for good"}).json()
    assert listed["total_items"] == 0
    assert client.get(f"/api/hsds/services/{gone.pk}").status_code == 404
    make_service(name="Closed for good", status=Service.ACTIVE)
    assert client.get("/api/hsds/services", {"search": "Closed for good"}).json()["total_items"] == 1


def test_unknown_service_is_404(client):
    assert client.get("/api/hsds/services/00000000-0000-4000-8000-000000000000").status_code == 404


def test_list_query_count_does_not_grow(client, taxonomy):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/hsds/services", {"per_page": 100})
        return len(queries)

    count()  # the first request fills per-process caches
    before = count()
    for number in range(30):
        make_service(name=f"Extra {number}")
    assert count() == before
    assert before <= 20


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999",
        "page=1000001",
        "page=" + "9" * 5000,
        "page=%C2%B2",  # a superscript two is a digit to str.isdigit, not a number
        "page=%D9%A2",  # an Arabic-Indic two
        "per_page=1e9",
        "search=%00",
        "search=abc%00def",
        "organization_id=%00",
        "modified_after=%00",
        "modified_after=99999-01-01",
        "search=" + "x" * 600,
        "%00=1",
        "taxonomy_term_id=00000000-0000-0000-0000-00000000000%00",
    ],
)
def test_odd_input_is_a_400_with_a_json_error(client, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


def test_the_last_page_and_past_it_are_empty_not_errors(client, taxonomy):
    response = client.get("/api/hsds/services", {"page": 1_000_000, "per_page": 200})
    assert response.status_code == 200
    assert response.json()["contents"] == [] and response.json()["last_page"] is True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["page", "per_page", "search", "taxonomy_term_id", "organization_id", "modified_after", "x"]),
        st.text(max_size=40),
        max_size=4,
    )
)
def test_any_query_string_is_answered_with_json(client, taxonomy, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code in (200, 400)
    assert isinstance(response.json(), dict)
