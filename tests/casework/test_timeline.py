"""The case timeline: every event of her case, newest first, who did it, in the advocate's time zone,
for a number of queries that does not grow with her case."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from portal.checkins.models import CheckIn, CheckInPlan
from portal.messaging.channels import Channel
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import HelpRequest, InboundMessage, OutboundMessage
from portal.plans.models import PlanEvent, record_event
from portal.sharing.policy import read
from tests.accounts.builders import make_staff

from .builders import HER_TEXT, make_partner

pytestmark = pytest.mark.django_db


def timeline_html(client, survivor):
    html = client.get(reverse("cases:case", args=[survivor.pk]) + "?tab=timeline").content.decode()
    return html.split("data-timeline>")[1].split("</ol>")[0]


def test_every_kind_of_event_is_on_it_with_who_did_it(case):
    survivor, advocate = case["survivor"], case["advocate"]
    conversation = survivor.contact.conversations.get()
    advocate.post(reverse("conversations:thread", args=[conversation.pk]), {"action": "assign_me"})
    advocate.post(reverse("cases:case", args=[survivor.pk]), {"body": "A note", "visibility": "organization"})
    partner_org, _consent = make_partner(survivor, name="Partner Clinic", categories=("goals",))
    partner = make_staff(partner_org, "clinic-reader", role="partner")
    read(partner, survivor, "goals")
    html = timeline_html(advocate, survivor)
    assert "Plan started" in html  # a plan event
    assert "Urgent help request" in html and "the survivor" in html
    assert "Check-in sent" in html and "the system" in html
    assert "Alert: No reply" in html
    assert "Agreed to share with Partner Clinic" in html
    assert "Partner looked at: " in html and "clinic-reader (Partner Clinic)" in html
    assert "Case note written — Ana Advocate" in html
    assert "Duress alert" in html
    assert "Assign: conversation " in html and "Ana Advocate" in html
    assert HER_TEXT not in html and "A note" not in html, "what happened, never what was written"


def test_each_message_is_named_by_the_way_it_went(case):
    survivor = case["survivor"]
    contact = survivor.contact
    later = timezone.now() + timedelta(days=1)
    for channel in (Channel.CALL, Channel.WHATSAPP):
        OutboundMessage.objects.create(
            contact=contact, purpose="check_in", channel=channel, body="Check-in", expires_at=later
        )
    InboundMessage.objects.create(contact=contact, message_sid="SM-wa-1", channel=Channel.WHATSAPP, body="ok")
    InboundMessage.objects.create(contact=contact, message_sid="SM-sms-1", channel=Channel.SMS, body="ok")
    html = timeline_html(case["advocate"], survivor)
    assert "Call placed: Check-in" in html
    assert "WhatsApp message sent: Check-in" in html
    assert "WhatsApp message received" in html
    assert "Text received" in html


def test_newest_first(case):
    survivor = case["survivor"]
    html = timeline_html(case["advocate"], survivor)
    stamps = re.findall(r'datetime="([^"]+)"', html)
    assert len(stamps) >= 5
    assert stamps == sorted(stamps, reverse=True)


def test_times_are_in_the_advocates_own_time_zone(case):
    profile = UserProfile.get_for_user(case["advocate"].user)
    profile.current_time_zone = "America/Denver"
    profile.save()
    html = timeline_html(case["advocate"], case["survivor"])
    stamps = [datetime.fromisoformat(stamp) for stamp in re.findall(r'datetime="([^"]+)"', html)]
    # Each stamp carries Denver's offset at its own instant, which is not always Central's minus an hour:
    # on the night clocks go forward Central moves at 08:00 UTC and Denver an hour later.
    denver = ZoneInfo("America/Denver")
    assert stamps and all(stamp.utcoffset() == stamp.astimezone(denver).utcoffset() for stamp in stamps)


def grow(survivor, advocate, times):
    plan = survivor.plans.get()
    checkin_plan = CheckInPlan.objects.get(survivor=survivor)
    for number in range(times):
        record_event(plan, PlanEvent.Kind.UPDATED, actor=PlanEvent.Actor.STAFF, staff=advocate, detail="goals")
        CheckIn.objects.create(
            plan=checkin_plan,
            due_at=timezone.now() - timedelta(days=number + 1),
            sent_at=timezone.now() - timedelta(days=number + 1),
            answered_at=timezone.now() - timedelta(days=number + 1),
            status=CheckIn.Status.OK,
        )
        help_request, _created = open_help_request(survivor.contact, source=HelpRequest.Source.WEB, message="x")
        help_request.status = HelpRequest.Status.CLOSED
        help_request.save(update_fields=["status"])


def count_queries(client, survivor):
    url = reverse("cases:case", args=[survivor.pk]) + "?tab=timeline"
    client.get(url)  # caches (content types, the session) warmed as on any later look
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_her_case(case):
    survivor, advocate = case["survivor"], case["advocate"]
    grow(survivor, advocate.user, 2)
    before = count_queries(advocate, survivor)
    grow(survivor, advocate.user, 12)
    assert count_queries(advocate, survivor) == before
    assert before == 48
