"""After an urgent text, one advocate reply may go out at once, outside her safe hours; and an advocate
may see her full number to call her, which she sees in her activity."""

import logging
from datetime import datetime, time
from itertools import count
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import strategies as st

from portal.accounts.categories import Category
from portal.messaging.inbound import receive_sms
from portal.messaging.models import Contact, Conversation, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from portal.sharing.categories import PLAIN_WORDS
from portal.sharing.models import AccessEvent
from tests.accounts.builders import make_organization, make_survivor, sign_in_directly
from tests.messaging.conftest import HOUSTON
from tests.sharing.test_messaging_scope import advocate_client

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
LATE = datetime(2026, 12, 9, 23, 35, tzinfo=CENTRAL)
NEXT_MORNING = datetime(2026, 12, 10, 9, 0, tzinfo=CENTRAL)
URGENT = "I need help, he's outside"
ANSWER = "I am here. Can you get to a safe room?"
_sids = count(1)


@pytest.fixture
def late():
    with time_machine.travel(LATE, tick=False):
        yield


@pytest.fixture
def home_org(db):
    return make_organization("Home Advocates")


@pytest.fixture
def survivor(home_org):
    profile = make_survivor(home_org, phone=HOUSTON, name="Rosa Secretname")
    Contact.objects.filter(pk=profile.contact_id).update(safe_hours_start=time(9), safe_hours_end=time(20))
    return profile


@pytest.fixture
def advocate(home_org):
    return advocate_client(home_org, "home-adv-urgent")


def text_in(body, capture):
    with capture(execute=True):
        receive_sms(f"SM{next(_sids):032d}", HOUSTON, body)
    return Conversation.objects.get(status=Conversation.Status.OPEN)


def thread_url(conversation):
    return f"/admin/conversations/thread/{conversation.pk}/"


def reply(client, conversation, capture, text=ANSWER, **extra):
    with capture(execute=True):
        return client.post(thread_url(conversation), {"action": "reply", "template": "", "text": text, **extra})


def advocate_texts():
    return {message.body: message for message in OutboundMessage.objects.filter(sent_by__isnull=False)}


def sent(sms_outbox, text=ANSWER):
    return [sms for sms in sms_outbox if sms.body == text]


OVERRIDE = {"outside_safe_hours": "on"}
CONFIRMED = {"outside_safe_hours": "True", "confirmed": "True"}


def test_one_reply_goes_out_now_after_confirming_and_the_next_waits_for_safe_hours(
    late, survivor, advocate, sms_outbox, django_capture_on_commit_callbacks, caplog
):
    capture = django_capture_on_commit_callbacks
    conversation = text_in(URGENT, capture)
    html = advocate.get(thread_url(conversation)).content.decode()
    assert "Send now, outside her safe hours" in html

    # Ticking the box asks first; nothing is queued until the advocate confirms.
    confirm = reply(advocate, conversation, capture, **OVERRIDE)
    assert confirm.status_code == 200 and "data-confirm-urgent" in confirm.content.decode()
    assert not OutboundMessage.objects.filter(sent_by__isnull=False).exists()

    with caplog.at_level(logging.INFO, logger="portal.messaging.urgent_reply"):
        assert reply(advocate, conversation, capture, **CONFIRMED).status_code == 302
    message = OutboundMessage.objects.get(sent_by__isnull=False)
    assert message.status == DeliveryStatus.SUBMITTED and message.answers_urgent.body == URGENT
    assert message.sent_by.username == "home-adv-urgent" and message.created_at == timezone.now()
    assert len(sent(sms_outbox)) == 1
    [line] = [record.getMessage() for record in caplog.records if "outside safe hours" in record.getMessage()]
    assert f"outbound message {message.pk}" in line
    for secret in (HOUSTON[-4:], "Rosa", "outside", "safe room"):
        assert secret not in line.replace("outside safe hours", "")

    # Spent: not offered again, and a second try is refused; an ordinary reply waits for 9 am.
    assert "Send now, outside her safe hours" not in advocate.get(thread_url(conversation)).content.decode()
    reply(advocate, conversation, capture, text="Second try", **CONFIRMED)
    assert "Second try" not in advocate_texts()
    reply(advocate, conversation, capture, text="Call me at 9")
    waiting = advocate_texts()["Call me at 9"]
    assert waiting.status == DeliveryStatus.PENDING and waiting.next_attempt_at == NEXT_MORNING
    assert sent(sms_outbox, "Call me at 9") == []

    # A new urgent text offers it again.
    text_in("Please help, he is back", capture)
    assert "Send now, outside her safe hours" in advocate.get(thread_url(conversation)).content.decode()


