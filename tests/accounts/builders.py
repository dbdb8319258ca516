"""Survivors, organisations, staff and plans for tests, built through the real models."""

import itertools
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from portal.accounts.models import Membership, SurvivorProfile
from portal.accounts.second_factor import issue_backup_codes
from portal.directory.models import Organization, Service
from portal.messaging.models import Contact
from portal.plans.models import Appointment, Goal, Plan, Referral, Step

# 2000-8999: never one of the literal numbers tests type (0100-0999, 9998, 9999), however many are made.
_numbers = itertools.count(2000)


def next_phone():
    """A number no survivor holds yet. Browser tests build their worlds in separate `manage.py shell`
    processes over one database, each counting from the start, so a number already taken is skipped."""
    while True:
        phone = f"+1713555{2000 + (next(_numbers) - 2000) % 7000:04d}"
        contact = Contact.objects.for_phone(phone)
        if contact is None or not SurvivorProfile.objects.filter(contact=contact).exists():
            return phone


def make_organization(name="Harbor Light Advocates"):
    return Organization.objects.create(name=name)


def make_survivor(organization=None, *, phone=None, pin=None, name="Maria Test", language="en"):
    organization = organization or make_organization()
    contact, _created = Contact.objects.get_or_create_for_phone(
        phone or next_phone(), language=language, safe_hours_start=clock(0), safe_hours_end=clock(0)
    )
    profile = SurvivorProfile.objects.create(
        organization=organization, name=name, contact=contact, preferred_language=language
    )
    if pin:
        profile.set_pin(pin)
    return profile


def make_plan(profile, *, goals=3, steps=3, referrals=1, appointments=1):
    plan = Plan.objects.create(survivor=profile, next_review_date=timezone.localdate() + timedelta(days=30))
    for number in range(goals):
        Goal.objects.create(plan=plan, text=f"Goal number {number} in my words", domain=Goal.Domain.HOUSING)
    for number in range(steps):
        who = Step.Who.SURVIVOR if number % 2 == 0 else Step.Who.ADVOCATE
        Step.objects.create(
            plan=plan, text=f"Step number {number}", who=who, due_date=timezone.localdate() + timedelta(days=number)
        )
    services = list(Service.objects.order_by("name")[:referrals])
    for service in services:
        if service.organization_id != profile.organization_id:
            from tests.sharing.builders import make_consent

            make_consent(profile, service.organization, categories=["referrals"])
        Referral.objects.create(plan=plan, service=service, status=Referral.Status.SENT)
    for number in range(appointments):
        Appointment.objects.create(
            plan=plan,
            starts_at=timezone.make_aware(
                datetime.combine(timezone.localdate() + timedelta(days=number + 1), clock(10))
            ),
            with_whom=f"Lawyer {number}",
            place="Secret shelter office",
            hide_place=number % 2 == 1,
        )
    return plan


def sign_in_directly(client, profile):
    """A signed-in survivor session without going through the texted code (for page tests)."""
    session = client.session
    session["survivor"] = {"id": profile.pk, "epoch": profile.session_epoch, "seen": int(time.time())}
    session.save()
    return client


def make_staff(organization, username, role=Membership.Role.ADVOCATE):
    user = User.objects.create_user(username, password="x" * 20)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def verified_admin_client(client, user):
    """A staff member signed in to the admin with their second factor passed."""
    code = issue_backup_codes(user)[0]
    client.force_login(user)
    assert client.post("/admin/second-factor/", {"code": code}).status_code == 302
    return client
