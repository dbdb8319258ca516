"""When a plan's check-ins fall: on its days, at the opening of its safe window, in the survivor's zone.

Times are built with `datetime.combine(day, time, zone)` for each local day, so 10:00 stays
10:00 local across a DST change (El Paso keeps Mountain time, the rest of Texas Central).
The window test itself is messaging's (safe_hours.py), applied to the plan's own window.
"""

import zoneinfo
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from portal.messaging import safe_hours

from .models import CheckIn, CheckInPlan

SEARCH_DAYS = 800


def zone(plan):
    return zoneinfo.ZoneInfo(plan.zone_name())


def window(plan):
    """The plan's safe window in the shape messaging's safe_hours functions read."""
    return SimpleNamespace(
        time_zone=plan.zone_name(), safe_hours_start=plan.window_start, safe_hours_end=plan.window_end
    )


def window_end_if_open(plan, now):
    """When the window we are in closes, or None if the plan's window is closed now."""
    return safe_hours.current_window_end(window(plan), now)


def next_window_start(plan, now):
    return safe_hours.next_window_start(window(plan), now)


def _is_due_day(plan, day):
    if day < plan.starts_on or (plan.ends_on and day > plan.ends_on):
        return False
    offset = (day - plan.starts_on).days
    if plan.frequency == CheckInPlan.Frequency.DAILY:
        return True
    if plan.frequency == CheckInPlan.Frequency.WEEKLY:
        return offset % 7 == 0
    if plan.frequency == CheckInPlan.Frequency.EVERY_N_DAYS:
        return offset % max(plan.every_n_days, 1) == 0
    return day in chosen_dates(plan)


def chosen_dates(plan):
    days = set()
    for value in plan.dates or []:
        try:
            days.add(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return days


def next_occurrence(plan, after, *, inclusive=False):
    """The next moment a check-in is due: a window opening on a due day, after `after`.

    With `inclusive`, a due day's window that is open at `after` counts, and `after` itself is
    returned (a new plan's first check-in goes out at once if now is a safe time). None if the
    plan has ended.
    """
    local_zone = zone(plan)
    first_day = max(after.astimezone(local_zone).date() - timedelta(days=1), plan.starts_on)
    for offset in range(SEARCH_DAYS):
        day = first_day + timedelta(days=offset)
        if plan.ends_on and day > plan.ends_on:
            return None
        if not _is_due_day(plan, day):
            continue
        opens = datetime.combine(day, plan.window_start, local_zone)
        if opens > after:
            return opens
        if inclusive and after < _closes(plan, day, local_zone):
            return after
    return None


def _closes(plan, day, local_zone):
    start, end = plan.window_start, plan.window_end
    return datetime.combine(day if end > start else day + timedelta(days=1), end, local_zone)


def schedule_next(plan, after, *, inclusive=False):
    """Queue the plan's next check-in unless one is already waiting; returns it, or None if the plan ended."""
    if plan.check_ins.filter(status=CheckIn.Status.DUE).exists():
        return None
    due_at = next_occurrence(plan, after, inclusive=inclusive)
    if due_at is None:
        return None
    return CheckIn.objects.create(plan=plan, due_at=due_at)
