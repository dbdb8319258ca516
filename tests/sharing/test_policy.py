"""sharing.policy.can_view: default deny, per-category consent, one organisation, the clock."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.accounts.categories import Category
from portal.sharing.categories import DENY, PERMIT
from portal.sharing.models import AccessEvent, Basis, Consent
from portal.sharing.policy import can_view, read
from tests.accounts.builders import make_staff
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


def test_nobody_outside_the_survivors_organisation_sees_anything_by_default(survivor, partner_a, org_a):
    stranger = make_staff(None, "no-membership")
    for viewer in (partner_a, stranger):
        for category in Category.values:
            assert not can_view(viewer, survivor, category)
    assert not can_view(partner_a, survivor, "not-a-category")


def test_the_survivors_own_advocates_keep_their_access(survivor, advocate):
    decision = can_view(advocate, survivor, Category.NOTES)
    assert decision and decision.basis == Basis.OWN_ORGANIZATION


def test_a_superuser_without_membership_gets_no_exception(survivor, django_user_model):
    root = django_user_model.objects.create_superuser("root-x", "r@example.org", "x" * 20)
    assert not can_view(root, survivor, Category.CONTACT)


@pytest.mark.parametrize("category", Category.values)
def test_each_category_is_permitted_or_denied_on_its_own(survivor, org_a, partner_a, category):
    consent = make_consent(survivor, org_a, categories=[category])
    assert consent.categories[category] == PERMIT
    for other in Category.values:
        decision = can_view(partner_a, survivor, other)
        assert bool(decision) == (other == category)
        if decision:
            assert decision.consent == consent and decision.basis == Basis.CONSENT


def test_a_consent_for_organisation_a_never_opens_anything_to_b(survivor, org_a, partner_a, partner_b):
    make_consent(survivor, org_a, categories=Category.values)
    assert all(can_view(partner_a, survivor, c) for c in Category.values)
    assert not any(can_view(partner_b, survivor, c) for c in Category.values)


def test_a_partner_user_of_the_survivors_own_organisation_is_not_a_case_worker(survivor, home_org):
    from portal.accounts.models import Membership

    partner_at_home = make_staff(home_org, "partner-home", role=Membership.Role.PARTNER)
    assert not can_view(partner_at_home, survivor, Category.GOALS)


def test_access_ends_one_second_after_the_end_date(survivor, org_a, partner_a):
    start = timezone.now()
    consent = make_consent(survivor, org_a, categories=["goals"], valid_from=start, days=30)
    with time_machine.travel(consent.ends_at, tick=False):
        assert can_view(partner_a, survivor, "goals")
    with time_machine.travel(consent.ends_at + timedelta(seconds=1), tick=False):
        assert not can_view(partner_a, survivor, "goals")
        assert Consent.objects.get(pk=consent.pk).status == Consent.Status.EXPIRED


def test_a_consent_is_not_live_before_it_starts(survivor, org_a, partner_a):
    make_consent(survivor, org_a, categories=["goals"], valid_from=timezone.now() + timedelta(days=1))
    assert not can_view(partner_a, survivor, "goals")


def test_revocation_denies_the_next_request(survivor, org_a, partner_a):
    consent = make_consent(survivor, org_a, categories=["goals"])
    assert can_view(partner_a, survivor, "goals")
    consent.revoke(Consent.Given.PORTAL)
    assert not can_view(partner_a, survivor, "goals")
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.status == Consent.Status.REVOKED and stored.revoked_via == Consent.Given.PORTAL


@pytest.mark.parametrize("missing", ["purpose", "recipient", "categories", "ends_at", "nothing_permitted", "too_long"])
def test_an_incomplete_consent_cannot_become_active(survivor, org_a, partner_a, missing):
    consent = make_consent(survivor, org_a, categories=Category.values)
    incomplete = Consent.objects.get(pk=consent.pk)
    incomplete.pk = None
    if missing == "recipient":
        incomplete.recipient = None
    elif missing == "categories":
        incomplete.categories = {}
    elif missing == "nothing_permitted":
        incomplete.categories = dict.fromkeys(Category.values, DENY)
    elif missing == "ends_at":
        incomplete.ends_at = None
    elif missing == "too_long":
        incomplete.ends_at = incomplete.valid_from + timedelta(days=366)
    else:
        incomplete.purpose = "  "
    with pytest.raises(ValidationError):
        incomplete.save()
    # Even a row written behind the model's back opens nothing.
    consent.revoke(Consent.Given.PORTAL)
    Consent.objects.bulk_create([incomplete])
    assert not any(can_view(partner_a, survivor, c) for c in Category.values)


def test_an_in_person_consent_needs_a_witness(survivor, org_a):
    consent = make_consent(survivor, org_a)
    consent.pk = None
    consent.given_via = Consent.Given.IN_PERSON
    with pytest.raises(ValidationError):
        consent.save()


def test_read_writes_one_event_allowed_or_refused(survivor, org_a, partner_a, partner_b):
    consent = make_consent(survivor, org_a, categories=["steps"])
    read(partner_a, survivor, "steps", record="survivor 1")
    read(partner_b, survivor, "steps", record="survivor 1")
    allowed, refused = AccessEvent.objects.order_by("pk")
    assert (allowed.permitted, allowed.basis, allowed.consent, allowed.organization_id) == (
        True,
        Basis.CONSENT,
        consent,
        org_a.pk,
    )
    assert (refused.permitted, refused.basis, refused.viewer_name) == (False, Basis.NONE, "partner-b")


def test_access_events_are_append_only(survivor, advocate):
    event = read(advocate, survivor, "goals") and AccessEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.update(permitted=False)
    assert AccessEvent.objects.count() == 1
