"""A referral shares the survivor with another organisation: refused without a live consent covering it."""

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.categories import Category
from portal.directory.models import Service
from portal.plans.models import Plan, Referral
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(survivor):
    return Plan.objects.get(survivor=survivor)


def service_of(organization):
    return Service.objects.create(organization=organization, name="Immigration help")


def test_a_referral_without_consent_is_refused(plan, org_a):
    with pytest.raises(ValidationError):
        Referral.objects.create(plan=plan, service=service_of(org_a))
    assert not Referral.objects.filter(plan=plan).exists()


def test_a_consent_that_does_not_cover_referrals_or_names_another_organisation_is_not_enough(plan, org_a, org_b):
    make_consent(plan.survivor, org_a, categories=[Category.GOALS])
    make_consent(plan.survivor, org_b, categories=[Category.REFERRALS])
    with pytest.raises(ValidationError):
        Referral.objects.create(plan=plan, service=service_of(org_a))


def test_a_revoked_consent_is_not_enough(plan, org_a):
    from portal.sharing.models import Consent

    make_consent(plan.survivor, org_a, categories=[Category.REFERRALS]).revoke(Consent.Given.PORTAL)
    with pytest.raises(ValidationError):
        Referral.objects.create(plan=plan, service=service_of(org_a))


def test_a_live_consent_covering_referrals_allows_it(plan, org_a):
    make_consent(plan.survivor, org_a, categories=[Category.REFERRALS])
    assert Referral.objects.create(plan=plan, service=service_of(org_a)).pk


def test_the_survivors_own_organisation_needs_no_consent(plan, home_org):
    assert Referral.objects.create(plan=plan, service=service_of(home_org)).pk


def test_the_admin_form_shows_the_refusal(plan, org_a):
    referral = Referral(plan=plan, service=service_of(org_a))
    with pytest.raises(ValidationError) as refused:
        referral.full_clean()
    assert "service" in refused.value.message_dict
