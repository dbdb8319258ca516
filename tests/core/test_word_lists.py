"""The word lists of every language: complete, and never two meanings for one word."""

import itertools

import pytest

from portal.core import phrases

TABLES = ("words", "directory")


def all_lists():
    return {
        (table, name) for language in phrases.languages() for table in TABLES for name in phrases.load(language)[table]
    }


@pytest.mark.parametrize("language", phrases.languages())
def test_every_language_has_every_list_and_no_empty_one(language):
    assert {(table, name) for table in TABLES for name in phrases.load(language)[table]} == all_lists()
    for table, name in all_lists():
        assert phrases.words(language, name, table), (language, table, name)


def comparable(phrase, language, other_language):
    """Two phrases clash when one message would match both: marks count only if both care."""
    both_marked = phrases.rules(language).marks_matter and phrases.rules(other_language).marks_matter
    return phrases.marked(phrase) if both_marked else phrases.plain(phrase)


def test_no_word_of_one_list_is_a_word_of_another_in_any_language():
    entries = [
        (table, name, language, phrase)
        for language in phrases.languages()
        for table in TABLES
        for name in phrases.load(language)[table]
        for phrase in phrases.words(language, name, table)
    ]
    clashes = [
        (first, second)
        for first, second in itertools.combinations(entries, 2)
        if first[:2] != second[:2]
        and comparable(first[3], first[2], second[2]) == comparable(second[3], second[2], first[2])
    ]
    assert clashes == []


def test_vietnamese_tone_marks_keep_stop_apart_from_right_and_use():
    stop = {phrases.marked(word) for word in phrases.words("vi", "stop")}
    assert phrases.marked("Đúng") not in stop and phrases.marked("Dùng") not in stop
    assert phrases.marked("DỪNG") in stop
    assert phrases.plain("Đúng") == phrases.plain("Dừng")  # which is why plain() is not used for Vietnamese