@pytest.mark.parametrize("blocked", ["opted_out", "outside_region"])
def test_opt_out_and_the_region_allow_list_still_win(
    blocked, late, survivor, advocate, sms_outbox, settings, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    conversation = text_in(URGENT, capture)
    if blocked == "opted_out":
        Contact.objects.filter(pk=survivor.contact_id).update(opted_out_at=timezone.now())
    else:
        settings.SMS_ALLOWED_REGIONS = ["MX"]
    reply(advocate, conversation, capture, **CONFIRMED)
    assert OutboundMessage.objects.get(sent_by__isnull=False).status == DeliveryStatus.CANCELLED
    assert sent(sms_outbox) == []


def test_without_an_urgent_latest_text_it_is_not_offered_and_a_forged_post_is_refused(
    late, survivor, advocate, sms_outbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    text_in(URGENT, capture)
    conversation = text_in("Thank you, I am ok now", capture)
    assert "Send now, outside her safe hours" not in advocate.get(thread_url(conversation)).content.decode()
    response = reply(advocate, conversation, capture, **CONFIRMED)
    assert response.status_code == 302
    assert "only once, to answer a new urgent text" in advocate.get(response.url).content.decode()
    assert not OutboundMessage.objects.filter(sent_by__isnull=False).exists()
    assert sent(sms_outbox) == []


def test_another_organisations_advocate_gets_404_and_changes_nothing(
    late, survivor, sms_outbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    conversation = text_in(URGENT, capture)
    outsider = advocate_client(make_organization("Other Shelter"), "other-adv")
    events = AccessEvent.objects.count()
    assert reply(outsider, conversation, capture, **CONFIRMED).status_code == 404
    assert outsider.post(thread_url(conversation), {"action": "show_number"}).status_code == 404
    assert not OutboundMessage.objects.filter(sent_by__isnull=False).exists()
    assert AccessEvent.objects.count() == events


def test_showing_her_number_writes_one_access_event_she_can_see(survivor, advocate, django_capture_on_commit_callbacks):
    conversation = text_in(URGENT, django_capture_on_commit_callbacks)
    page = advocate.get(thread_url(conversation)).content.decode()
    assert HOUSTON not in page and "Show number to call" in page
    before = set(AccessEvent.objects.filter(survivor=survivor).values_list("pk", flat=True))

    response = advocate.post(thread_url(conversation), {"action": "show_number"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert f">{HOUSTON}<" in response.content.decode()
    [event] = AccessEvent.objects.filter(survivor=survivor).exclude(pk__in=before)
    assert (event.category, event.permitted, event.viewer.username) == ("contact", True, "home-adv-urgent")
    assert event.record.startswith("phone number")

    # Shown once: the next visit is masked again.
    assert HOUSTON not in advocate.get(thread_url(conversation)).content.decode()
    activity = sign_in_directly(Client(), survivor).get("/en/my/activity/").content.decode()
    # Her page groups one person's reads close together into one visit.
    assert activity.count("data-access-event>") == 1
    assert "home-adv-urgent" in activity and "Home Advocates" in activity
    assert str(PLAIN_WORDS[Category.CONTACT]) in activity


STEPS = st.lists(st.sampled_from(["urgent text", "ordinary text", "override", "reply"]), min_size=1, max_size=6)


@hypothesis.settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@hypothesis.given(steps=STEPS)
def test_an_override_goes_out_only_to_answer_her_latest_text_when_urgent_and_once_per_urgent_text(
    steps, late, home_org, sms_outbox, django_capture_on_commit_callbacks
):
    """Whatever order texts and replies come in, a reply outside safe hours answers exactly one urgent
    text, her latest at the time, and no urgent text gets two."""
    capture = django_capture_on_commit_callbacks
    with transaction.atomic():
        survivor = make_survivor(home_org, phone=HOUSTON)
        Contact.objects.filter(pk=survivor.contact_id).update(safe_hours_start=time(9), safe_hours_end=time(20))
        client = advocate_client(home_org, "prop-adv")
        latest, answered, conversation = None, set(), None
        for number, step in enumerate(steps):
            if step.endswith("text"):
                conversation = text_in(URGENT if step == "urgent text" else "Thanks", capture)
                latest = (conversation.inbound_messages.order_by("-pk").first(), step == "urgent text")
                continue
            if conversation is None:
                continue
            before = OutboundMessage.objects.filter(answers_urgent__isnull=False).count()
            offered = "Send now, outside her safe hours" in client.get(thread_url(conversation)).content.decode()
            should_offer = latest[1] and latest[0].pk not in answered
            assert offered == should_offer
            reply(client, conversation, capture, text=f"Reply {number}", **(CONFIRMED if step == "override" else {}))
            overrides = OutboundMessage.objects.filter(answers_urgent__isnull=False)
            if step == "override" and should_offer:
                assert overrides.count() == before + 1
                assert overrides.order_by("-pk").first().answers_urgent_id == latest[0].pk
                answered.add(latest[0].pk)
            else:
                assert overrides.count() == before
        sent_now = [sms.body for sms in sms_outbox if sms.body.startswith("Reply ")]
        assert len(sent_now) == len(answered)
        transaction.set_rollback(True)
    sms_outbox.clear()
