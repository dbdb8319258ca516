"""Word search on PostgreSQL's full-text index: names first, kept by the database, safe for
anything typed."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.core.phrases import plain
from portal.directory.indexing import reindex, with_group_words
from portal.directory.models import Service
from portal.directory.search import full_text_query, matching_words, search_services
from portal.directory.synonyms import _longest_first, group_word, group_words_in, search_groups
from tests.directory.builders import make_service

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text index is PostgreSQL's"),
]


def names(q, **filters):
    return [service.name for service in search_services(q=q, **filters).page(0)]


def test_a_word_in_the_name_comes_before_the_same_word_in_the_description(empty_directory):
    make_service(name="Community center", description="Hot food every evening, and more.")
    make_service(name="Food pantry", description="Groceries for families.")
    make_service(name="Bus passes", description="Passes for the week.")
    assert names("food") == ["Food pantry", "Community center"]


def test_synonyms_are_ranked_too(empty_directory):
    make_service(name="Accompaniment", description="An attorney goes with you to court.")
    make_service(name="Abogados", description="Ayuda para todos.")
    assert names("lawyer") == ["Abogados", "Accompaniment"]


def test_a_phrase_is_its_words_in_a_row(empty_directory):
    make_service(name="Safe house for women", description="")
    make_service(name="House repairs", description="Safe wiring.")
    assert names("safe house") == ["Safe house for women"]


def test_a_word_finds_longer_words_it_starts(empty_directory):
    make_service(name="Counselors on call", description="")
    assert names("counselor") == ["Counselors on call"]


def test_chinese_is_searched_character_by_character(empty_directory):
    make_service(name="Free clinic", translations={"name_zh_hans": "免费诊所"})
    make_service(name="Paid clinic", translations={"name_zh_hans": "付费诊所"})
    assert names("免费") == ["Free clinic"]
    assert sorted(names("诊所")) == ["Free clinic", "Paid clinic"]


def test_the_database_keeps_the_index_whatever_writes_the_row(empty_directory):
    service = make_service(name="Night shelter")
    Service.objects.filter(pk=service.pk).update(search_text="cobijas y mantas", search_name="cobijas")
    assert names("mantas") == ["Night shelter"]
    assert names("shelter") == []
    Service.objects.filter(pk=service.pk).update(search_name="refugio nocturno")
    assert names("nocturno") == ["Night shelter"]


def test_a_common_word_is_found_through_the_index(empty_directory):
    """The GIN index answers the word condition (at this size the planner would rather scan;
    the bench measures it at 100,000 services)."""
    make_service(name="Food bank")
    plan = plan_of(matching_words("food").query)
    assert "directory_searchentry_words_tags" in plan, plan


def test_words_and_a_tag_are_one_index_question(empty_directory):
    """Words with a language (or a category, or an area) are both conditions of the one index scan,
    so the entries with the words but not the tag are never read."""
    make_service(name="Food bank")
    plan = plan_of(search_services(q="food", language="es").entries.query)
    index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("@@" in line and "@>" in line for line in index_conditions), plan


def plan_of(query):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_inactive_services_stay_out_of_word_search(empty_directory):
    make_service(name="Food bank", status="inactive")
    make_service(name="Food bank (old)", status="defunct")
    assert names("food") == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=40))
def test_anything_typed_is_a_search_and_never_a_database_error(empty_directory, typed):
    """What is typed reaches PostgreSQL only as quoted words of a query, never as its syntax."""
    found = [service.pk for service in search_services(q=typed).page(0)]
    assert set(found) <= set(Service.objects.public().values_list("pk", flat=True))
    text = full_text_query(search_groups(typed))
    assert text.count("'") % 2 == 0


def test_a_synonym_group_is_asked_for_as_one_word():
    """The index holds a word per group (directory.synonyms.group_word): however many phrases and
    languages a group has, the database is asked for one word."""
    (group,) = search_groups("comida")
    assert full_text_query([group]) == f"'{group_word(group)}'"
    assert full_text_query(search_groups("night comida")) == f"'{group_word(group)}' & (('night':*))"


@pytest.mark.parametrize("phrase", [phrase for phrase, _members in _longest_first()])
def test_every_phrase_of_a_group_gives_the_text_its_groups_word(phrase):
    members = next(members for each, members in _longest_first() if each == phrase)
    assert group_word(members) in group_words_in(f"help with {phrase}s today")
    assert group_word(members) in with_group_words(plain(phrase)).split()


def test_a_phrase_is_found_only_in_a_row():
    assert group_words_in("food pantries near you") == [group_word(search_groups("food")[0])]
    assert group_words_in("pantry and some food") == [group_word(search_groups("food")[0])]
    assert group_words_in("a pantry for everyone") == []


def test_a_service_written_without_its_group_word_is_found_once_indexed(empty_directory):
    service = make_service(name="Despensa del barrio", description="")
    Service.objects.filter(pk=service.pk).update(search_name="despensa del barrio", search_text="despensa")
    assert names("food") == []
    reindex([service.pk])
    assert names("food") == ["Despensa del barrio"]


def test_page_queries_are_not_jit_compiled():
    # Compiling a short query costs more than it saves (half of a ZIP search at 100,000 services):
    # every connection the portal opens turns it off, whatever the server's default.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
