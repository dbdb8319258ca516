"""Referral timeliness in the service reports, on a world whose answers are counted by hand.

Six counted survivors are each sent to Job Training on 2 February 2026 (noon, Chicago). The receiving
side answers over the following days, pinned by travelling in time:
- survivors 1-5 accepted after 1, 2, 3, 4, 5 days (median 3.0), service started 2, 4, 6, 8, 10 days
  after sending (median 6.0); 1-4 completed, 5 not completed: 4 of 5 ended = 80 %;
- survivor 6 declined after 1 day: 5 accepted of 6 answered = 83 %.
A seventh survivor who did not agree to be counted is accepted after 30 days and changes nothing.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.core.periods import Period
from portal.feedback.eligibility import set_reporting_consent
from portal.feedback.reports import build_table
from portal.feedback.suppression import SUPPRESSED
from portal.plans.models import Plan, PlanEvent, Referral
from portal.plans.referrals import move
from tests.accounts.builders import make_organization, make_staff, make_survivor
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
SENT = datetime(2026, 2, 2, 12, tzinfo=CENTRAL)
QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))
S = Referral.Status
STAFF = {"actor": PlanEvent.Actor.STAFF}


def at(days):
    return time_machine.travel(SENT + timedelta(days=days), tick=False)


@pytest.fixture
def world():
    advocates, provider = make_organization("Advocates Org"), make_organization("Jobs Org")
    from portal.directory.models import Service

    service = Service.objects.create(organization=provider, name="Job Training")
    referrals = []
    for number in range(7):
        survivor = make_survivor(advocates, name=f"Person {number}")
        set_reporting_consent(survivor, number < 6)
        with at(0):
            make_consent(survivor, provider, categories=["referrals"], days=200)
            plan = Plan.objects.create(survivor=survivor)
            referrals.append(Referral.objects.create(plan=plan, service=service, status=S.SENT))
    for number, referral in enumerate(referrals[:5], start=1):
        with at(number):
            move(referral, S.ACCEPTED, **STAFF)
        with at(2 * number):
            move(referral, S.STARTED, **STAFF)
        with at(20):
            move(referral, S.DONE if number < 5 else S.NOT_COMPLETED, outcome="stopped_coming", **STAFF)
    with at(1):
        move(referrals[5], S.DECLINED, decline_reason="no_capacity", **STAFF)
    with at(30):
        move(referrals[6], S.ACCEPTED, **STAFF)
    return {"advocates": advocates, "provider": provider, "staff": make_staff(advocates, "reporter")}


@pytest.fixture(autouse=True)
def after_the_quarter():
    with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=CENTRAL), tick=False):
        yield


def figures(table, label):
    keys = [column.key for column in table.columns]
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in table.display_rows()}
    return {key: rows[label][key] for key in ("days_to_accept", "days_to_start", "accepted_rate", "completed_rate")}


KNOWN = {"days_to_accept": "3.0", "days_to_start": "6.0", "accepted_rate": "83", "completed_rate": "80"}


def test_per_service_the_hand_count(world):
    table = build_table("service", [world["advocates"].pk], QUARTER)
    assert figures(table, "Job Training (Jobs Org)") == KNOWN


def test_per_receiving_organisation_the_same_count(world):
    table = build_table("organization", [world["provider"].pk], QUARTER)
    assert figures(table, "Jobs Org") == KNOWN


def test_fewer_than_five_behind_a_figure_hides_it(world):
    Referral.objects.filter(status=S.NOT_COMPLETED).update(status=S.WITHDRAWN)  # now 4 ended after acceptance
    table = build_table("service", [world["advocates"].pk], QUARTER)
    assert figures(table, "Job Training (Jobs Org)") == {**KNOWN, "completed_rate": SUPPRESSED}
    # ... and the organisation row, which would otherwise give it away beside the service's, hides all four.
    assert set(figures(build_table("organization", [world["provider"].pk], QUARTER), "Jobs Org").values()) == {
        SUPPRESSED
    }


def test_a_referral_sent_in_another_quarter_is_not_counted(world):
    later = Period(date(2026, 4, 1), date(2026, 6, 30))
    rows = build_table("service", [world["advocates"].pk], later).display_rows()
    assert "Job Training (Jobs Org)" not in [row[0] for row in rows]
