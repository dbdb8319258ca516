"""Alerts for staff: a missed check-in tells the survivor's advocate; repeated misses tell a supervisor.

Alerts stay in the admin (never a text to anyone: a second text to a phone someone else may
hold could do harm). One alert of a kind per check-in (a unique constraint), however many
dispatchers notice the same silence at once.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.accounts.models import Membership

from .models import CheckIn, CheckInAlert

BATCH = 500
# This many check-ins in a row without a reply (and every further run of as many) tell a supervisor.
ESCALATE_AFTER_MISSES = 3


def raise_alert(check_in, kind, for_user=None):
    """The alert, created once; returns (alert, created)."""
    try:
        with transaction.atomic():
            return CheckInAlert.objects.get_or_create(check_in=check_in, kind=kind, defaults={"for_user": for_user})
    except IntegrityError:
        return CheckInAlert.objects.get(check_in=check_in, kind=kind), False


def supervisor_for(plan):
    membership = (
        Membership.objects.filter(organization_id=plan.survivor.organization_id, role=Membership.Role.SUPERVISOR)
        .select_related("user")
        .order_by("created_at")
        .first()
    )
    return membership.user if membership else None


def missed_in_a_row(plan):
    """How many of the plan's latest finished check-ins in a row had no reply."""
    finished = plan.check_ins.exclude(status__in=(CheckIn.Status.DUE, CheckIn.Status.SENT, CheckIn.Status.SKIPPED))
    count = 0
    for status in finished.order_by("-due_at").values_list("status", flat=True)[:100]:
        if status != CheckIn.Status.MISSED:
            break
        count += 1
    return count


def raise_missed_alerts(now=None):
    """Mark sent check-ins whose grace period is over as missed, each with exactly one alert."""
    now = now or timezone.now()
    raised = 0
    overdue = CheckIn.objects.filter(status=CheckIn.Status.SENT, reply_due_at__lte=now).select_related("plan__survivor")
    for check_in in overdue.order_by("reply_due_at")[: BATCH * 20]:
        with transaction.atomic():
            # Only the dispatcher whose update wins raises the alert.
            if not CheckIn.objects.filter(pk=check_in.pk, status=CheckIn.Status.SENT).update(
                status=CheckIn.Status.MISSED
            ):
                continue
            plan = check_in.plan
            raise_alert(check_in, CheckInAlert.Kind.MISSED, plan.advocate)
            raised += 1
            streak = missed_in_a_row(plan)
            if streak and streak % ESCALATE_AFTER_MISSES == 0:
                raise_alert(check_in, CheckInAlert.Kind.REPEATED_MISSES, supervisor_for(plan))
    return raised


def resolve_silence_alerts(check_in, now=None):
    """A late reply still counts: the missed alert for that check-in is resolved."""
    CheckInAlert.objects.filter(check_in=check_in, kind=CheckInAlert.Kind.MISSED, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now()
    )
