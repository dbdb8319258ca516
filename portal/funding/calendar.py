"""Deadlines as an iCalendar file (RFC 5545) that calendar apps subscribe to.

Written by hand because it is small: each deadline is an event at one UTC instant, so no VTIMEZONE
is needed; text is escaped (section 3.3.11) and lines are folded at 75 octets (section 3.1).
"""

from datetime import UTC

from django.conf import settings
from django.utils.translation import gettext as _

PRODUCT_ID = "-//Portal//Funding deadlines//EN"


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into 75-octet pieces without cutting a UTF-8 character in two."""
    pieces, current, size, limit = [], [], 0, 75
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(character)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(opportunity, host):
    summary = _("Deadline: %(program)s (%(funder)s)") % {"program": opportunity.program, "funder": opportunity.funder}
    description = "\n".join(filter(None, [opportunity.summary, _("Who may apply:"), opportunity.eligible_applicants]))
    return [
        "BEGIN:VEVENT",
        f"UID:funding-{opportunity.pk}@{host}",
        f"DTSTAMP:{utc_stamp(opportunity.updated_at)}",
        f"DTSTART:{utc_stamp(opportunity.closes_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{opportunity.link}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def deadlines_calendar(opportunities, host):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('Funding deadlines') + ' - ' + settings.SITE_NAME)}",
    ]
    for opportunity in opportunities:
        lines.extend(event_lines(opportunity, host))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
