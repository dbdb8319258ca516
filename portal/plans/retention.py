"""How long a closed case's personal data is kept, and its deletion.

Closing a case sets `delete_after` (RETENTION_DAYS later, or at once when the survivor asked
for deletion); `manage.py purge_closed_cases` deletes what is due and keeps only counts per
organisation and month (ClosedCaseTally), which name no one.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.accounts.models import SurvivorProfile

from .models import ClosedCaseTally, Goal, Plan, Referral, Step


def _tally(profile):
    plans = Plan.objects.filter(survivor=profile)
    return {
        "cases": 1,
        "goals": Goal.objects.filter(plan__in=plans).count(),
        "goals_reached": Goal.objects.filter(plan__in=plans, status=Goal.Status.DONE).count(),
        "steps_done": Step.objects.filter(plan__in=plans, status=Step.Status.DONE).count(),
        "referrals": Referral.objects.filter(plan__in=plans).count(),
        "referrals_accepted": Referral.objects.filter(
            plan__in=plans, status__in=(Referral.Status.ACCEPTED, Referral.Status.DONE)
        ).count(),
        "appointments": sum(plan.appointments.count() for plan in plans),
    }


def forget_but_keep_opt_out(contact):
    """An opted-out or wrong number stays known only by its blind index, so STOP keeps working;
    her texts, requests, code word, settings and the index staff search by its last four digits go."""
    for relation in type(contact)._meta.related_objects:
        if relation.one_to_many:
            relation.related_model._base_manager.filter(**{relation.field.name: contact}).delete()
    type(contact).objects.filter(pk=contact.pk).update(
        phone="", phone_last_four_index="", code_word="", may_identify=False, organization=None
    )


def purge_due(now=None):
    """Delete every closed case past its date; returns how many were deleted."""
    now = now or timezone.now()
    due = SurvivorProfile.objects.filter(closed_at__isnull=False, delete_after__lte=now)
    count = 0
    for profile_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            profile = (
                SurvivorProfile.objects.select_for_update().select_related("contact").filter(pk=profile_id).first()
            )
            if profile is None or profile.delete_after is None or profile.delete_after > now:
                continue
            counts = _tally(profile)
            month = timezone.localtime(profile.closed_at).date().replace(day=1)
            tally, _created = ClosedCaseTally.objects.get_or_create(
                organization_id=profile.organization_id, month=month
            )
            ClosedCaseTally.objects.filter(pk=tally.pk).update(**{key: F(key) + value for key, value in counts.items()})
            contact = profile.contact
            profile.delete()  # plans, goals, steps, referrals, appointments, events and the device go with it
            if not contact.keeps_a_refusal:
                contact.delete()  # the number, its conversations, texts and requests
            else:
                forget_but_keep_opt_out(contact)
            count += 1
    return count
