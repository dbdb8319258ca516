"""When a text may reach a contact: inside their safe hours, in their own time zone.

Texas has two time zones (El Paso keeps Mountain time), so "9 to 8" means different instants
in Houston and El Paso. Windows may wrap past midnight (22:00 to 02:00); equal start and end
mean any time.
"""

import zoneinfo
from datetime import datetime, timedelta


def _windows_around(contact, now):
    """The safe windows that start yesterday, today and tomorrow (local dates), as aware datetimes."""
    zone = zoneinfo.ZoneInfo(contact.time_zone)
    start, end = contact.safe_hours_start, contact.safe_hours_end
    today = now.astimezone(zone).date()
    for offset in (-1, 0, 1):
        day = today + timedelta(days=offset)
        opens = datetime.combine(day, start, zone)
        closes = datetime.combine(day if end > start else day + timedelta(days=1), end, zone)
        yield opens, closes


def is_always_safe(contact):
    return contact.safe_hours_start == contact.safe_hours_end


def current_window_end(contact, now):
    """When the safe window we are in closes, or None if now is outside every window."""
    if is_always_safe(contact):
        return now + timedelta(days=1)
    for opens, closes in _windows_around(contact, now):
        if opens <= now < closes:
            return closes
    return None


def next_window_start(contact, now):
    """The next moment a text may be sent: now if inside a window, else when the next one opens."""
    if current_window_end(contact, now) is not None:
        return now
    return min(opens for opens, _closes in _windows_around(contact, now) if opens > now)
