"""A report's period: one whole calendar quarter that has ended, in the portal's time zone.

Why only that: counts under five are hidden, but two overlapping periods would differ by the few
ratings in between, and a period still running would differ from itself a day later. Quarters never
overlap and an ended quarter never changes, so no pair of reports can be subtracted to show a
group smaller than the reports themselves show (tests/feedback/test_report_differencing.py).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.periods import Period

QUARTERS_OFFERED = 8


def quarter_key(year, number):
    return f"{year}-Q{number}"


def ended_quarters(today=None, count=QUARTERS_OFFERED):
    """The `count` most recent quarters that have ended by `today`, newest first, as (year, number)."""
    today = today or timezone.localdate()
    year, number = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _step in range(count):
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
        quarters.append((year, number))
    return quarters


def quarter_choices(today=None):
    return [
        (quarter_key(year, number), _("Quarter %(number)s of %(year)s") % {"number": number, "year": year})
        for year, number in ended_quarters(today)
    ]


def period_for(key):
    year, number = key.split("-Q")
    return Period.quarter(int(year), int(number))
