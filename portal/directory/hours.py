"""Is a service open now? Weekly schedules in each schedule's own time zone.

Correct for split hours (several schedules a day), hours past midnight, daylight
saving time, El Paso's Mountain time, and schedules that have ended (`valid_to`).
"""

from datetime import date, time, timedelta
from functools import reduce
from operator import or_
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from .models import Schedule, Service
from .models.details import days_of

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ZONES = ["America/Chicago", "America/Denver"]


def _local(now, zone_name):
    return (now or timezone.now()).astimezone(ZoneInfo(zone_name))


def _valid_on(day):
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _runs_on(weekday):
    return Q(freq="DAILY") | Q(byday="") | Q(byday__contains=WEEKDAY_CODES[weekday])


def open_schedules_q(now=None, zones=None):
    """Schedules open at `now`, as one query condition over every time zone in use."""
    conditions = []
    for zone_name in zones or ZONES:
        local = _local(now, zone_name)
        today, clock = local.date(), local.time()
        yesterday = today - timedelta(days=1)
        same_day = (
            Q(opens_at__lte=clock)
            & (Q(closes_at__gt=clock) | Q(closes_at=time(23, 59, 59)))
            & Q(opens_at__lt=F("closes_at"))
            & _runs_on(local.weekday())
            & _valid_on(today)
        )
        # Hours that run past midnight (opens 20:00, closes 02:00) belong to the day they began; so do
        # equal times (00:00 to 00:00, shown as "24 hours"): round the clock from the opening time.
        overnight_before_midnight = (
            Q(opens_at__gte=F("closes_at")) & Q(opens_at__lte=clock) & _runs_on(local.weekday()) & _valid_on(today)
        )
        overnight_after_midnight = (
            Q(opens_at__gte=F("closes_at"))
            & Q(closes_at__gt=clock)
            & _runs_on(yesterday.weekday())
            & _valid_on(yesterday)
        )
        conditions.append(Q(timezone=zone_name) & (same_day | overnight_before_midnight | overnight_after_midnight))
    return Q(opens_at__isnull=False, closes_at__isnull=False) & reduce(or_, conditions)


def open_now_filter(now=None):
    """A condition on services: active, and at least one schedule open now."""
    open_schedule = Schedule.objects.filter(open_schedules_q(now), service=OuterRef("pk"))
    return Q(status=Service.ACTIVE) & Q(Exists(open_schedule))


class Hours(NamedTuple):
    """A schedule's hours read as a narrow row (`values_list(*Hours._fields)`), not as a model: a page of
    result cards reads dozens, and a Schedule carries its notes in every language."""

    freq: str
    byday: str
    opens_at: time | None
    closes_at: time | None
    valid_from: date | None
    valid_to: date | None
    timezone: str

    def days(self):
        return days_of(self.byday)


def is_open(status, schedules, now=None):
    """The same rule in Python, for a service's status and its schedules (Schedule or Hours) already read."""
    if status != Service.ACTIVE:
        return False
    return any(schedule_open(schedule, now) for schedule in schedules)


def schedule_open(schedule, now=None):
    if schedule.opens_at is None or schedule.closes_at is None:
        return False
    local = _local(now, schedule.timezone)
    clock = local.time()
    today = local.date()

    def runs(day):
        valid = (schedule.valid_from is None or schedule.valid_from <= day) and (
            schedule.valid_to is None or schedule.valid_to >= day
        )
        days = schedule.days() if schedule.freq == "WEEKLY" else WEEKDAY_CODES
        return valid and WEEKDAY_CODES[day.weekday()] in days

    opens, closes = schedule.opens_at, schedule.closes_at
    if opens < closes:
        return runs(today) and opens <= clock and (clock < closes or closes == time(23, 59, 59))
    # Past midnight, or equal times (round the clock): open from `opens` today, or until `closes` on the
    # morning after.
    return (runs(today) and clock >= opens) or (runs(today - timedelta(days=1)) and clock < closes)
