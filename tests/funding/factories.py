from datetime import datetime
from zoneinfo import ZoneInfo

from portal.funding.models import FundingOpportunity


def make_opportunity(deadline, zone="America/Chicago", **fields):
    """An opportunity whose deadline is `deadline` (aware) read on the wall clock of `zone`."""
    local = deadline.astimezone(ZoneInfo(zone))
    defaults = {
        "funder": "Test Foundation",
        "program": "Test grant",
        "eligible_applicants": "Nonprofits in Texas",
        "link": "https://example.org/grant",
    }
    opportunity = FundingOpportunity(
        deadline_date=local.date(), deadline_time=local.time(), deadline_time_zone=zone, **(defaults | fields)
    )
    opportunity.full_clean()
    opportunity.save()
    return opportunity


def central(*args):
    return datetime(*args, tzinfo=ZoneInfo("America/Chicago"))
