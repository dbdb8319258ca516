"""The deadlines feed is RFC 5545: CRLF lines of at most 75 octets, escaped text, one VEVENT a deadline."""

from datetime import timedelta

import pytest

from .factories import make_opportunity

pytestmark = pytest.mark.django_db


def unfold(body):
    assert body.endswith("\r\n")
    raw_lines = body[:-2].split("\r\n")
    for line in raw_lines:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    lines = []
    for line in raw_lines:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def components(lines):
    """The properties of each VEVENT, checking that BEGIN and END pair up."""
    stack, events = [], []
    for line in lines:
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack[-1] == "VEVENT":
            events[-1][name] = value
    assert stack == []
    return events


def test_feed_is_valid_icalendar_with_each_deadline_in_utc(client, pinned_clock):
    opportunity = make_opportunity(
        pinned_clock + timedelta(days=9),
        program="Línea, de; ayuda\\ para 住房 " + "x" * 80,
        summary="Two lines\nof summary",
    )
    response = client.get("/funding/deadlines.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.content.decode("utf-8"))
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert any(line.startswith("PRODID:") for line in lines)
    events = components(lines)
    ours = next(event for event in events if event["UID"].startswith(f"funding-{opportunity.pk}@"))
    assert ours["DTSTART"] == opportunity.closes_at.strftime("%Y%m%dT%H%M%SZ")
    assert len(ours["DTSTAMP"]) == 16 and ours["DTSTAMP"].endswith("Z")
    assert "Línea\\, de\\; ayuda\\\\ para 住房" in ours["SUMMARY"]
    assert "Two lines\\nof summary" in ours["DESCRIPTION"]
    assert all({"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= event.keys() for event in events)


def test_feed_leaves_out_deadlines_long_past(client, pinned_clock):
    old = make_opportunity(pinned_clock - timedelta(days=200), program="Long gone")
    body = client.get("/funding/deadlines.ics").content.decode()
    assert f"funding-{old.pk}@" not in body
    assert "Set-Cookie" not in client.get("/funding/deadlines.ics").headers
