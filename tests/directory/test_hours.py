"""Open now, with a frozen clock: split hours, time zones, daylight saving and ended schedules.

Three readings of one rule must agree: the search filter (SQL), the service page (Python over its
Schedule rows) and a result card (Python over narrow Hours rows)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.directory.hours import WEEKDAY_CODES, ZONES, is_open, open_now_filter
from portal.directory.models import Schedule, Service
from portal.directory.search import search_services
from tests.directory.builders import make_service, schedule

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
DENVER = ZoneInfo("America/Denver")


def open_in_sql(service, now):
    return Service.objects.filter(pk=service.pk).filter(open_now_filter(now)).exists()


def open_on_its_card(service, now):
    (card,) = [card for card in search_services(now=now).page(0) if card.pk == service.pk]
    return card.open_now


def check(service, now, expected):
    """The database filter, the Python rule and the result card must agree."""
    assert open_in_sql(service, now) is expected
    assert is_open(service.status, list(service.schedules.all()), now) is expected
    assert open_on_its_card(service, now) is expected


def test_split_hours(taxonomy):
    service = make_service(
        schedules=[schedule(opens="09:00:00", closes="12:00:00"), schedule(opens="13:00:00", closes="17:00:00")]
    )
    monday = datetime(2026, 11, 23, tzinfo=CHICAGO)
    check(service, monday.replace(hour=10), True)
    check(service, monday.replace(hour=12, minute=30), False)
    check(service, monday.replace(hour=13), True)
    check(service, monday.replace(hour=17), False)
    check(service, monday.replace(hour=8, minute=59), False)
    check(service, datetime(2026, 11, 22, 10, tzinfo=CHICAGO), False)  # Sunday


def test_el_paso_keeps_mountain_time(taxonomy):
    el_paso = make_service(name="El Paso help", schedules=[schedule(opens="09:00:00", closes="17:00:00", timezone=-7)])
    houston = make_service(name="Houston help", schedules=[schedule(opens="09:00:00", closes="17:00:00", timezone=-6)])
    # 9:30 in Houston is 8:30 in El Paso: Houston open, El Paso not yet.
    now = datetime(2026, 11, 23, 9, 30, tzinfo=CHICAGO)
    check(houston, now, True)
    check(el_paso, now, False)
    # 17:30 in Houston is 16:30 in El Paso.
    now = datetime(2026, 11, 23, 17, 30, tzinfo=CHICAGO)
    check(houston, now, False)
    check(el_paso, now, True)


def test_daylight_saving_time_change(taxonomy):
    service = make_service(schedules=[schedule(byday="SU,MO", opens="08:00:00", closes="10:00:00", timezone=-6)])
    # Sunday 8 March 2026: clocks go forward at 2:00. 8:30 local is 13:30 UTC after the change.
    check(service, datetime(2026, 3, 8, 13, 30, tzinfo=ZoneInfo("UTC")), True)
    check(service, datetime(2026, 3, 8, 14, 30, tzinfo=ZoneInfo("UTC")), True)  # 9:30 CDT
    check(service, datetime(2026, 3, 8, 15, 30, tzinfo=ZoneInfo("UTC")), False)  # 10:30 CDT
    # The week before, in standard time, 14:30 UTC is 8:30 CST and 16:30 UTC is 10:30.
    check(service, datetime(2026, 3, 1, 14, 30, tzinfo=ZoneInfo("UTC")), True)
    check(service, datetime(2026, 3, 1, 16, 30, tzinfo=ZoneInfo("UTC")), False)


def test_ended_schedule_is_not_open(taxonomy):
    service = make_service(
        schedules=[
            schedule(byday="SA", opens="10:00:00", closes="14:00:00", valid_to="2025-08-31"),
            schedule(byday="MO", opens="10:00:00", closes="14:00:00", valid_from="2025-09-01"),
        ]
    )
    check(service, datetime(2025, 8, 30, 11, tzinfo=CHICAGO), True)  # summer Saturday
    check(service, datetime(2026, 11, 21, 11, tzinfo=CHICAGO), False)  # Saturday after it ended
    check(service, datetime(2026, 11, 23, 11, tzinfo=CHICAGO), True)


def test_hours_past_midnight_and_round_the_clock(taxonomy):
    night = make_service(name="Night line", schedules=[schedule(byday="FR", opens="20:00:00", closes="02:00:00")])
    check(night, datetime(2026, 11, 27, 21, tzinfo=CHICAGO), True)  # Friday evening
    check(night, datetime(2026, 11, 28, 1, tzinfo=CHICAGO), True)  # early Saturday
    check(night, datetime(2026, 11, 28, 3, tzinfo=CHICAGO), False)
    check(night, datetime(2026, 11, 27, 1, tzinfo=CHICAGO), False)  # early Friday: Thursday had no hours
    always = make_service(
        name="Always", schedules=[schedule(byday="MO,TU,WE,TH,FR,SA,SU", opens="00:00:00", closes="23:59:59")]
    )
    check(always, datetime(2026, 11, 28, 23, 59, 59, 500000, tzinfo=CHICAGO), True)
    check(always, datetime(2026, 11, 29, 0, 0, tzinfo=CHICAGO), True)
    # Equal times read "24 hours" on the service page: round the clock from the opening time.
    monday = make_service(name="Monday line", schedules=[schedule(byday="MO", opens="00:00:00", closes="00:00:00")])
    check(monday, datetime(2026, 11, 23, 0, 0, tzinfo=CHICAGO), True)
    check(monday, datetime(2026, 11, 23, 23, 30, tzinfo=CHICAGO), True)
    check(monday, datetime(2026, 11, 24, 0, 0, tzinfo=CHICAGO), False)


def test_temporarily_closed_is_never_open(taxonomy):
    service = make_service(status="temporarily closed")
    check(service, datetime(2026, 11, 23, 10, tzinfo=CHICAGO), False)


# Clock times on the hour and half hour, the seconds a schedule may hold, and round the clock.
clock_times = st.sampled_from([time(h, m) for h in range(24) for m in (0, 30)] + [time(23, 59, 59), time(0, 0, 1)])
# Days around both daylight-saving changes of 2026 and an ordinary week.
days = st.sampled_from(
    [date(2026, 3, 6) + timedelta(days=n) for n in range(4)]
    + [date(2026, 10, 31) + timedelta(days=n) for n in range(4)]
    + [date(2026, 11, 23)]
)
hours = st.fixed_dictionaries(
    {
        "freq": st.sampled_from(["WEEKLY", "DAILY"]),
        "byday": st.lists(st.sampled_from(WEEKDAY_CODES), unique=True, max_size=3).map(",".join),
        "opens_at": st.one_of(st.none(), clock_times),
        "closes_at": st.one_of(st.none(), clock_times),
        "valid_from": st.one_of(st.none(), days),
        "valid_to": st.one_of(st.none(), days),
        "timezone": st.sampled_from(ZONES),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    status=st.sampled_from([Service.ACTIVE, Service.TEMPORARILY_CLOSED]),
    schedules=st.lists(hours, max_size=3),
    day=days,
    clock=clock_times,
    zone=st.sampled_from(["America/Chicago", "UTC"]),
)
def test_the_filter_the_service_page_and_the_card_agree_on_any_hours(taxonomy, status, schedules, day, clock, zone):
    now = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    with transaction.atomic():
        service = make_service(status=status, schedules=[])
        for fields in schedules:
            Schedule.objects.create(service=service, **fields)
        expected = open_in_sql(service, now)
        assert is_open(service.status, list(service.schedules.all()), now) is expected
        assert open_on_its_card(service, now) is expected
        transaction.set_rollback(True)
