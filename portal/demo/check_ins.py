"""The demo survivor's check-in plan for `seed_demo`: daily, safe all day, first one due at once.

So `manage.py dispatch_checkins` right after seeding sends exactly one check-in. Idempotent:
a survivor who already has a plan gets nothing new.
"""

from datetime import time

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import SurvivorProfile
from portal.checkins.models import CheckIn, CheckInPlan
from portal.messaging.models import Contact


@transaction.atomic
def seed_demo_checkins(survivor_phone):
    contact = Contact.objects.for_phone(survivor_phone)
    profile = SurvivorProfile.objects.filter(contact=contact).first() if contact else None
    if profile is None or CheckInPlan.objects.filter(survivor=profile).exists():
        return None
    advocate = profile.created_by
    now = timezone.now()
    plan = CheckInPlan.objects.create(
        survivor=profile,
        advocate=advocate,
        consent_at=now,
        consent_recorded_by=advocate,
        frequency=CheckInPlan.Frequency.DAILY,
        starts_on=timezone.localdate(),
        window_start=time(0),
        window_end=time(0),
        grace_minutes=240,
    )
    CheckIn.objects.create(plan=plan, due_at=now)
    return plan
