"""Pausing and resuming check-ins: by the advocate in the admin, by the survivor by text or in /my/.

A pause takes effect at once: the dispatcher re-reads the plan at send time and skips it.
Resuming queues the next check-in at the next safe window (never a burst of old ones).
"""

from django.db.models import Q
from django.utils import timezone

from . import schedule
from .models import CheckIn, CheckInPlan


def active_plans(profile):
    """Plans still running for this survivor (not ended), paused or not."""
    today = timezone.localdate()
    return CheckInPlan.objects.filter(survivor=profile).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def pause(plans, by, staff=None):
    """Pause the given plans; returns how many were running."""
    return plans.filter(paused_at__isnull=True).update(paused_at=timezone.now(), paused_by=by, paused_by_staff=staff)


def resume(plans):
    now = timezone.now()
    count = 0
    for plan in plans.filter(paused_at__isnull=False).select_related("survivor__contact"):
        plan.paused_at, plan.paused_by, plan.paused_by_staff = None, "", None
        plan.save(update_fields=["paused_at", "paused_by", "paused_by_staff"])
        CheckIn.objects.filter(plan=plan, status=CheckIn.Status.DUE, due_at__lt=now).update(
            status=CheckIn.Status.SKIPPED, skip_reason="paused"
        )
        schedule.schedule_next(plan, now)
        count += 1
    return count
