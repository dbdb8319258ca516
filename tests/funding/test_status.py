"""Status is read from the deadline at the moment of asking: open, closing soon, closed on the second."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.funding.models import CLOSING_SOON, FundingOpportunity, Status

from .factories import central, make_opportunity

pytestmark = pytest.mark.django_db


def test_status_at_the_pinned_clock_on_both_sides_of_the_deadline(pinned_clock):
    opportunity = make_opportunity(pinned_clock + timedelta(days=20))
    assert opportunity.status() == Status.OPEN
    assert opportunity.status(opportunity.closes_at - CLOSING_SOON - timedelta(seconds=1)) == Status.OPEN
    assert opportunity.status(opportunity.closes_at - CLOSING_SOON) == Status.CLOSING_SOON
    assert opportunity.status(opportunity.closes_at - timedelta(seconds=1)) == Status.CLOSING_SOON
    assert opportunity.status(opportunity.closes_at) == Status.CLOSED


def test_the_clock_moving_past_the_deadline_closes_it(pinned_clock):
    opportunity = make_opportunity(pinned_clock + timedelta(minutes=5))
    assert opportunity.status() == Status.CLOSING_SOON
    with time_machine.travel(opportunity.closes_at + timedelta(seconds=1), tick=False):
        assert FundingOpportunity.objects.get(pk=opportunity.pk).status() == Status.CLOSED


def test_a_central_deadline_on_the_night_clocks_go_forward():
    # 2027-03-14: 01:59:59 CST is followed by 03:00:00 CDT. A 03:00 deadline is 08:00 UTC.
    opportunity = make_opportunity(central(2027, 3, 14, 3, 0))
    assert opportunity.closes_at.isoformat() == "2027-03-14T08:00:00+00:00"
    with time_machine.travel(central(2027, 3, 14, 1, 59, 59), tick=False):
        assert opportunity.status(timezone.now()) == Status.CLOSING_SOON
    with time_machine.travel(central(2027, 3, 14, 3, 0), tick=False):
        assert opportunity.status(timezone.now()) == Status.CLOSED


def test_el_paso_deadline_closes_an_hour_after_the_same_central_wall_time():
    el_paso = make_opportunity(central(2026, 12, 9, 18, 0), zone="America/Denver")
    assert el_paso.deadline_time == time(17, 0)
    assert el_paso.status(central(2026, 12, 9, 17, 59)) == Status.CLOSING_SOON
    assert el_paso.status(central(2026, 12, 9, 18, 0)) == Status.CLOSED


@pytest.mark.parametrize("day, at", [(date(2027, 3, 14), time(2, 30)), (date(2026, 11, 1), time(1, 30))])
def test_a_time_the_clocks_skip_or_repeat_is_refused_with_an_explanation(day, at):
    opportunity = FundingOpportunity(
        funder="F",
        program="P",
        eligible_applicants="Anyone",
        link="https://example.org",
        deadline_date=day,
        deadline_time=at,
        deadline_time_zone="America/Chicago",
    )
    with pytest.raises(ValidationError) as error:
        opportunity.full_clean()
    assert "clocks change" in str(error.value.message_dict["deadline_time"])


def test_an_amount_range_upside_down_is_refused():
    opportunity = FundingOpportunity(
        funder="F",
        program="P",
        eligible_applicants="Anyone",
        link="https://example.org",
        amount_min=10,
        amount_max=5,
        deadline_date=date(2027, 1, 5),
        deadline_time=time(17),
        deadline_time_zone="America/Chicago",
    )
    with pytest.raises(ValidationError) as error:
        opportunity.full_clean()
    assert "amount_max" in error.value.message_dict


def test_the_demo_has_an_opportunity_closing_soon_and_one_open(pinned_clock):
    statuses = {opportunity.status() for opportunity in FundingOpportunity.objects.all()}
    assert {Status.CLOSING_SOON, Status.OPEN} <= statuses
