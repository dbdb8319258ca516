"""One survivor with something of every kind in her case, built through the real code paths."""

from django.test import Client

from portal.accounts.models import DuressSignal
from portal.checkins.models import CheckIn, CheckInAlert, CheckInPlan
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import HelpRequest
from portal.plans.models import PlanEvent, record_event
from portal.sharing.models import CareTeamMember
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor, verified_admin_client
from tests.sharing.builders import make_consent

HER_NAME = "Rosalind Casefile"
HER_TEXT = "the van comes back on tuesday night"
OTHER_NAME = "Perpetua Elsewhere"


def make_case(organization=None, *, name=HER_NAME, message=HER_TEXT, phone=None):
    from django.utils import timezone

    organization = organization or make_organization("Case Organisation")
    survivor = make_survivor(organization, name=name, phone=phone)
    survivor.contact.code_word = "lighthouse"
    survivor.contact.save()
    plan = make_plan(survivor, referrals=0)
    record_event(plan, PlanEvent.Kind.CREATED, actor=PlanEvent.Actor.STAFF)
    open_help_request(survivor.contact, source=HelpRequest.Source.SMS, message=message, urgent=True)
    checkin_plan = CheckInPlan.objects.create(survivor=survivor, consent_at=timezone.now())
    check_in = CheckIn.objects.create(
        plan=checkin_plan, due_at=timezone.now(), sent_at=timezone.now(), status=CheckIn.Status.MISSED
    )
    CheckInAlert.objects.create(check_in=check_in, kind=CheckInAlert.Kind.MISSED)
    DuressSignal.objects.create(survivor=survivor, source=DuressSignal.Source.SIGN_IN)
    return survivor


def make_partner(survivor, name="Partner Clinic", categories=("notes",)):
    """A partner organisation on her care team, with a partner user, and her consent to it."""
    partner_org = make_organization(name)
    CareTeamMember.objects.create(survivor=survivor, organization=partner_org)
    consent = make_consent(survivor, partner_org, categories=list(categories)) if categories else None
    return partner_org, consent


def staff_client(organization, username, role="advocate", **names):
    user = make_staff(organization, username, role=role)
    if names:
        for field, value in names.items():
            setattr(user, field, value)
        user.save()
    client = verified_admin_client(Client(), user)
    client.user = user
    return client
