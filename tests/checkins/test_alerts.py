"""Silence: one alert per missed check-in for the advocate, a supervisor after repeated misses."""

from datetime import time, timedelta

import time_machine
from django.utils import timezone

from portal.checkins.alerts import ESCALATE_AFTER_MISSES, raise_missed_alerts
from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInAlert
from portal.messaging.models import OutboundMessage
from tests.accounts.builders import make_survivor

from .conftest import due_now, make_checkin_plan


def test_the_grace_period_raises_exactly_one_alert_and_no_text(organization, advocate):
    plan = make_checkin_plan(make_survivor(organization), advocate=advocate, start=time(0), end=time(0))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        check_in = due_now(plan)
        dispatch_checkins()

    with time_machine.travel(start + timedelta(minutes=plan.grace_minutes - 1), tick=False):
        dispatch_checkins()
    assert not CheckInAlert.objects.filter(check_in=check_in).exists()

    with time_machine.travel(start + timedelta(minutes=plan.grace_minutes), tick=False):
        dispatch_checkins()
        dispatch_checkins()
        raise_missed_alerts()
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.MISSED
    alert = CheckInAlert.objects.get(check_in=check_in)
    assert (alert.kind, alert.for_user) == (CheckInAlert.Kind.MISSED, advocate)
    # The alert texts nobody: every text she got is a check-in of her plan (when the grace period
    # crosses midnight, the next day's check-in goes out too).
    check_in_texts = CheckIn.objects.filter(plan=plan, message__isnull=False).values("message")
    assert OutboundMessage.objects.filter(contact=plan.survivor.contact).exclude(pk__in=check_in_texts).count() == 0


def test_repeated_misses_escalate_to_a_supervisor_once(organization, advocate, supervisor):
    plan = make_checkin_plan(make_survivor(organization), advocate=advocate, start=time(0), end=time(0))
    now = timezone.now()
    for number in range(ESCALATE_AFTER_MISSES + 1):
        sent = now - timedelta(days=10 - number)
        CheckIn.objects.create(
            plan=plan, due_at=sent, sent_at=sent, status=CheckIn.Status.SENT, reply_due_at=sent + timedelta(hours=4)
        )
        raise_missed_alerts(now=sent + timedelta(hours=5))
    escalations = CheckInAlert.objects.filter(kind=CheckInAlert.Kind.REPEATED_MISSES)
    assert [(alert.for_user, alert.check_in.plan) for alert in escalations] == [(supervisor, plan)]
    assert CheckInAlert.objects.filter(kind=CheckInAlert.Kind.MISSED, check_in__plan=plan).count() == 4


def test_an_answer_breaks_the_run_of_misses(organization, advocate, supervisor):
    plan = make_checkin_plan(make_survivor(organization), advocate=advocate, start=time(0), end=time(0))
    now = timezone.now()
    statuses = [CheckIn.Status.SENT, CheckIn.Status.OK, CheckIn.Status.SENT, CheckIn.Status.SENT]
    for number, status in enumerate(statuses):
        sent = now - timedelta(days=10 - number)
        CheckIn.objects.create(plan=plan, due_at=sent, sent_at=sent, status=status, reply_due_at=sent)
        raise_missed_alerts(now=sent + timedelta(minutes=1))
    assert not CheckInAlert.objects.filter(kind=CheckInAlert.Kind.REPEATED_MISSES).exists()
