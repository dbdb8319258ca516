"""Directory search: every filter alone and combined, in the survivor's language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.directory.places import zip_place
from portal.directory.search import search_services
from tests.directory.builders import location, make_service, schedule

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def directory(empty_directory):
    houston = location()
    return {
        "legal": make_service(
            name="Immigration lawyers",
            categories=["legal"],
            attributes=["visa-help", "free"],
            languages=["es", "en"],
            translations={
                "name_es": "Abogados de inmigración",
                "description_es": "Ayuda con visas T y U y trámites de asilo.",
            },
        ),
        "shelter": make_service(
            name="Night shelter",
            categories=["housing"],
            attributes=["open-24-7", "serves-men"],
            schedules=[schedule(byday="MO,TU,WE,TH,FR,SA,SU", opens="00:00:00", closes="23:59:59")],
            languages=["vi"],
            locations=[houston],
        ),
        "clinic": make_service(
            name="Free clinic",
            categories=["medical"],
            attributes=["free"],
            languages=["zh", "en"],
            schedules=[schedule(byday="SA")],
            translations={"name_zh_hans": "免费诊所", "description_zh_hans": "为所有人提供免费医疗。"},
        ),
        "el_paso": make_service(
            name="Border legal aid",
            categories=["legal"],
            areas=["El Paso County, TX"],
            locations=[location(lat=31.7584, lng=-106.4783, zip_code="79901", city="El Paso")],
            schedules=[schedule(timezone=-7)],
        ),
        "statewide": make_service(name="Statewide legal line", categories=["legal"], areas=["Texas"], locations=[]),
        "closed": make_service(name="Old legal office", categories=["legal"], status="defunct"),
    }


def names(**filters):
    return sorted(service.name for service in search_services(now=MONDAY_10AM, **filters))


def test_no_filter_lists_every_public_service(directory):
    assert "Old legal office" not in names()
    assert len(names()) == 5


def test_free_text_matches_any_language_and_ignores_accents(directory):
    assert names(q="abogados") == ["Immigration lawyers"]
    assert names(q="tramites asilo") == ["Immigration lawyers"]  # typed without the accent
    # Category names are searched in every language too: all legal services match.
    assert names(q="inmigracion") == ["Border legal aid", "Immigration lawyers", "Statewide legal line"]
    assert names(q="诊所") == ["Free clinic"]
    assert names(q="SHELTER night") == ["Night shelter"]
    assert names(q="nothing like this") == []


def test_category(directory):
    assert names(category="legal") == ["Border legal aid", "Immigration lawyers", "Statewide legal line"]
    assert names(category="housing") == ["Night shelter"]


def test_language_spoken(directory):
    assert names(language="vi") == ["Night shelter"]
    assert names(language="es") == ["Immigration lawyers"]


def test_free_and_population(directory):
    assert names(free=True) == ["Free clinic", "Immigration lawyers"]
    assert names(serves="serves-men") == ["Night shelter"]


def test_open_now(directory):
    assert names(open_now=True) == ["Border legal aid", "Immigration lawyers", "Night shelter", "Statewide legal line"]


def test_zip_keeps_services_covering_it_nearest_first(directory):
    houston = [s.name for s in search_services(place=zip_place("77002"), now=MONDAY_10AM)]
    assert "Border legal aid" not in houston
    assert "Statewide legal line" in houston
    assert houston[-1] == "Statewide legal line"  # no public location: after those with a distance
    el_paso = [s.name for s in search_services(place=zip_place("79901"), now=MONDAY_10AM)]
    assert el_paso == ["Border legal aid", "Statewide legal line"]


def test_filters_combine(directory):
    assert names(category="legal", free=True, language="es", q="visa") == ["Immigration lawyers"]
    assert names(category="legal", place=zip_place("79901"), open_now=True) == [
        "Border legal aid",
        "Statewide legal line",
    ]
    assert names(category="medical", open_now=True) == []


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_search_page_shows_results_in_the_language(client, directory, language):
    response = client.get(f"/{language}/services/", {"q": "abogados"})
    assert response.status_code == 200
    body = response.content.decode()
    expected = "Abogados de inmigración" if language == "es" else "Immigration lawyers"
    assert expected in body
    assert "no-store" in response["Cache-Control"]  # it carries a form


def test_bad_zip_is_a_translated_error_that_keeps_the_other_answers(client, directory):
    response = client.get("/es/services/", {"q": "abogados", "zip": "7700"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="abogados"' in body
    assert "77002" in body  # the example in the error message
    assert "field--error" in body


def test_pages_of_results(client, empty_directory):
    for number in range(25):
        make_service(name=f"Service {number:02d}", categories=["basic-needs"])
    first = client.get("/en/services/", {"category": "basic-needs"}).content.decode()
    second = client.get("/en/services/", {"category": "basic-needs", "page": 2}).content.decode()
    assert "25 services found" in first and "Service 00" in first and "Service 19" in first
    assert "Service 20" in second and "Service 00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def query_count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_search_page_query_count_does_not_grow_with_the_directory(client, taxonomy):
    make_service(name="Only one", categories=["legal"], attributes=["free"])
    params = {"q": "legal", "category": "legal", "free": "on", "zip": "77002", "open_now": "on"}
    query_count(client, "/en/services/", params)  # the first request fills per-process caches
    few = query_count(client, "/en/services/", params)
    for number in range(40):
        make_service(name=f"Legal {number}", categories=["legal"], attributes=["free"])
    assert query_count(client, "/en/services/", params) == few
    assert few <= 15
