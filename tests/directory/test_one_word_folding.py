"""The directory reads words the way the portal reads a text message: one folding, in core.

If the search text, the search box and the SMS side folded words differently, a survivor could
text a word that the web search never finds (or the other way round), and nobody would notice."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from portal.core import phrases
from portal.directory.indexing import search_name_for, search_text_for
from portal.directory.models import Service
from portal.directory.search import search_services
from portal.directory.synonyms import search_groups
from portal.directory.text import words
from tests.directory.builders import make_service

# Each written the way people type it, with the one form every side must read it as.
SAME_WORD = [
    ("Vívienda MÉDICA", "vivienda medica"),  # case and accents
    ("Đường Đà Nẵng", "duong da nang"),  # Vietnamese đ has no decomposition
    ("أمان إيواء آمن", "امان ايواء امن"),  # hamza and madda on alef
    ("مستشفى رعاية", "مستشفي رعايه"),  # alef maqsura, ta marbuta
    ("مـأوى", "ماوي"),  # tatweel
    ("ＳＨＥＬＴＥＲ　２４", "shelter 24"),  # full-width letters, digits and space
    ("٢٤ ساعة، ۷ أيام", "24 ساعه 7 ايام"),  # Arabic-Indic and Persian digits, Arabic comma
    ("¡Refugio! (24/7)", "refugio 24 7"),  # punctuation
    ("免费诊所", "免费诊所"),  # Chinese stays as written; the index spaces it out
]


@pytest.mark.parametrize(("typed", "folded"), SAME_WORD)
def test_a_search_word_folds_as_a_texted_word(typed, folded):
    assert phrases.plain(typed) == folded
    assert words(typed) == folded.split()
    # What a text in a language whose marks do not matter is compared in.
    assert phrases.key(typed, "es") == folded


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "folded"), SAME_WORD)
def test_the_stored_search_text_folds_as_a_texted_word(empty_directory, typed, folded):
    service = make_service(name="Name", translations={"name_es": typed})
    assert folded in service.search_name
    assert folded in service.search_text


def test_synonyms_are_folded_the_same_way():
    # "مأوى" (shelter) is listed with hamza and alef maqsura; typed plainly it is the same word.
    assert search_groups("ماوي") == search_groups("مأوى") != [("ماوي",)]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's")
def test_a_word_written_either_way_finds_the_service(empty_directory):
    make_service(name="Clinic", translations={"name_ar": "مستشفى", "description_ar": "مفتوح ٢٤ ساعة"})
    assert [s.name for s in search_services(q="مستشفي").page(0)] == ["Clinic"]
    assert [s.name for s in search_services(q="24 ساعه").page(0)] == ["Clinic"]


@pytest.mark.django_db
def test_the_migration_rewrites_search_text_with_the_indexing_code(empty_directory):
    service = make_service(name="Night shelter", translations={"name_ar": "مأوى ليلي"})
    Service.objects.filter(pk=service.pk).update(search_name="stale", search_text="stale")
    migration = importlib.import_module("portal.directory.migrations.0007_search_text_folded_like_texts")
    migration.rebuild_search_text(apps, None)
    service.refresh_from_db()
    assert (service.search_name, service.search_text) == (search_name_for(service), search_text_for(service))
    assert "ماوي ليلي" in service.search_text


FOLDING = re.compile(r"\.casefold\(|unicodedata\.normalize\(\s*[\"']NFK?D[\"']")
ALLOWED = {
    Path("portal/core/phrases.py"),  # the one folding
    Path("portal/core/language_guess.py"),  # looks at marks to guess a language, folds nothing
}


def test_no_second_word_folding_in_the_portal():
    """Any new code folding case or marks itself is a second normaliser: use phrases.plain."""
    root = Path(__file__).resolve().parents[2]
    folding = [
        path.relative_to(root)
        for path in (root / "portal").rglob("*.py")
        if "migrations" not in path.parts and FOLDING.search(path.read_text(encoding="utf-8"))
    ]
    assert set(folding) <= ALLOWED, folding
    assert Path("portal/core/phrases.py") in folding
