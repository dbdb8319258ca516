"""Property: over random survivors, organisations, staff and consents (every state and date), every
partner-facing URL shows survivor data only when sharing.policy allows it, and every response that
shows any wrote exactly one access event (every category page writes exactly one, allowed or not)."""

import secrets
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts.categories import Category
from portal.accounts.models import Membership
from portal.directory.models import Organization, Service
from portal.plans.models import Appointment, Goal, Plan, Referral, Step
from portal.sharing.categories import DENY, PERMIT
from portal.sharing.consent_text import TEXT_VERSION
from portal.sharing.models import AccessEvent, Consent
from portal.sharing.policy import can_view
from tests.accounts.builders import make_staff, make_survivor, verified_admin_client

pytestmark = pytest.mark.django_db

consents = st.lists(
    st.fixed_dictionaries(
        {
            "survivor": st.integers(0, 2),
            "recipient": st.integers(0, 2),
            "categories": st.sets(st.sampled_from(Category.values), min_size=1),
            "starts_days_ago": st.integers(-5, 400),
            "lasts_days": st.integers(1, 365),
            "revoked_days_ago": st.one_of(st.none(), st.integers(-5, 30)),
            "incomplete": st.booleans(),
        }
    ),
    max_size=5,
)
worlds = st.fixed_dictionaries(
    {
        "survivor_homes": st.lists(st.integers(0, 2), min_size=1, max_size=3),
        "roles": st.lists(
            st.tuples(st.integers(0, 2), st.sampled_from([Membership.Role.PARTNER, Membership.Role.ADVOCATE])),
            min_size=1,
            max_size=3,
        ),
        "consents": consents,
    }
)


def sentinels(survivor, token):
    """One unique string per category of this survivor's data, written into their records."""
    organization = survivor.organization
    plan = Plan.objects.create(survivor=survivor)
    Goal.objects.create(plan=plan, text=f"goal-{token}")
    Step.objects.create(plan=plan, text=f"step-{token}")
    service = Service.objects.create(organization=organization, name=f"service-{token}")
    Referral.objects.create(plan=plan, service=service, note=f"note-{token}")
    Appointment.objects.create(plan=plan, starts_at=timezone.now() + timedelta(days=2), with_whom=f"with-{token}")
    return {
        Category.CONTACT: f"name-{token}",
        Category.GOALS: f"goal-{token}",
        Category.STEPS: f"step-{token}",
        Category.REFERRALS: f"service-{token}",
        Category.APPOINTMENTS: f"with-{token}",
        Category.NOTES: f"note-{token}",
    }


def build(world):
    now = timezone.now()
    organizations = [Organization.objects.create(name=f"Org {n} {secrets.token_hex(3)}") for n in range(3)]
    survivors, data = [], {}
    for home in world["survivor_homes"]:
        token = secrets.token_hex(4)
        survivor = make_survivor(organizations[home], name=f"name-{token}")
        survivors.append(survivor)
        data[survivor.pk] = sentinels(survivor, token)
    staff = [make_staff(None, "nobody-" + secrets.token_hex(3))]
    for org, role in world["roles"]:
        staff.append(make_staff(organizations[org], f"{role}-{secrets.token_hex(3)}", role=role))
    rows = []
    for spec in world["consents"]:
        starts = now - timedelta(days=spec["starts_days_ago"])
        revoked = spec["revoked_days_ago"]
        rows.append(
            Consent(
                survivor=survivors[spec["survivor"] % len(survivors)],
                recipient=organizations[spec["recipient"]],
                purpose="" if spec["incomplete"] else "Coordinate housing",
                categories={c: PERMIT if c in spec["categories"] else DENY for c in Category.values},
                valid_from=starts,
                ends_at=starts + timedelta(days=spec["lasts_days"]),
                text_version=TEXT_VERSION,
                text_shown="text",
                revoked_at=None if revoked is None else now - timedelta(days=revoked),
                revoked_via="" if revoked is None else Consent.Given.PORTAL,
            )
        )
    Consent.objects.bulk_create(rows)  # incomplete ones too, as if written behind the model's back
    return survivors, staff, data


def partner_urls(survivors):
    yield "/admin/partners/", None, None
    for survivor in survivors:
        yield f"/admin/partners/{survivor.pk}/", survivor, None
        for category in Category.values:
            yield f"/admin/partners/{survivor.pk}/{category}/", survivor, category


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(world=worlds)
def test_responses_hold_survivor_data_only_when_the_policy_allows_and_each_is_logged_once(world):
    with transaction.atomic():
        survivors, staff, data = build(world)
        all_sentinels = {(pk, c): text for pk, by_category in data.items() for c, text in by_category.items()}
        for viewer in staff:
            client = verified_admin_client(Client(), viewer)
            for url, survivor, category in partner_urls(survivors):
                before = AccessEvent.objects.count()
                response = client.get(url)
                html = response.content.decode()
                written = AccessEvent.objects.count() - before
                shown = {key for key, text in all_sentinels.items() if text in html}
                allowed = category is not None and bool(can_view(viewer, survivor, category))
                if shown:
                    assert allowed, (url, viewer.username, shown)
                    assert shown <= {(survivor.pk, category)}
                    assert written == 1
                if category is None:
                    assert written == 0 and not shown
                else:
                    assert written == 1
                    assert (response.status_code == 200) == allowed
                    if allowed and category in data[survivor.pk]:
                        assert shown == {(survivor.pk, category)}
        transaction.set_rollback(True)
