"""Result cards: what a page of results shows of each service, and the SQL held to read it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.core import held_sql
from portal.directory import search
from portal.directory.search import search_services
from tests.directory.builders import make_service, new_id, schedule

pytestmark = pytest.mark.django_db
MONDAY_10AM = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("America/Chicago"))


def card_of(name, language="en"):
    with translation.override(language):
        (card,) = [card for card in search_services(now=MONDAY_10AM).page(0) if card.name.startswith(name)]
    return card


def test_a_card_offers_a_number_to_call_before_a_texting_line(empty_directory):
    texting_first = [
        {"id": "00000000-0000-4000-8000-000000000001", "number": "713-555-0111", "type": "text"},
        {"id": "00000000-0000-4000-8000-000000000002", "number": "(713) 555-0122", "type": "voice"},
    ]
    make_service(name="Call or text", phones=texting_first)
    make_service(name="Text only", phones=[{"id": new_id(), "number": "713-555-0133", "type": "text"}])
    make_service(name="No phone", phones=[])
    call = card_of("Call or text")
    assert (call.phone, call.dial) == ("(713) 555-0122", "7135550122")
    assert card_of("Text only").phone == "713-555-0133"
    assert (card_of("No phone").phone, card_of("No phone").dial) == ("", "")


def test_a_card_reads_its_name_and_summary_in_her_language_or_else_in_english(empty_directory):
    make_service(
        name="Food bank",
        description="Free groceries every week.",
        translations={"name_es": "Banco de comida", "description_vi": "Thực phẩm miễn phí mỗi tuần."},
    )
    spanish = card_of("Banco", "es")
    assert (spanish.name, spanish.description) == ("Banco de comida", "Free groceries every week.")
    vietnamese = card_of("Food", "vi")
    assert (vietnamese.name, vietnamese.description) == ("Food bank", "Thực phẩm miễn phí mỗi tuần.")


def facts_without_held_sql(ids, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(search, "on_postgresql", lambda: False)
        return search._card_facts(ids, MONDAY_10AM)


def test_held_card_queries_read_what_the_orm_reads_in_every_language_and_for_each_page(empty_directory, monkeypatch):
    """The held SQL is compiled with stand-in ids; each request must get its own services back, in
    every language, whatever the number of cards and whichever were read before."""
    services = [
        make_service(
            name=f"Service {number}",
            description=f"What service {number} does.",
            status="temporarily closed" if number == 3 else "active",
            schedules=[schedule(byday="MO")] if number % 2 else [schedule(byday="SA")],
            phones=[{"id": new_id(), "number": f"713-555-01{number:02}", "type": "text" if number == 2 else "voice"}],
            translations={"name_es": f"Servicio {number}", "description_ar": f"الخدمة {number}"},
        )
        for number in range(5)
    ]
    ids = [service.pk for service in services]
    held_sql._held.clear()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for size in range(1, len(ids) + 1):
                for chosen in (ids[:size], ids[-size:]):  # the same SQL, other ids
                    held = search._card_facts(chosen, MONDAY_10AM)
                    assert held == facts_without_held_sql(chosen, monkeypatch)
                    assert set(held) == set(chosen)
    card_queries = [key for key in held_sql._held if key[0] in ("cards", "card hours")]
    assert len(card_queries) == 2 * len(settings.LANGUAGES) * len(ids)
    with translation.override("es"):
        assert search._card_facts(ids[:1], MONDAY_10AM)[ids[0]]["name"] == "Servicio 0"
    assert search._card_facts([], MONDAY_10AM) == {}


def test_a_card_links_to_its_service_page_in_each_language(empty_directory):
    service = make_service(name="Food bank")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            (card,) = search_services(now=MONDAY_10AM).page(0)
            assert card.url == reverse("directory_service", args=[service.pk]) == f"/{code}/services/{service.pk}/"
