from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from portal.accounts.models import Membership
from portal.checkins.alerts import raise_alert
from portal.checkins.models import CheckIn, CheckInAlert
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Conversation, HelpRequest
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.checkins.conftest import due_now, make_checkin_plan
from tests.messaging.conftest import messaging_settings  # noqa: F401  (autouse: hermetic SMS settings)


def make_case_staff(organization, username, role=Membership.Role.ADVOCATE):
    user = make_staff(organization, username, role=role)
    user.groups.add(Group.objects.get(name="Advocates"))
    return user


@pytest.fixture
def organization(db):
    organization = make_organization("Harbor Light Advocates")
    organization.alternate_name = "Harbor Light"
    organization.save()
    return organization


@pytest.fixture
def other_organization(db):
    return make_organization("Other Shelter")


@pytest.fixture
def advocate(organization):
    return make_case_staff(organization, "desk-advocate")


@pytest.fixture
def colleague(organization):
    return make_case_staff(organization, "desk-colleague")


@pytest.fixture
def supervisor(organization):
    return make_case_staff(organization, "desk-supervisor", role=Membership.Role.SUPERVISOR)


def signed_in(user):
    return verified_admin_client(Client(), user)


def urgent_request(organization, *, kind=HelpRequest.Kind.OTHER, waited_minutes=0):
    survivor = make_survivor(organization)
    help_request, _created = open_help_request(survivor.contact, source=HelpRequest.Source.SMS, kind=kind, urgent=True)
    HelpRequest.objects.filter(pk=help_request.pk).update(created_at=timezone.now() - timedelta(minutes=waited_minutes))
    return help_request


def missed_check_in(organization, *, waited_minutes=0):
    plan = make_checkin_plan(make_survivor(organization))
    check_in = due_now(plan)
    CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.MISSED)
    alert, _created = raise_alert(check_in, CheckInAlert.Kind.MISSED)
    CheckInAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(minutes=waited_minutes))
    return alert


def unanswered_thread(organization, *, waited_minutes=20):
    survivor = make_survivor(organization)
    conversation = Conversation.objects.create(contact=survivor.contact)
    Conversation.objects.filter(pk=conversation.pk).update(
        survivor_wrote_at=timezone.now() - timedelta(minutes=waited_minutes)
    )
    return conversation
