"""A report's period: whole days, first and last included, in the portal's time zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def since(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self):
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def lookup(self, field):
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}

    @classmethod
    def default(cls):
        today = timezone.localdate()
        return cls(today - timedelta(days=89), today)
