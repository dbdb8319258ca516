"""Directory by text: a ZIP code and a word in any language, answered with names and phones."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.directory.by_text import parse, services_for
from tests.directory.builders import location, make_service, schedule

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))


@pytest.mark.parametrize(
    ("text", "category", "language"),
    [
        ("SHELTER 77002", "housing", "en"),
        ("Refugio 77002", "housing", "es"),
        ("ABOGADO 79901", "legal", "es"),
        ("nhà ở 77036", "housing", "vi"),
        ("我需要律师 77036", "legal", "zh-hans"),
        ("أحتاج محامي 78501", "legal", "ar"),
        ("77002", None, None),
        ("مأوى ٧٧٠٠٢", "housing", "ar"),
        ("مأوى ۷۷۰۰۲", "housing", "ar"),
        ("SHELTER ７７００２", "housing", "en"),
        ("I need help near 78205 please", None, None),
    ],
)
def test_parse(text, category, language):
    request = parse(text)
    assert request is not None
    assert (request.category, request.language) == (category, language)


@pytest.mark.parametrize("text", ["hello", "call me at 713", "00000", "123456", "", "مأوى ٠٠٠٠٠", "٧٧٠٠٢٢"])
def test_texts_without_a_real_zip_are_not_directory_requests(text):
    assert parse(text) is None


def test_answers_three_open_services_nearest_first_without_addresses(empty_directory):
    here = location(lat=29.7594, lng=-95.3594)
    for number, offset in enumerate([0.30, 0.01, 0.20, 0.10]):
        make_service(
            name=f"Shelter {number}", categories=["housing"], locations=[location(lat=29.7594 + offset, lng=-95.3594)]
        )
    make_service(name="Closed shelter", categories=["housing"], schedules=[schedule(byday="SA")], locations=[here])
    make_service(name="Secret shelter", categories=["housing"], locations=[location(confidential=True)])
    make_service(name="Clinic", categories=["medical"], locations=[here])
    results = services_for(parse("shelter 77002"), now=MONDAY_10AM)
    assert [r.name for r in results] == ["Shelter 1", "Shelter 3", "Shelter 2"]
    assert all(r.phone for r in results)


def test_a_name_that_reveals_too_much_is_replaced(empty_directory):
    make_service(name="Anti-Trafficking Line", categories=["legal"])
    [result] = services_for(parse("lawyer 77002"), now=MONDAY_10AM)
    assert "raffick" not in result.name


def test_a_zip_in_any_digits_is_read_as_ascii(empty_directory):
    assert parse("مأوى ٧٧٠٠٢").zip_code == "77002"
    assert parse("refugio ７７００２").zip_code == "77002"
