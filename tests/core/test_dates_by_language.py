"""Dates and times in each language's own pattern, with one digit style per language."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from tests.conftest import LANGUAGE_CODES

APPOINTMENT = datetime(2026, 12, 4, 14, 30, tzinfo=ZoneInfo("America/Chicago"))
# Every language of settings needs its line here.
EXPECTED = {
    "en": ("Dec. 4, 2026", "2:30 PM"),
    "es": ("4 de diciembre de 2026", "14:30"),
    "vi": ("4 tháng 12 năm 2026", "14:30"),
    "zh-hans": ("2026年12月4日", "14:30"),
    "ar": ("4 ديسمبر، 2026", "2:30 م"),
    "fr": ("4 décembre 2026", "14:30"),
    "pt-br": ("4 de Dezembro de 2026", "14:30"),
    "ko": ("2026년 12월 4일", "오후 2:30"),
    "zh-hant": ("2026年12月4日", "14:30"),
    "tl": ("Dec. 4, 2026", "2:30 PM"),
    "hi": ("4 दिसंबर 2026", "14:30"),
    "ur": ("4 دسمبر 2026", "2:30 شام"),
}
EASTERN_ARABIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_dates_and_times_follow_the_language(language):
    day, clock = EXPECTED[language]
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 4)) == day
        when = formats.date_format(APPOINTMENT.replace(tzinfo=None), "DATETIME_FORMAT")
    assert day in when and clock in when
    assert not EASTERN_ARABIC_DIGITS.search(when)  # Western digits, like the phone numbers beside them


def test_a_vietnamese_sentence_says_ngay_once():
    with translation.override("vi"):
        assert "Ngày" not in formats.date_format(date(2026, 12, 4))


def test_arabic_uses_arabic_commas():
    with translation.override("ar"):
        assert "," not in formats.date_format(APPOINTMENT.replace(tzinfo=None), "DATETIME_FORMAT")


@pytest.mark.parametrize(("language", "opening"), [("en", "9:00 AM"), ("zh-hans", "09:00"), ("ar", "9:00 ص")])
def test_opening_hours_use_the_languages_time_format(language, opening):
    template = Template('{% load i18n %}{% language lang %}{{ opens|time:"TIME_FORMAT" }}{% endlanguage %}')
    assert template.render(Context({"lang": language, "opens": time(9)})) == opening
