"""The supervisors' caseload page: who holds what, moving a case, and the team's response times."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import ModelLogEntry

from portal.core.periods import Period
from portal.desk.caseload import chosen_period, percentile, recent_periods, response_times
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import HelpRequest, OutboundMessage
from portal.plans.models import Plan
from tests.accounts.builders import make_survivor
from tests.desk.conftest import make_case_staff, signed_in

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")


def open_case(organization, advocate):
    return Plan.objects.create(survivor=make_survivor(organization, name="Maria Secret"), primary_advocate=advocate)


def test_only_supervisors_open_the_caseload_page(organization, advocate, supervisor):
    assert signed_in(advocate).get("/admin/desk/caseload/").status_code == 404
    assert signed_in(supervisor).get("/admin/desk/caseload/").status_code == 200
    # The sidebar is drawn from JSON in the page: the item's URL appears there or nowhere.
    assert "/admin/desk/caseload/" not in signed_in(advocate).get("/admin/").content.decode()
    assert "/admin/desk/caseload/" in signed_in(supervisor).get("/admin/").content.decode()


def test_each_advocate_with_their_open_cases(organization, other_organization, advocate, colleague, supervisor):
    open_case(organization, advocate)
    open_case(organization, advocate)
    open_case(organization, colleague)
    closed = open_case(organization, colleague)
    closed.status = Plan.Status.CLOSED
    closed.save()
    stranger = make_case_staff(other_organization, "other-advocate")
    open_case(other_organization, stranger)

    html = signed_in(supervisor).get("/admin/desk/caseload/").content.decode()
    assert "other-advocate" not in html and "Maria Secret" not in html
    row = html.split(f'data-advocate="{advocate.pk}"')[1].split("</tr>")[0]
    assert "<td>2</td>" in row
    row = html.split(f'data-advocate="{colleague.pk}"')[1].split("</tr>")[0]
    assert "<td>1</td>" in row
    assert html.count("data-case=") == 3


def test_a_supervisor_reassigns_a_case_and_it_is_logged_with_ids_only(organization, advocate, colleague, supervisor):
    case = open_case(organization, advocate)
    response = signed_in(supervisor).post("/admin/desk/caseload/", {"case": case.pk, "to": colleague.pk})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.primary_advocate == colleague
    entry = ModelLogEntry.objects.get(action="desk.reassign")
    assert entry.user_id == supervisor.pk
    assert entry.label == f"plan {case.pk}"
    assert entry.data == {"from_user": advocate.pk, "to_user": colleague.pk}
    assert "Maria" not in str(entry.label) + str(entry.data) + entry.message


def test_a_case_moves_only_within_the_organisation(organization, other_organization, advocate, supervisor):
    case = open_case(organization, advocate)
    theirs = open_case(other_organization, make_case_staff(other_organization, "their-advocate"))
    stranger = make_case_staff(other_organization, "stranger")
    client = signed_in(supervisor)
    for case_id, to in ((case.pk, stranger.pk), (theirs.pk, advocate.pk), ("x", advocate.pk)):
        response = client.post("/admin/desk/caseload/", {"case": case_id, "to": to}, follow=True)
        assert "Not reassigned" in response.content.decode()
    case.refresh_from_db()
    theirs.refresh_from_db()
    assert case.primary_advocate == advocate and theirs.primary_advocate.username == "their-advocate"
    assert not ModelLogEntry.objects.filter(action="desk.reassign").exists()


def test_an_advocate_cannot_reassign(organization, advocate, colleague):
    case = open_case(organization, advocate)
    assert signed_in(advocate).post("/admin/desk/caseload/", {"case": case.pk, "to": colleague.pk}).status_code == 404


# Known answer: ten requests in 2026-Q3 answered after these minutes, one never answered.
MINUTES = [2, 4, 6, 8, 10, 12, 14, 16, 18, 100]


def answered_request(organization, arrived, minutes, staff):
    survivor = make_survivor(organization)
    help_request, _created = open_help_request(survivor.contact, source=HelpRequest.Source.SMS)
    HelpRequest.objects.filter(pk=help_request.pk).update(created_at=arrived)
    # A reply from before the request does not count; the first one after it does, later ones not.
    for offset, sender in ((-30, staff), (minutes, staff), (minutes + 5, staff), (minutes - 1, None)):
        message = OutboundMessage.objects.create(
            contact=survivor.contact,
            conversation=help_request.conversation,
            body="x",
            sent_by=sender,
            expires_at=arrived + timedelta(days=1),
        )
        OutboundMessage.objects.filter(pk=message.pk).update(created_at=arrived + timedelta(minutes=offset))
    return help_request


@pytest.fixture
def third_quarter(organization, other_organization, advocate):
    for day, minutes in enumerate(MINUTES, start=1):
        answered_request(organization, datetime(2026, 7 + day % 3, day, 9, 0, tzinfo=CENTRAL), minutes, advocate)
    waiting = make_survivor(organization)
    open_help_request(waiting.contact, source=HelpRequest.Source.WEB)
    HelpRequest.objects.filter(contact=waiting.contact).update(created_at=datetime(2026, 8, 20, 9, tzinfo=CENTRAL))
    # 23:30 on 30 September in Texas is already 1 October in UTC: still the third quarter.
    answered_request(organization, datetime(2026, 9, 30, 23, 30, tzinfo=CENTRAL), 7, advocate)
    # Outside the quarter, or another organisation's: not counted.
    answered_request(organization, datetime(2026, 6, 30, 23, 0, tzinfo=CENTRAL), 500, advocate)
    answered_request(organization, datetime(2026, 10, 1, 0, 0, tzinfo=CENTRAL), 500, advocate)
    answered_request(other_organization, datetime(2026, 8, 1, 9, tzinfo=CENTRAL), 500, advocate)


def test_response_times_of_a_quarter_known_answer(organization, third_quarter):
    times = response_times([organization.pk], Period.from_key("2026-Q3"))
    # Eleven answered: 2, 4, 6, 7, 8, 10, 12, 14, 16, 18, 100. Median the 6th; 90th percentile the 10th.
    assert times == {"count": 11, "unanswered": 1, "median": 10.0, "p90": 18.0}


def test_response_times_of_a_month(organization, third_quarter):
    # July holds the requests of days 3, 6 and 9: answered after 6, 12 and 18 minutes.
    times = response_times([organization.pk], Period.from_key("2026-07"))
    assert times == {"count": 3, "unanswered": 0, "median": 12.0, "p90": 18.0}


def test_the_page_shows_the_chosen_period(organization, supervisor, third_quarter):
    html = signed_in(supervisor).get("/admin/desk/caseload/?period=2026-Q3").content.decode()
    block = html.split('data-response-times="2026-Q3"')[1].split("</dl>")[0]
    assert (
        "<dd data-count>11</dd>" in block and "<dd data-median>10.0</dd>" in block and "<dd data-p90>18.0</dd>" in block
    )


def test_periods():
    today = datetime(2026, 12, 9).date()
    assert chosen_period("", today).key == "2026-Q4"
    assert chosen_period("nonsense", today).key == "2026-Q4"
    assert (chosen_period("2026-12", today).start, chosen_period("2026-12", today).end) == (
        datetime(2026, 12, 1).date(),
        datetime(2026, 12, 31).date(),
    )
    assert chosen_period("2026-12", today).until == datetime(2027, 1, 1, tzinfo=CENTRAL)
    assert Period(datetime(2026, 12, 1).date(), datetime(2026, 12, 9).date()).key == "2026-12-01/2026-12-09"
    assert [period.key for period in recent_periods(datetime(2027, 2, 1).date())] == [
        "2027-Q1", "2026-Q4", "2026-Q3", "2026-Q2", "2027-02", "2027-01", "2026-12", "2026-11", "2026-10", "2026-09",
    ]  # fmt: skip
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([5], 0.9) == 5
