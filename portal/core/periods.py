"""A span of whole days in the portal's time zone, as reports and the advocate's desk count by.

A period runs from the first moment of its first day to the first moment after its last day; the
calendar's months ("2026-12") and quarters ("2026-Q4") are named by a key that a form can offer.
Which periods a page offers is the page's own choice (feedback.period: ended quarters only).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # its last day, counted in full

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(date(year, month, 1), following - timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        first_month = 3 * (number - 1) + 1
        return cls(date(year, first_month, 1), cls.month(year, first_month + 2).end)

    @classmethod
    def quarter_containing(cls, day: date) -> "Period":
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_key(cls, key: str) -> "Period | None":
        """The quarter ("2026-Q4") or month ("2026-12") a key names; None for anything else."""
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", key or ""):
            return cls.quarter(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", key or ""):
            return cls.month(int(match[1]), int(match[2]))
        return None

    @property
    def key(self) -> str:
        """ "2026-Q4" for a quarter, "2026-12" for a month, else its first and last day."""
        if self == Period.quarter_containing(self.start):
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self == Period.month(self.start.year, self.start.month):
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period (an exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def lookup(self, field: str) -> dict[str, datetime]:
        """Filter arguments for `field` falling within the period."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}
