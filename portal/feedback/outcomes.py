"""Outcome measures tied to plans, per organisation, counted only for survivors who said yes.

What each number means (so a hand count gives the same answer):
- survivors counted: consenting survivors of the organisation with a plan open at some time in
  the period (created before its end; not closed, or last changed after its start);
- goals reached: goals marked reached on those plans;
- referrals completed: referrals of the organisation's consenting survivors the receiving side marked
  completed in the period (`completed_at`);
- plans closed with goals met: closed plans, last changed in the period, with at least one goal
  reached and none still proposed or being worked on;
- hours to first contact: for each help request received in the period from a consenting
  survivor's phone, the time until the first text an advocate sent in that conversation (automatic
  confirmations do not count); the median, over requests that had one;
- check-ins answered: only when the check-ins app is installed; answered / sent in the period.
Every number goes through `suppress`.
"""

from statistics import median

from django.apps import apps
from django.db.models import Q

from portal.messaging.help_requests import first_staff_replies
from portal.messaging.models import HelpRequest
from portal.plans.models import Goal, Plan, Referral

from .suppression import rounded, suppress

BASE_KEYS = (
    "survivors",
    "goals_reached",
    "referrals_completed",
    "plans_closed_goals_met",
    "first_contact_hours",
)


def checkins_installed():
    return apps.is_installed("portal.checkins")


def available_outcome_keys():
    return BASE_KEYS + (("checkin_response_rate",) if checkins_installed() else ())


def counted_survivors(organization_id):
    from portal.accounts.models import SurvivorProfile

    return SurvivorProfile.objects.filter(organization_id=organization_id, reporting_consent__agreed=True)


def plans_open_in(survivors, period):
    return Plan.objects.filter(survivor__in=survivors, created_at__lt=period.until).filter(
        ~Q(status=Plan.Status.CLOSED) | Q(updated_at__gte=period.since)
    )


def plans_closed_with_goals_met(survivors, period):
    unfinished = [Goal.Status.PROPOSED, Goal.Status.ACTIVE]
    return (
        Plan.objects.filter(survivor__in=survivors, status=Plan.Status.CLOSED, **period.lookup("updated_at"))
        .filter(goals__status=Goal.Status.DONE)
        .exclude(goals__status__in=unfinished)
        .distinct()
        .count()
    )


def help_requests_in(survivors, period):
    return HelpRequest.objects.filter(contact__survivor_profile__in=survivors, **period.lookup("created_at"))


def referrals_completed(survivors, period):
    """Referrals the receiving organisation marked completed in the period, whenever they were sent."""
    return Referral.objects.filter(plan__survivor__in=survivors, **period.lookup("completed_at"))


def hours_to_first_contact(survivors, period):
    """One number per help request that got an advocate's text; automatic replies do not count."""
    replies = first_staff_replies(help_requests_in(survivors, period))
    return [(reply - arrived).total_seconds() / 3600 for arrived, reply in replies if reply is not None]


def checkins_sent_and_answered(survivors, period):
    """Check-ins sent to these survivors in the period, and how many of them were answered."""
    check_in = apps.get_model("checkins", "CheckIn")
    sent = check_in.objects.filter(plan__survivor__in=survivors, **period.lookup("sent_at"))
    # CheckIn.ANSWERED counts a duress word as an answer, as it must look to anyone else.
    return sent.count(), sent.filter(status__in=check_in.ANSWERED).count()


def checkin_response_rate(survivors, period):
    total, answered = checkins_sent_and_answered(survivors, period)
    return suppress(total, rounded(100 * answered / total, 0) if total else None)


def organization_outcomes(organization_id, period):
    survivors = counted_survivors(organization_id)
    plans = plans_open_in(survivors, period)
    hours = hours_to_first_contact(survivors, period)
    outcomes = {
        "survivors": suppress(plans.values("survivor").distinct().count()),
        "goals_reached": suppress(Goal.objects.filter(plan__in=plans, status=Goal.Status.DONE).count()),
        "referrals_completed": suppress(referrals_completed(survivors, period).count()),
        "plans_closed_goals_met": suppress(plans_closed_with_goals_met(survivors, period)),
        "first_contact_hours": suppress(len(hours), rounded(median(hours)) if hours else None),
    }
    if checkins_installed():
        outcomes["checkin_response_rate"] = checkin_response_rate(survivors, period)
    return outcomes
