"""The supervisor's view of the team: each advocate's open cases, urgent items and last contact;
moving a case to another advocate; and how fast the team answers help requests.

A case is a survivor's open service plan, and its advocate the plan's primary advocate. Response
time is from a help request arriving to the first text a staff member sent in its conversation,
counted for requests that arrived in a fixed month or quarter of the organisation's calendar.
"""

import math
import statistics

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max

from portal.accounts.case_admin import case_staff
from portal.checkins.models import CheckInAlert
from portal.core import audit
from portal.core.periods import Period
from portal.messaging.help_requests import OPEN_STATUSES, first_staff_replies
from portal.messaging.models import Conversation, HelpRequest, OutboundMessage
from portal.plans.models import Plan


class CannotReassign(Exception):
    """Not an open case of the supervisor's organisation, or not one of its advocates."""


def advocates(organization_ids):
    return case_staff(organization_ids).order_by("first_name", "last_name", "username")


def open_cases(organization_ids):
    return (
        Plan.objects.exclude(status=Plan.Status.CLOSED)
        .filter(survivor__organization_id__in=organization_ids, survivor__closed_at__isnull=True)
        .select_related("survivor", "primary_advocate")
        .order_by("primary_advocate_id", "survivor_id")
    )


def per_advocate(organization_ids):
    """One row per advocate: open cases, urgent items they hold, when they last texted a survivor."""
    staff = list(advocates(organization_ids))
    ids = [person.pk for person in staff]
    cases = dict(
        open_cases(organization_ids)
        .filter(primary_advocate_id__in=ids)
        .values_list("primary_advocate_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    urgent = dict(
        HelpRequest.objects.filter(
            assigned_to_id__in=ids, status__in=OPEN_STATUSES, urgent=True, contact__organization_id__in=organization_ids
        )
        .values_list("assigned_to_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    alerts = dict(
        CheckInAlert.objects.filter(
            taken_by_id__in=ids,
            resolved_at__isnull=True,
            check_in__plan__survivor__organization_id__in=organization_ids,
        )
        .values_list("taken_by_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    last_contact = dict(
        OutboundMessage.objects.filter(sent_by_id__in=ids, contact__organization_id__in=organization_ids)
        .values_list("sent_by_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    return [
        {
            "advocate": person,
            "open_cases": cases.get(person.pk, 0),
            "urgent_items": urgent.get(person.pk, 0) + alerts.get(person.pk, 0),
            "last_contact": last_contact.get(person.pk),
        }
        for person in staff
    ]


@transaction.atomic
def reassign(actor, organization_ids, case_id, advocate_id):
    """The case (a plan id) goes to another advocate of its organisation, with her open thread if its
    old advocate held it. Audit-logged with ids only."""
    try:
        plan = open_cases(organization_ids).select_for_update(of=("self",)).get(pk=int(case_id))
        new = case_staff([plan.survivor.organization_id]).get(pk=int(advocate_id))
    except (TypeError, ValueError, Plan.DoesNotExist, get_user_model().DoesNotExist):
        raise CannotReassign from None
    old_id = plan.primary_advocate_id
    if old_id == new.pk:
        return plan
    plan.primary_advocate = new
    plan.save(update_fields=["primary_advocate", "updated_at"])
    if old_id is not None:
        Conversation.objects.filter(
            contact_id=plan.survivor.contact_id, status=Conversation.Status.OPEN, assigned_to_id=old_id
        ).update(assigned_to=new)
    audit.log_change(plan, audit.REASSIGNED, actor, data={"from_user": old_id, "to_user": new.pk})
    return plan


def chosen_period(key, today):
    """The month or quarter a key names; this quarter for an empty or unknown key."""
    return Period.from_key(key) or Period.quarter_containing(today)


def recent_periods(today):
    """This quarter and the three before it, then this month and the five before it."""
    quarter = (today.month - 1) // 3
    quarters = [Period.quarter(today.year + (quarter - back) // 4, (quarter - back) % 4 + 1) for back in range(4)]
    months = [
        Period.month(today.year + (today.month - 1 - back) // 12, (today.month - 1 - back) % 12 + 1)
        for back in range(6)
    ]
    return quarters + months


def percentile(sorted_values, share):
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    return sorted_values[max(math.ceil(share * len(sorted_values)) - 1, 0)]


def response_times(organization_ids, period):
    """Minutes from each help request that arrived in the period to the first staff text after it."""
    arrived_in_period = HelpRequest.objects.filter(
        contact__organization_id__in=organization_ids, **period.lookup("created_at")
    )
    rows = first_staff_replies(arrived_in_period)
    minutes = sorted((reply - arrived).total_seconds() / 60 for arrived, reply in rows if reply is not None)
    waiting = sum(1 for _arrived, reply in rows if reply is None)
    if not minutes:
        return {"count": 0, "unanswered": waiting, "median": None, "p90": None}
    return {
        "count": len(minutes),
        "unanswered": waiting,
        "median": round(statistics.median(minutes), 1),
        "p90": round(percentile(minutes, 0.9), 1),
    }
