"""Open now, with a frozen clock: split hours, time zones, daylight saving and ended schedules."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from portal.directory.hours import is_open, open_now_filter
from portal.directory.models import Service
from tests.directory.builders import make_service, schedule

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
DENVER = ZoneInfo("America/Denver")


def open_in_sql(service, now):
    return Service.objects.filter(pk=service.pk).filter(open_now_filter(now)).exists()


def check(service, now, expected):
    """The database filter and the Python rule must agree."""
    assert open_in_sql(service, now) is expected
    assert is_open(service, list(service.schedules.all()), now) is expected


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


def test_temporarily_closed_is_never_open(taxonomy):
    service = make_service(status="temporarily closed")
    check(service, datetime(2026, 11, 23, 10, tzinfo=CHICAGO), False)
