"""Reports: exact numbers from a hand-built world, small counts hidden, only consenting survivors,
nothing that names anyone, and a CSV that says what the table says."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portal.accounts.models import Membership
from portal.core.periods import Period
from portal.feedback.models import Feedback
from portal.feedback.reports import BUILDERS, build_table
from portal.feedback.suppression import SUPPRESSED, suppress
from tests.accounts.builders import make_staff, verified_admin_client
from tests.feedback.builders import SECRET_COMMENT, build_report_world, rate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_first_quarter_of_2026")]

CENTRAL = ZoneInfo("America/Chicago")
# The world is built in the first quarter of 2026 and read once that quarter has ended.
TODAY = date(2026, 2, 10)
PERIOD = {"quarter": "2026-Q1"}


@pytest.fixture
def world():
    with time_machine.travel(datetime(2026, 2, 10, 12, tzinfo=CENTRAL), tick=False):
        return build_report_world()


def report(client, grouping, **extra):
    return client.get("/admin/reports/services/", {"grouping": grouping, **PERIOD, **extra})


def html_table(response):
    """The report table's cells as text, row by row (header first)."""
    html = response.content.decode()
    table = re.search(r"<table[^>]*data-report-table.*?</table>", html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_suppression_hides_four_and_shows_five():
    assert [suppress(n) for n in (0, 1, 4, 5, 6)] == [None, None, None, 5, 6]
    assert suppress(4, 3.5) is None
    assert suppress(5, 3.5) == 3.5


def test_service_numbers_match_the_hand_count(world):
    table = build_table("service", [world["advocates"].pk], Period(TODAY - timedelta(days=7), TODAY))
    assert [str(column.label) for column in table.columns][:2] == ["Service", "Ratings"]
    assert table.display_rows() == [
        # Four ratings, four referrals: all hidden; none completed: hidden as well.
        ["Housing Test (Provider Org)"] + [SUPPRESSED] * 11,
        # 24/6 = 4.0 met the need, 28/6 = 4.7 respect, 5 of 6 language OK = 83 %; the two who did not
        # agree to be counted (all 1s, and two more referrals) are not in any of these numbers.
        # Each referral was made straight as it stands, so sent, accepted and started the same moment.
        ["Legal Aid Test (Provider Org)", "6", "4.0", "4.7", "83", "6", "6", "6", "0.0", "0.0", "100", "100"],
    ]


def test_a_fifth_rating_makes_the_numbers_appear(world):
    survivor = world["counted"][4]
    referral = world["legal"].referrals.get(plan__survivor=survivor)
    plan = referral.plan
    from portal.plans.models import Referral
    from tests.feedback.builders import refer

    with time_machine.travel(datetime(2026, 2, 10, 13, tzinfo=CENTRAL), tick=False):
        rate(survivor, refer(plan, world["housing"], Referral.Status.DONE), (5, 5, True))
    row = build_table("service", [world["advocates"].pk], Period(TODAY, TODAY)).display_rows()[0]
    # (2+3+2+1+5)/5 = 2.6, (3+3+4+2+5)/5 = 3.4, 4 of 5 = 80 %; 5 referrals, 5 accepted, 1 completed;
    # 5 accepted the moment they were sent, 1 started (hidden), 5 of 5 answered yes, 1 ended (hidden).
    assert row == ["Housing Test (Provider Org)", "5", "2.6", "3.4", "80", "5", "5", SUPPRESSED] + [
        "0.0",
        SUPPRESSED,
        "100",
        SUPPRESSED,
    ]


def test_category_numbers_match_the_hand_count(world):
    rows = build_table("category", [world["advocates"].pk], Period(TODAY, TODAY)).display_rows()
    assert rows == [
        ["Housing test category"] + [SUPPRESSED] * 11,
        ["Legal test category", "6", "4.0", "4.7", "83", "6", "6", "6", "0.0", "0.0", "100", "100"],
    ]


def test_organization_outcomes_match_the_hand_count(world):
    table = build_table("organization", [world["advocates"].pk], Period(TODAY - timedelta(days=7), TODAY))
    keys = [column.key for column in table.columns]
    row = dict(zip(keys, table.display_rows()[0], strict=True))
    assert row == {
        "label": "Advocates Org",
        "ratings": SUPPRESSED,  # nobody rated a service of the advocates' own organisation
        "met_need": SUPPRESSED,
        "respect": SUPPRESSED,
        "survivors": "6",
        "goals_reached": "11",  # 6 on open plans + 5 on closed ones
        "referrals_completed": "6",
        "plans_closed_goals_met": "5",  # the sixth closed plan still has a goal in progress
        "first_contact_hours": "6.0",  # median of 2, 4, 6, 8, 10; automatic confirmations do not count
        "checkin_response_rate": SUPPRESSED,  # no check-ins sent
        # Its own organisation runs no service anyone was referred to.
        "days_to_accept": SUPPRESSED,
        "days_to_start": SUPPRESSED,
        "accepted_rate": SUPPRESSED,
        "completed_rate": SUPPRESSED,
    }


def test_the_provider_sees_its_services_rated_in_aggregate(world):
    table = build_table("organization", [world["provider"].pk], Period(TODAY, TODAY))
    row = table.display_rows()[0]
    # Ten counted ratings of its two services: (24+8)/10 = 3.2 and (28+12)/10 = 4.0.
    assert row[:4] == ["Provider Org", "10", "3.2", "4.0"]


def test_survivors_who_did_not_consent_are_left_out(world):
    period = Period(TODAY, TODAY)
    before = build_table("service", [world["advocates"].pk], period).display_rows()
    from portal.feedback.eligibility import set_reporting_consent

    for survivor in world["not_counted"]:
        set_reporting_consent(survivor, True)
    after = build_table("service", [world["advocates"].pk], period).display_rows()
    assert before[1][1:8] == ["6", "4.0", "4.7", "83", "6", "6", "6"]
    assert after[1][1:8] == ["8", "3.3", "3.8", "63", "8", "8", "8"]  # the check can fail: they now count
    set_reporting_consent(world["counted"][0], False)  # a survivor changes their mind: out at once
    assert build_table("service", [world["advocates"].pk], period).display_rows()[1][1] == "7"


def test_ratings_outside_the_period_are_not_counted(world):
    earlier = datetime(2026, 1, 10, 12, tzinfo=CENTRAL)
    Feedback.objects.filter(survivor=world["counted"][0]).update(updated_at=earlier)
    row = build_table("service", [world["advocates"].pk], Period(TODAY, TODAY)).display_rows()[1]
    assert row[1] == "5"


def test_the_report_page_shows_the_table_and_an_accessible_chart(client, world):
    client = verified_admin_client(client, world["advocate"])
    response = report(client, "service")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<svg role="img" aria-labelledby="chart-title chart-desc"', html)
    assert '<title id="chart-title">' in html
    assert html.count("<rect ") == 1  # one bar: the hidden row gets none
    assert "<script" not in html.split('data-report="service"')[1].split("</section>")[0]
    assert html_table(response)[2][:8] == ["Legal Aid Test (Provider Org)", "6", "4.0", "4.7", "83", "6", "6", "6"]


def test_the_csv_says_exactly_what_the_table_says(client, world):
    client = verified_admin_client(client, world["advocate"])
    for grouping in ("service", "category", "organization"):
        table = html_table(report(client, grouping))
        response = client.get("/admin/reports/services/csv/", {"grouping": grouping, **PERIOD})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert list(csv.reader(io.StringIO(response.content.decode()))) == table
        assert len(table) > 1


def test_the_provider_never_sees_who_rated_or_what_they_wrote(client, world):
    client = verified_admin_client(client, world["provider_user"])
    pages = [report(client, grouping).content.decode() for grouping in ("service", "category", "organization")]
    pages += [
        client.get("/admin/reports/services/csv/", {"grouping": grouping, **PERIOD}).content.decode()
        for grouping in ("service", "category", "organization")
    ]
    assert "Legal Aid Test" in pages[0]  # the provider does see its service, in aggregate
    for page in pages:
        assert SECRET_COMMENT not in page
        assert "Rosa" not in page
        assert "Counted Person" not in page and "Uncounted Person" not in page
        for survivor in world["counted"] + world["not_counted"]:
            assert f"Survivor #{survivor.pk}<" not in page
            assert f"/survivors/edit/{survivor.pk}/" not in page


def test_only_staff_with_a_reporting_role_see_reports(client, world, admin_client_verified):
    """Wagtail turns the refusal into a redirect to the dashboard (with a message); no numbers leave."""
    partner = make_staff(world["provider"], "report-partner", Membership.Role.PARTNER)
    partner_client = verified_admin_client(Client(), partner)
    for refused in (admin_client_verified, partner_client):  # no exception for superusers
        for path in ("/admin/reports/services/", "/admin/reports/services/csv/"):
            response = refused.get(path, {"grouping": "service", **PERIOD})
            assert (response.status_code, response["Location"]) == (302, "/admin/")
    allowed = verified_admin_client(client, world["advocate"])
    assert report(allowed, "service").status_code == 200


def test_a_quarter_still_running_is_refused_with_an_error_and_no_table(client, world):
    client = verified_admin_client(client, world["advocate"])
    response = report(client, "service", quarter="2026-Q2")
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert "data-report-table" not in response.content.decode()
    assert client.get("/admin/reports/services/csv/", {"grouping": "service", "quarter": "2026-Q2"}).status_code == 400


def test_the_report_counts_funding_services_that_mention_a_deadline(client, world):
    from portal.directory.models import TaxonomyTerm
    from portal.feedback.funding import funding_summary
    from tests.feedback.builders import make_service

    funding = TaxonomyTerm.objects.filter(code="funding").first() or TaxonomyTerm.objects.create(
        code="funding", name="Funding", kind=TaxonomyTerm.CATEGORY
    )
    before = funding_summary()
    with_deadline = make_service(world["provider"], "Grant with deadline", funding)
    with_deadline.description_en = "Money for rent. Apply by March 1."
    with_deadline.save()
    make_service(world["provider"], "Grant without deadline", funding)
    after = funding_summary()
    assert (after["total"], after["with_deadline"]) == (before["total"] + 2, before["with_deadline"] + 1)
    html = report(verified_admin_client(client, world["advocate"]), "service").content.decode()
    assert f"{after['total']} published services are listed" in html


def test_the_report_stays_under_a_query_ceiling(client, world, django_assert_max_num_queries):
    """Counted in the database, not row by row (the organisation table adds ~8 per organisation, and
    deciding what else to hide three more, timeliness three more, whatever the number of rows)."""
    client = verified_admin_client(client, world["advocate"])
    for grouping in ("service", "category", "organization"):
        with django_assert_max_num_queries(36):
            assert report(client, grouping).status_code == 200


def test_a_name_a_spreadsheet_would_run_is_plain_text_in_the_csv(client, world):
    from portal.directory.models import Service

    formula = '=HYPERLINK("http://example.org/steal","Open")'
    Service.objects.filter(pk=world["legal"].pk).update(name=formula, name_en=formula)
    client = verified_admin_client(client, world["advocate"])
    response = client.get("/admin/reports/services/csv/", {"grouping": "service", **PERIOD})
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert any(cell.startswith(f"'{formula}") for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]


def test_no_grouping_of_the_quarter_gives_away_a_service_another_hides(world):
    """The provider's ratings (10) less Legal Aid's (6) would be Housing's four, with their averages:
    so Legal Aid's row, and the Legal category that is the same number, hide as well."""
    period = Period(TODAY, TODAY)
    tables = {grouping: build_table(grouping, [world["provider"].pk], period) for grouping in BUILDERS}
    rows = {grouping: {row[0]: row[1:] for row in table.display_rows()} for grouping, table in tables.items()}
    assert rows["organization"]["Provider Org"][:3] == ["10", "3.2", "4.0"]
    assert rows["service"]["Housing Test (Provider Org)"][:4] == [SUPPRESSED] * 4
    assert rows["service"]["Legal Aid Test (Provider Org)"][:4] == [SUPPRESSED] * 4
    assert rows["category"]["Legal test category"][:4] == [SUPPRESSED] * 4
    # Referral counts have no organisation total: Legal Aid's six still show.
    assert rows["service"]["Legal Aid Test (Provider Org)"][4:7] == ["6", "6", "6"]
    # Timeliness of the provider as a whole would sit beside Legal Aid's: hidden with Housing's.
    assert rows["organization"]["Provider Org"][-4:] == [SUPPRESSED] * 4
