import pytest

from portal.accounts.models import Membership
from portal.sharing.models import CareTeamMember
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor


@pytest.fixture
def home_org(db):
    return make_organization("Home Advocates")


@pytest.fixture
def org_a(db):
    return make_organization("Partner A Legal Aid")


@pytest.fixture
def org_b(db):
    return make_organization("Partner B Clinic")


@pytest.fixture
def survivor(home_org, org_a, org_b):
    profile = make_survivor(home_org, name="Rosa Secretname", pin="2468")
    make_plan(profile, referrals=0)
    for org in (org_a, org_b):
        CareTeamMember.objects.create(survivor=profile, organization=org, role=CareTeamMember.Role.LEGAL)
    return profile


@pytest.fixture
def advocate(home_org):
    return make_staff(home_org, "home-advocate")


@pytest.fixture
def partner_a(org_a):
    return make_staff(org_a, "partner-a", role=Membership.Role.PARTNER)


@pytest.fixture
def partner_b(org_b):
    return make_staff(org_b, "partner-b", role=Membership.Role.PARTNER)
