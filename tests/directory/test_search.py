"""Directory search: every filter alone and combined, in the survivor's language."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
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
    return sorted(service.name for service in search_services(now=MONDAY_10AM, **filters).page(0))


def test_no_filter_lists_every_public_service(directory):
    assert "Old legal office" not in names()
    assert len(names()) == 5


def test_free_text_matches_any_language_and_ignores_accents(directory):
    assert names(q="asuntos") == []
    assert names(q="tramites") == ["Immigration lawyers"]
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
    houston = [s.name for s in search_services(place=zip_place("77002"), now=MONDAY_10AM).page(0)]
    assert "Border legal aid" not in houston
    assert "Statewide legal line" in houston
    assert houston[-1] == "Statewide legal line"  # no public location: after those with a distance
    el_paso = [s.name for s in search_services(place=zip_place("79901"), now=MONDAY_10AM).page(0)]
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
    """Each page reads one row more than it shows: no count of every match, and the total is
    told once the last page is reached."""
    for number in range(25):
        make_service(name=f"Service {number:02d}", categories=["basic-needs"])
    first = client.get("/en/services/", {"category": "basic-needs"}).content.decode()
    second = client.get("/en/services/", {"category": "basic-needs", "page": 2}).content.decode()
    assert "More than 20 services found" in first and "Service 00" in first and "Service 19" in first
    assert "Page 1<" in first and "Service 20" not in first
    assert "25 services found" in second and "Service 20" in second and "Service 00" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second
    # A page past the end, or not a number, shows the first page.
    for page in ("9", "x", "-3"):
        again = client.get("/en/services/", {"category": "basic-needs", "page": page}).content.decode()
        assert "Service 00" in again, page


def test_one_page_of_results_says_how_many(client, empty_directory):
    for number in range(3):
        make_service(name=f"Service {number}", categories=["basic-needs"])
    body = client.get("/en/services/", {"category": "basic-needs"}).content.decode()
    assert "3 services found" in body and 'class="pagination"' not in body


def query_count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "legal", "category": "legal", "free": "on", "zip": "77002", "open_now": "on"},
        {"q": "legal aid"},
        {"category": "legal"},
    ],
)
def test_search_page_query_count_does_not_grow_with_the_results(client, taxonomy, params):
    """The page's entries in one query, its cards in one (the number to call included), their hours in
    one, the publish count: 4 however many cards the page shows (the search's choices are held with
    the chrome)."""
    for number in range(3):
        make_service(name=f"Legal aid {number}", categories=["legal"], attributes=["free"])
    query_count(client, "/en/services/", params)  # the first request fills per-process caches
    assert query_count(client, "/en/services/", params) == 4
    for number in range(3, 30):
        make_service(name=f"Legal aid {number}", categories=["legal"], attributes=["free"])
    assert query_count(client, "/en/services/", params) == 4


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Words for a place to stay, in each language, as people type them.
        (
            [
                "shelter",
                "refugio",
                "albergue",
                "nhà ở",
                "tạm trú",
                "庇护所",
                "住的地方",
                "مأوى",
                "ملجأ",
                "ghar",
                "आश्रय",
                "پناہ گاہ",
            ],
            ["Night shelter"],
        ),
        # Words for a lawyer: every legal service, whatever its own words are.
        (
            [
                "lawyer",
                "attorneys",
                "abogados",
                "licenciado",
                "luật sư",
                "我需要律师",
                "محامي",
                "vakil",
                "वकील",
                "وکیل",
            ],
            ["Border legal aid", "Immigration lawyers", "Statewide legal line"],
        ),
        (["doctor", "médico", "bác sĩ", "医生", "طبيب", "डॉक्टर", "ڈاکٹر"], ["Free clinic"]),
    ],
)
def test_synonyms_in_every_language_find_the_same_services(directory, words, expected):
    for word in words:
        assert names(q=word) == expected, word


def test_a_zip_search_finds_a_service_without_areas_nearby_but_not_300_miles_away(empty_directory, settings):
    settings.DIRECTORY_NEARBY_MILES = 60
    make_service(name="Nearby clinic", areas=[], locations=[location(lat=29.7594 + 40 / 69, lng=-95.3594)])
    make_service(name="Far clinic", areas=[], locations=[location(lat=29.7594 + 300 / 69, lng=-95.3594)])
    make_service(name="Hidden clinic", areas=[], locations=[location(confidential=True)])
    make_service(name="County clinic", areas=["Harris County, TX"], locations=[])
    make_service(name="Close clinic", areas=[], locations=[location(lat=29.7594 + 2 / 69, lng=-95.3594)])
    place = zip_place("77002")
    found = search_services(place=place, now=MONDAY_10AM).page(0)
    assert [(s.name, s.distance_miles) for s in found] == [
        ("Close clinic", 2),
        ("Nearby clinic", 40),
        ("County clinic", None),
    ]
    settings.DIRECTORY_NEARBY_MILES = 30
    assert [s.name for s in search_services(place=place).page(0)] == ["Close clinic", "County clinic"]


def test_distances_are_whole_miles_or_under_one_mile(client, empty_directory):
    make_service(name="Next door", locations=[location(lat=29.7594 + 0.4 / 69, lng=-95.3594)])
    make_service(name="Down the road", locations=[location(lat=29.7594 + 1.2 / 69, lng=-95.3594)])
    make_service(name="Across town", locations=[location(lat=29.7594 + 7.6 / 69, lng=-95.3594)])
    with time_machine.travel(MONDAY_10AM, tick=False):
        body = client.get("/en/services/", {"zip": "77002"}).content.decode()
    assert "Under 1 mile away" in body and "1 mile away" in body and "8 miles away" in body
    assert not re.search(r"\d\.\d+ miles?", body)


@pytest.mark.parametrize("typed", ["٧٧٠٠٢", "۷۷۰۰۲", "７７００２", " 77002 "])
def test_a_zip_in_any_digits_is_the_same_zip(client, directory, typed):
    assert zip_place(typed) == zip_place("77002")
    with time_machine.travel(MONDAY_10AM, tick=False):
        typed_page = client.get("/en/services/", {"zip": typed}).content.decode()
        plain_page = client.get("/en/services/", {"zip": "77002"}).content.decode()
    assert "field--error" not in typed_page
    assert results_section(typed_page) == results_section(plain_page)


@pytest.mark.parametrize("typed", ["00000", "٠٠٠٠٠", "٧٧٠٠", "𝟕𝟕𝟎𝟎", "77777", "770\u00002"])
def test_anything_the_zip_library_cannot_answer_is_no_such_zip(client, directory, typed):
    response = client.get("/en/services/", {"zip": typed})
    assert response.status_code == 200
    assert 'id="results"' not in response.content.decode()
    assert "field--error" in response.content.decode()


def test_nothing_found_says_so_and_suggests_what_to_try(client, directory):
    body = client.get("/es/services/", {"q": "nada parecido", "zip": "79901"}).content.decode()
    assert "0 servicios encontrados" in body
    assert "data-no-results" in body
    assert 'href="tel:+18883737888"' in body


def test_after_a_search_the_results_are_what_the_reader_sees(client, directory):
    """The form sends the reader to #results, with JavaScript or without; pages of results too."""
    body = client.get("/en/services/").content.decode()
    assert re.search(r'<form method="get" action="#results"', body)
    searched = client.get("/en/services/", {"q": "nothing like this"}).content.decode()
    assert re.search(r'<section id="results"', searched)
    assert searched.index('id="results"') > searched.index("</form>")


def results_section(body):
    return body[body.index('<section id="results"') :]
