"""Replies to a check-in, in every language, through messaging's real inbound handler."""

import itertools
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.checkins import words
from portal.checkins.alerts import raise_missed_alerts
from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert, CheckInPlan
from portal.core import phrases
from portal.messaging.inbound import receive_sms
from portal.messaging.models import HelpRequest, InboundMessage
from tests.accounts.builders import make_survivor

from .conftest import due_now, make_checkin_plan

_sids = itertools.count(1)

EXPECTED = {
    words.OK: CheckIn.Status.OK,
    words.CALL_ME: CheckIn.Status.CALL_ME,
    words.HELP_NOW: CheckIn.Status.HELP_NOW,
}
ALL_WORDS = [
    (meaning, language, word)
    for name, (meaning, _where) in words.LISTS.items()
    if meaning in EXPECTED
    for language in phrases.languages()
    for word in phrases.words(language, name)
] + [(meaning, "emoji", emoji) for meaning in EXPECTED for emoji in sorted(words.EMOJI[meaning])]


def text_from(plan, body):
    return receive_sms(f"SM{next(_sids):032d}", plan.survivor.contact.phone, body)[0]


@pytest.fixture
def sent_check_in(organization, advocate):
    plan = make_checkin_plan(make_survivor(organization), advocate=advocate, start=time(0), end=time(0))
    check_in = due_now(plan)
    dispatch_checkins()
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT
    return check_in


@pytest.mark.parametrize(("meaning", "language", "word"), ALL_WORDS)
def test_every_reply_word_in_every_language_maps_to_its_outcome(sent_check_in, meaning, language, word):
    assert words.parse(word) == meaning
    text_from(sent_check_in.plan, word)
    sent_check_in.refresh_from_db()
    assert sent_check_in.status == EXPECTED[meaning]


@pytest.mark.parametrize(
    ("body", "meaning"),
    [
        ("1", words.OK),
        ("١", words.OK),  # Arabic-Indic digit
        ("３", words.HELP_NOW),  # full-width digit
        ("Đúng", words.OK),  # "right": tone marks make it yes, not "dừng" (stop)
        ("Có", words.OK),
        ("Dùng", None),  # "use": not an answer, and not stop either
        ("👍🏽", words.OK),  # a skin tone does not change the meaning
        ("ok!", words.OK),
        ("Llámame por favor", words.CALL_ME),
        ("救命啊", words.HELP_NOW),
        ("OK but call me", None),  # not plainly OK: a person reads it
        ("好可怕", None),
        ("I'll be at the store later", None),
    ],
)
def test_digits_emoji_and_longer_texts(body, meaning):
    assert words.parse(body) == meaning


def test_ok_records_the_answer_and_sends_nothing_back(sent_check_in):
    inbound = text_from(sent_check_in.plan, "1")
    sent_check_in.refresh_from_db()
    assert sent_check_in.status == CheckIn.Status.OK
    assert sent_check_in.answered_at is not None
    assert inbound.keyword == "checkin_ok"
    assert not HelpRequest.objects.filter(contact=sent_check_in.plan.survivor.contact).exists()
    assert not CheckInAlert.objects.filter(check_in=sent_check_in).exists()


def test_call_me_opens_an_item_for_the_assigned_advocate(sent_check_in, advocate):
    text_from(sent_check_in.plan, "2")
    contact = sent_check_in.plan.survivor.contact
    help_request = HelpRequest.objects.get(contact=contact)
    assert help_request.conversation.assigned_to == advocate
    alert = CheckInAlert.objects.get(check_in=sent_check_in)
    assert (alert.kind, alert.for_user) == (CheckInAlert.Kind.CALL_ME, advocate)


def test_help_now_is_urgent_and_tells_on_call(sent_check_in, advocate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        text_from(sent_check_in.plan, "3")
    help_request = HelpRequest.objects.get(contact=sent_check_in.plan.survivor.contact)
    assert help_request.urgent and help_request.conversation.urgent
    assert help_request.conversation.assigned_to == advocate
    assert CheckInAlert.objects.get(check_in=sent_check_in).kind == CheckInAlert.Kind.HELP_NOW
    assert [message.to for message in mail.outbox] == [["oncall@example.org"]]


def test_anything_else_joins_the_survivors_conversation(sent_check_in):
    inbound = text_from(sent_check_in.plan, "Can we talk tomorrow about the apartment?")
    sent_check_in.refresh_from_db()
    assert sent_check_in.status == CheckIn.Status.REPLIED
    assert inbound.conversation is not None
    assert inbound.conversation.contact == sent_check_in.plan.survivor.contact
    assert not HelpRequest.objects.filter(contact=sent_check_in.plan.survivor.contact).exists()


def test_stop_in_reply_opts_out_and_no_more_check_ins_go(sent_check_in):
    plan = sent_check_in.plan
    inbound = text_from(plan, "STOP")
    plan.survivor.contact.refresh_from_db()
    assert plan.survivor.contact.opted_out_at is not None
    assert inbound.keyword == "stop"
    following = plan.check_ins.get(status=CheckIn.Status.DUE)
    CheckIn.objects.filter(pk=following.pk).update(due_at=timezone.now())
    dispatch_checkins()
    following.refresh_from_db()
    assert (following.status, following.skip_reason) == (CheckIn.Status.SKIPPED, "opted-out")


@pytest.mark.parametrize(
    "word", [word for language in phrases.languages() for word in phrases.words(language, "pause")]
)
def test_a_pause_word_in_any_language_pauses_the_plan(sent_check_in, word):
    inbound = text_from(sent_check_in.plan, word)
    plan = CheckInPlan.objects.get(pk=sent_check_in.plan_id)
    assert plan.is_paused and plan.paused_by == CheckInPlan.PausedBy.SURVIVOR
    assert inbound.keyword == "checkin_pause"


def test_a_reply_after_the_grace_period_still_counts(sent_check_in):
    later = timezone.now() + timedelta(minutes=sent_check_in.plan.grace_minutes + 1)
    # Only the silence is at stake here: after midnight a dispatch would also send the next day's
    # check-in, which a reply then answers (the newest one).
    raise_missed_alerts(now=later)
    sent_check_in.refresh_from_db()
    assert sent_check_in.status == CheckIn.Status.MISSED
    text_from(sent_check_in.plan, "👍")
    sent_check_in.refresh_from_db()
    assert sent_check_in.status == CheckIn.Status.OK
    assert CheckInAlert.objects.get(check_in=sent_check_in, kind=CheckInAlert.Kind.MISSED).resolved_at is not None


def test_a_text_from_someone_without_a_check_in_goes_the_usual_way(db):
    survivor = make_survivor()
    receive_sms("SM-no-checkin", survivor.contact.phone, "1")
    assert InboundMessage.objects.get(message_sid="SM-no-checkin").keyword == ""
    assert HelpRequest.objects.filter(contact=survivor.contact).exists()
