"""Dispatch with a frozen clock: the right moment in the survivor's own time zone, across DST,
never to an opted-out or paused survivor, never late at night."""

from datetime import UTC, date, datetime, time

import time_machine
from django.core.management import call_command

from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInPlan
from portal.checkins.pausing import pause
from portal.checkins.schedule import schedule_next
from portal.messaging.models import OutboundMessage
from tests.accounts.builders import make_survivor

from .conftest import due_now, make_checkin_plan


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def el_paso_survivor(**contact_fields):
    survivor = make_survivor(language="es")
    for name, value in {"time_zone": "America/Denver", **contact_fields}.items():
        setattr(survivor.contact, name, value)
    survivor.contact.save()
    return survivor


def texts_to(plan):
    return OutboundMessage.objects.filter(contact=plan.survivor.contact)


def test_sent_at_the_start_of_the_safe_window_in_the_survivors_zone_across_dst(db):
    # 2026-03-08 is the DST change: El Paso goes from UTC-7 (MST) to UTC-6 (MDT).
    with time_machine.travel(utc(2026, 3, 7, 12, 0), tick=False):  # 05:00 in El Paso
        plan = make_checkin_plan(el_paso_survivor(), start=time(10), end=time(18))
        first = schedule_next(plan, utc(2026, 3, 7, 12, 0), inclusive=True)
    assert first.due_at == utc(2026, 3, 7, 17, 0)  # 10:00 MST

    with time_machine.travel(utc(2026, 3, 7, 16, 59), tick=False):
        dispatch_checkins()
    assert not texts_to(plan).exists()

    with time_machine.travel(utc(2026, 3, 7, 17, 0), tick=False):
        assert dispatch_checkins()["sent"] == 1
    first.refresh_from_db()
    assert first.status == CheckIn.Status.SENT
    assert first.message.template == "scheduled_check_in"
    assert first.message.language == "es"

    second = plan.check_ins.get(status=CheckIn.Status.DUE)
    assert second.due_at == utc(2026, 3, 8, 16, 0)  # 10:00 MDT, the day the clocks change
    with time_machine.travel(utc(2026, 3, 8, 15, 59), tick=False):
        dispatch_checkins()
    assert texts_to(plan).count() == 1
    with time_machine.travel(utc(2026, 3, 8, 16, 0), tick=False):
        assert dispatch_checkins()["sent"] == 1
    assert texts_to(plan).count() == 2
    assert plan.check_ins.get(status=CheckIn.Status.DUE).due_at == utc(2026, 3, 9, 16, 0)


def test_houston_and_el_paso_get_their_own_ten_oclock(db):
    first_day = date(2026, 6, 1)
    houston = make_checkin_plan(make_survivor(), start=time(10), end=time(18), starts_on=first_day)
    el_paso = make_checkin_plan(el_paso_survivor(), start=time(10), end=time(18), starts_on=first_day)
    after = utc(2026, 6, 1, 12, 0)
    assert schedule_next(houston, after).due_at == utc(2026, 6, 1, 15, 0)  # 10:00 CDT
    assert schedule_next(el_paso, after).due_at == utc(2026, 6, 1, 16, 0)  # 10:00 MDT


def test_a_check_in_that_missed_its_window_moves_to_the_next_window_instead_of_arriving_late(db):
    plan = make_checkin_plan(el_paso_survivor(), start=time(10), end=time(18))
    check_in = due_now(plan, utc(2026, 3, 10, 16, 0))  # 10:00 MDT
    with time_machine.travel(utc(2026, 3, 11, 3, 0), tick=False):  # 21:00 in El Paso: the dispatcher was down
        assert dispatch_checkins()["moved"] == 1
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.DUE
    assert check_in.due_at == utc(2026, 3, 11, 16, 0)  # the next morning, 10:00
    assert not texts_to(plan).exists()


def test_the_contacts_own_safe_hours_are_respected_too(db):
    survivor = el_paso_survivor(safe_hours_start=time(12), safe_hours_end=time(20))
    plan = make_checkin_plan(survivor, start=time(10), end=time(18))
    check_in = due_now(plan, utc(2026, 3, 10, 16, 0))
    with time_machine.travel(utc(2026, 3, 10, 16, 0), tick=False):  # 10:00: plan window open, contact's not
        dispatch_checkins()
    check_in.refresh_from_db()
    assert check_in.due_at == utc(2026, 3, 10, 18, 0)  # noon in El Paso
    assert not texts_to(plan).exists()


def test_the_text_expires_when_the_safe_window_closes(db):
    plan = make_checkin_plan(el_paso_survivor(), start=time(10), end=time(18))
    due_now(plan, utc(2026, 3, 10, 16, 0))
    with time_machine.travel(utc(2026, 3, 10, 16, 0), tick=False):
        dispatch_checkins()
    assert texts_to(plan).get().expires_at == utc(2026, 3, 11, 0, 0)  # 18:00 MDT


def test_not_sent_to_an_opted_out_survivor(db):
    with time_machine.travel(utc(2026, 5, 4, 15, 0), tick=False):
        plan = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
        plan.survivor.contact.opted_out_at = utc(2026, 5, 1)
        plan.survivor.contact.save()
        check_in = due_now(plan)
        assert dispatch_checkins().get("sent", 0) == 0
    check_in.refresh_from_db()
    assert (check_in.status, check_in.skip_reason) == (CheckIn.Status.SKIPPED, "opted-out")
    assert not texts_to(plan).exists()


def test_not_sent_to_a_paused_survivor(db):
    with time_machine.travel(utc(2026, 5, 4, 15, 0), tick=False):
        plan = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
        check_in = due_now(plan)
        pause(CheckInPlan.objects.filter(pk=plan.pk), CheckInPlan.PausedBy.ADVOCATE)
        dispatch_checkins()
    check_in.refresh_from_db()
    assert (check_in.status, check_in.skip_reason) == (CheckIn.Status.SKIPPED, "paused")
    assert not texts_to(plan).exists()


def test_the_text_is_neutral_and_uses_the_code_word_only_if_the_plan_says_so(db):
    survivor = make_survivor()
    survivor.contact.code_word = "Sunflower"
    survivor.contact.save()
    with_word = make_checkin_plan(survivor, start=time(0), end=time(0))
    due_now(with_word)
    dispatch_checkins()
    body = texts_to(with_word).get().body
    assert body.startswith("Sunflower: ")
    assert "Reply 1" in body
    assert survivor.organization.name not in body

    with_word.use_code_word = False
    with_word.save()
    with_word.check_ins.filter(status=CheckIn.Status.DUE).update(due_at=with_word.created_at)
    dispatch_checkins()
    assert texts_to(with_word).order_by("pk").last().body.startswith("Hi, checking in.")


def test_each_check_in_is_sent_once_however_often_the_dispatcher_runs(db):
    plan = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
    due_now(plan)
    for _ in range(3):
        dispatch_checkins()
        call_command("dispatch_checkins", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert texts_to(plan).count() == 1
    assert plan.check_ins.filter(status=CheckIn.Status.DUE).count() == 1
