from datetime import time

import pytest
from django.utils import timezone

from portal.accounts.models import Membership
from portal.checkins.models import CheckIn, CheckInPlan
from portal.messaging.backends import locmem
from tests.accounts.builders import make_organization, make_staff, make_survivor


@pytest.fixture(autouse=True)
def checkin_settings(settings):
    settings.SMS_BACKEND = "portal.messaging.backends.locmem.LocmemBackend"
    settings.ONCALL_EMAIL = "oncall@example.org"
    locmem.outbox.clear()
    yield settings
    locmem.outbox.clear()


def make_checkin_plan(survivor=None, *, advocate=None, time_zone="", start=time(10), end=time(18), **fields):
    survivor = survivor or make_survivor()
    return CheckInPlan.objects.create(
        survivor=survivor,
        advocate=advocate,
        consent_at=timezone.now(),
        starts_on=fields.pop("starts_on", timezone.localdate()),
        window_start=start,
        window_end=end,
        time_zone=time_zone,
        **fields,
    )


def due_now(plan, when=None):
    return CheckIn.objects.create(plan=plan, due_at=when or timezone.now())


@pytest.fixture
def organization(db):
    return make_organization("Check-in Test Org")


@pytest.fixture
def advocate(organization):
    return make_staff(organization, "checkin-advocate")


@pytest.fixture
def supervisor(organization):
    return make_staff(organization, "checkin-supervisor", role=Membership.Role.SUPERVISOR)
