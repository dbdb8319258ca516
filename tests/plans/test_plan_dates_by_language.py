"""The plan page in every language: review dates and appointment times in that language's own pattern."""

import re

import pytest
import time_machine

from tests.accounts.builders import make_plan, make_survivor, sign_in_directly
from tests.conftest import LANGUAGE_CODES

pytestmark = pytest.mark.django_db
# 23:30 in Houston on the night before a DST change: dates must not slip a day.
LATE_EVENING_CENTRAL = "2026-03-08 05:30:00+00:00"
# Every language of settings needs its line here.
EXPECTED = {
    # (next review date, first appointment: tomorrow at 10 in the morning)
    "en": ("April 6, 2026", "March 8, 2026, 10:00 AM"),
    "es": ("6 de abril de 2026", "8 de marzo de 2026 a las 10:00"),
    "vi": ("6 tháng 4 năm 2026", "10:00, 8 tháng 3 năm 2026"),
    "zh-hans": ("2026年4月6日", "2026年3月8日 10:00"),
    "ar": ("6 إبريل، 2026", "8 مارس، 2026، 10:00 ص"),
    "fr": ("6 avril 2026", "8 mars 2026 10:00"),
    "pt-br": ("6 de Abril de 2026", "8 de Março de 2026 às 10:00"),
    "ko": ("2026년 4월 6일", "2026년 3월 8일 오전 10:00"),
    "zh-hant": ("2026年4月6日", "2026年3月8日 10:00"),
    "tl": ("April 6, 2026", "March 8, 2026, 10:00 AM"),
    "hi": ("6 अप्रैल 2026", "8 मार्च 2026, 10:00"),
    "ur": ("6 اپریل 2026", "8 مارچ 2026، 10:00 صبح"),
}


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_plan_page_dates_read_in_the_page_language(client, language):
    with time_machine.travel(LATE_EVENING_CENTRAL, tick=False):
        profile = make_survivor(name="Ana")
        make_plan(profile)
        sign_in_directly(client, profile)
        html = client.get(f"/{language}/my/plan/").content.decode()
    review, appointment = EXPECTED[language]
    assert review in html
    assert appointment in html
    assert "Ngày" not in html
    assert not re.search("[\u0660-\u0669]", html)  # one digit style: the Western digits of the phone numbers
