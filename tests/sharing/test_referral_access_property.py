"""Property: over every status, membership, consent state and case state, the receiving side may
see a referral exactly when it belongs to the service's organisation, the referral was meant for
it, her case is open, and (unless it is her own organisation) a live consent covers referrals to it;
and every look at a referral page writes one access event she can read, allowed or refused."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts.models import Membership
from portal.directory.models import Service
from portal.plans.models import Plan, Referral
from portal.sharing.models import AccessEvent, Consent
from portal.sharing.policy import can_receive
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

RECEIVER_SEES = {"sent", "accepted", "declined", "started", "done", "not_completed", "withdrawn"}
CONSENT_STATES = ["none", "live", "other_category", "revoked", "expired", "not_started", "other_organization"]

cases = st.fixed_dictionaries(
    {
        "status": st.sampled_from(Referral.Status.values),
        "consent": st.sampled_from(CONSENT_STATES),
        "member_of": st.sampled_from(["receiver", "elsewhere", "nowhere"]),
        "role": st.sampled_from([Membership.Role.PARTNER, Membership.Role.ADVOCATE]),
        "own_organization": st.booleans(),
        "closed": st.booleans(),
    }
)


def give_consent(survivor, receiver, elsewhere, state):
    now = timezone.now()
    if state == "live":
        make_consent(survivor, receiver, categories=["referrals"])
    elif state == "other_category":
        make_consent(survivor, receiver, categories=["goals", "steps"])
    elif state == "revoked":
        make_consent(survivor, receiver, categories=["referrals"]).revoke(Consent.Given.PORTAL)
    elif state == "expired":
        make_consent(survivor, receiver, categories=["referrals"], valid_from=now - timedelta(days=40), days=30)
    elif state == "not_started":
        make_consent(survivor, receiver, categories=["referrals"], valid_from=now + timedelta(days=2))
    elif state == "other_organization":
        make_consent(survivor, elsewhere, categories=["referrals"])


def expected(case):
    if case["member_of"] != "receiver" or case["status"] not in RECEIVER_SEES or case["closed"]:
        return False
    return case["own_organization"] or case["consent"] == "live"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases)
def test_the_receiving_side_sees_a_referral_exactly_when_the_rule_says(case, django_db_blocker):
    with transaction.atomic():
        home, receiver, elsewhere = (make_organization(n) for n in ("Home", "Receiver", "Elsewhere"))
        survivor = make_survivor(home)
        plan = Plan.objects.create(survivor=survivor)
        service = Service.objects.create(organization=home if case["own_organization"] else receiver, name="Help")
        receiving = service.organization
        # Made as it was when the receiving side first got it, then moved to the status under test.
        make_consent(survivor, receiving, categories=["referrals"]) if not case["own_organization"] else None
        referral = Referral.objects.create(plan=plan, service=service, status=Referral.Status.SENT)
        Consent.objects.filter(survivor=survivor).delete()
        Referral.objects.filter(pk=referral.pk).update(status=case["status"])
        give_consent(survivor, receiving, elsewhere, case["consent"])
        if case["closed"]:
            survivor.closed_at = timezone.now()
            survivor.save()
        organization = {"receiver": receiving, "elsewhere": elsewhere, "nowhere": None}[case["member_of"]]
        user = make_staff(organization, f"staff-{referral.pk}", role=case["role"])
        referral.refresh_from_db()

        assert bool(can_receive(user, referral)) is expected(case)
        client = verified_admin_client(Client(), user)
        before = AccessEvent.objects.filter(survivor=survivor).count()
        response = client.get(f"/admin/referrals/incoming/{referral.pk}/")
        assert response.status_code == (200 if expected(case) else 404)
        assert AccessEvent.objects.filter(survivor=survivor).count() == before + 1
        listed = (
            f"/admin/referrals/incoming/{referral.pk}/" in client.get("/admin/referrals/incoming/").content.decode()
        )
        assert listed is expected(case)
        transaction.set_rollback(True)
