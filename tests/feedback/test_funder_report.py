"""The funder's quarterly report: every figure of a hand-built quarter, the organisation's own
numbers in full and every organisation's together with small counts hidden, quarter boundaries in
Central time, the CSV and the printable page saying what the page says, and only supervisors
reaching any of it (with the menu item shown exactly to them)."""

import csv
import io
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import resolve

from portal.accounts.models import Membership, SurvivorProfile
from portal.core.periods import Period
from portal.directory.models import TaxonomyTerm
from portal.feedback.quarterly import quarterly_report
from portal.feedback.suppression import MIN_COUNT, SUPPRESSED
from portal.feedback.wagtail_hooks import funder_report_menu_item
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.admin_forms import form_fields
from tests.feedback.funder_builders import build_funder_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_first_quarter_of_2026")]

CENTRAL = ZoneInfo("America/Chicago")
Q1 = Period.quarter(2026, 1)
PAGE, PRINT, CSV = "/admin/reports/funder/", "/admin/reports/funder/print/", "/admin/reports/funder/csv/"

NOT_RECORDED = ["", "", "Not recorded in the portal"]
OWN_Q1 = {
    "clients": [["All clients", "3", "4", "7"]],
    "age_group": [
        ["Prefer not to say or unknown", "1", "0", "1"],
        ["Under 18", "0", "1", "1"],
        ["18 to 24", "1", "1", "2"],
        ["25 to 59", "1", "2", "3"],
        ["60 or older", "0", "0", "0"],
    ],
    "trafficking_type": [
        ["Prefer not to say or unknown", "1", "0", "1"],
        ["Sex trafficking", "1", "2", "3"],
        ["Labor trafficking", "1", "1", "2"],
        ["Both sex and labor trafficking", "0", "1", "1"],
    ],
    "nationality_group": [
        ["Prefer not to say or unknown", "1", "0", "1"],
        ["U.S. citizen", "1", "2", "3"],
        ["Lawful permanent resident", "0", "1", "1"],
        ["Foreign national", "1", "1", "2"],
    ],
    "services": [
        ["Case management", "5", "", "Service plans open in the quarter"],
        ["Crisis intervention", *NOT_RECORDED],
        ["Emergency, transitional or long-term housing", "1", "1"],
        ["Legal services, including immigration", "3", "3"],
        ["Medical and dental care", "0", "0"],
        ["Mental health treatment", "0", "0"],
        ["Substance use treatment", "0", "0"],
        ["Basic needs and personal items", "0", "0"],
        ["Employment and education assistance", "0", "0"],
        ["Financial assistance and victim compensation", "1", "1"],
        ["Interpretation and translation", *NOT_RECORDED],
        ["Transportation", *NOT_RECORDED],
        ["Child care", *NOT_RECORDED],
        ["Protection and safety planning", *NOT_RECORDED],
        ["Criminal justice advocacy", *NOT_RECORDED],
        ["Family reunification", *NOT_RECORDED],
        ["Life skills", *NOT_RECORDED],
    ],
    "referrals": [
        ["Referrals sent in the quarter", "5"],
        ["Referrals completed in the quarter", "3"],
    ],
    "help_requests": [
        ["Help requests received", "4"],
        ["Answered by staff", "3"],
        ["Minutes to the first staff reply (median)", "30"],
    ],
    "checkins": [["Check-ins sent", "5"], ["Check-ins answered", "3"], ["Check-ins answered (%)", "60"]],
}


@pytest.fixture
def world():
    return build_funder_world()


def rows_of(sections, width=None):
    """{section: rows as displayed}, each row cut to `width` cells when given (the services' source
    column names directory categories, which the seeded taxonomy words)."""
    return {
        table.grouping: [row[:width] if width and table.grouping == "services" else row for row in table.display_rows()]
        for _title, table in sections
    }


def cut_services(expected):
    return {key: [row[:3] for row in rows] if key == "services" else rows for key, rows in expected.items()}


def test_the_organisations_own_quarter_every_figure(world):
    report = rows_of(quarterly_report("own", [world["own"].pk], Q1), width=3)
    assert report == cut_services(OWN_Q1)
    services = {row[0]: row[3] for row in rows_of(quarterly_report("own", [world["own"].pk], Q1))["services"]}
    names = [TaxonomyTerm.objects.get(kind=TaxonomyTerm.CATEGORY, code=code).name for code in ("financial", "funding")]
    assert services["Financial assistance and victim compensation"] == "Referrals to: " + ", ".join(names)


def test_another_organisation_sees_only_its_own_clients(world):
    report = rows_of(quarterly_report("own", [world["other"].pk], Q1), width=3)
    assert report["clients"] == [["All clients", "6", "0", "6"]]  # its seventh did not agree to be counted
    assert report["age_group"][3] == ["25 to 59", "6", "0", "6"]
    assert report["referrals"] == [[row[0], "0"] for row in OWN_Q1["referrals"]]


def test_every_organisation_together_hides_small_counts_and_what_gives_them_away(world):
    report = rows_of(quarterly_report("all", [world["own"].pk], Q1), width=3)
    x = SUPPRESSED
    # 13 clients (7 + 6), of whom 9 new and 4 continuing: 4 is too few, and 13 - 9 would give it away.
    assert report["clients"] == [["All clients", x, x, "13"]]
    # 9 of them are 25-59, sex-trafficked, U.S. citizens, but 13 - 9 would show the other 4 together.
    for key in ("age_group", "trafficking_type", "nationality_group"):
        assert {cell for row in report[key] for cell in row[1:]} == {x}, key
    services = {row[0]: row[1:] for row in report["services"]}
    assert services["Case management"] == ["5", ""]
    assert services["Legal services, including immigration"] == [x, x]  # 3 clients
    assert services["Medical and dental care"] == [x, x]  # none is under five too
    assert services["Transportation"] == ["", ""]
    assert report["referrals"] == [[OWN_Q1["referrals"][0][0], "5"], [OWN_Q1["referrals"][1][0], x]]
    assert [row[1] for row in report["help_requests"]] == [x, x, x]  # 4 received: the median goes with them
    assert [row[1] for row in report["checkins"]] == ["5", x, x]
    shown = [int(cell) for rows in report.values() for row in rows for cell in row[1:] if cell.isdigit()]
    assert shown and min(shown) >= MIN_COUNT


def test_the_last_half_hour_of_a_quarter_belongs_to_it(world):
    """N3 came in at 23:30 on 31 March (04:30 UTC on 1 April): new in the first quarter, continuing in
    the second; C3 at 23:30 on 31 December (05:30 UTC on 1 January): new in the last quarter of 2025."""
    own = [world["own"].pk]
    with time_machine.travel(datetime(2026, 7, 10, 12, tzinfo=CENTRAL), tick=False):
        q2 = rows_of(quarterly_report("own", own, Period.quarter(2026, 2)), width=3)
        q4 = rows_of(quarterly_report("own", own, Period.quarter(2025, 4)), width=3)
    # Q2: N4 (00:30 on 1 April) is new; C1, C2, C3, N1, N2, N3 continue; C5 closed in February.
    assert q2["clients"] == [["All clients", "1", "6", "7"]]
    assert q2["age_group"][2] == ["18 to 24", "0", "2", "2"]  # C2 and N3, both continuing now
    assert q2["help_requests"] == [[row[0], value] for row, value in zip(OWN_Q1["help_requests"], "115", strict=True)]
    assert q2["checkins"] == [[row[0], value] for row, value in zip(OWN_Q1["checkins"], ("1", "1", "100"), strict=True)]
    assert [row[1] for row in q2["referrals"]] == ["1", "0"]  # C1's housing referral sent at 01:00 on 1 April
    # Q4 2025: C1, C2, C3, C4 (closed 20 December) and C5 were all new.
    assert q4["clients"] == [["All clients", "5", "0", "5"]]
    assert [row[1] for row in q4["referrals"]] == ["1", "0"]  # C2's housing referral, declined in December


def html_tables(response):
    """{section: rows of text} for every report table on the page, header row left out."""
    html = response.content.decode()
    tables = {}
    for key, body in re.findall(r'<table[^>]*data-report-table="([a-z_]+)".*?<tbody>(.*?)</tbody>', html, re.S):
        tables[key] = [
            [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
    return tables


def csv_sections(response):
    """The file's first row, and {section title: its rows after the column headings}."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    blocks, block = [], None
    for row in rows[1:]:
        if not row:
            block = []
            blocks.append(block)
        else:
            block.append(row)
    return rows[0], {block[0][0]: block[2:] for block in blocks}


@pytest.mark.parametrize("scope", ["own", "all"])
def test_page_printable_page_and_csv_show_the_same_cells(world, scope):
    client = verified_admin_client(Client(), world["supervisor"])
    query = {"quarter": "2026-Q1", "scope": scope}
    expected = rows_of(quarterly_report(scope, [world["own"].pk], Q1))
    page, printable = client.get(PAGE, query), client.get(PRINT, query)
    assert page.status_code == printable.status_code == 200
    assert html_tables(page) == html_tables(printable) == expected
    download = client.get(CSV, query)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert f'filename="funder-report-2026-Q1-{scope}.csv"' in download["Content-Disposition"]
    head, sections = csv_sections(download)
    assert head[:2] == ["Funder report", "Quarter 1 of 2026"]
    assert list(sections.values()) == list(expected.values())
    for body in (page.content, printable.content, download.content):
        assert b"Person " not in body  # no survivor's name anywhere
    assert b"<script" not in printable.content  # prints without JavaScript
    assert b'href="/static/portal/css/funder-report.css"' in printable.content


def test_own_figures_in_the_csv_are_the_known_answers(world):
    client = verified_admin_client(Client(), world["supervisor"])
    _head, sections = csv_sections(client.get(CSV, {"quarter": "2026-Q1", "scope": "own"}))
    assert sections["Clients served"] == OWN_Q1["clients"]
    assert sections["Check-ins"] == OWN_Q1["checkins"]
    assert [row[:3] for row in sections["Services provided, by TIMS category"]] == [
        row[:3] for row in OWN_Q1["services"]
    ]


def test_a_quarter_still_running_is_refused_everywhere(world):
    client = verified_admin_client(Client(), world["supervisor"])
    running = {"quarter": "2026-Q2", "scope": "own"}
    page = client.get(PAGE, running)
    assert page.status_code == 200 and b"data-report-table" not in page.content
    assert b"Select a valid choice" in page.content
    assert client.get(PRINT, running).status_code == 400
    assert client.get(CSV, running).status_code == 400


def people(world):
    organization = world["own"]
    for role in Membership.Role.values:
        if role != Membership.Role.SUPERVISOR:
            yield make_staff(organization, f"funder-{role}", role=role), False
    yield world["supervisor"], True
    yield User.objects.create_superuser("funder-superuser", "s@example.org", "x" * 20), False


def test_only_supervisors_reach_the_report_and_only_they_see_it_in_the_menu(world):
    resolve("/admin/")
    for person, allowed in people(world):
        request = RequestFactory().get("/admin/")
        request.user = person
        assert funder_report_menu_item().is_shown(request) is allowed, person.username
        client = verified_admin_client(Client(), person)
        for url in (PAGE, PRINT, CSV):
            response = client.get(url, {"quarter": "2026-Q1", "scope": "all"})
            # The admin answers "permission denied" by sending the person back to its start page.
            expected = (200, None) if allowed else (302, "/admin/")
            assert (response.status_code, response.get("Location")) == expected, (person.username, url)


def test_the_intake_form_records_the_three_answers_and_leaving_them_out_means_unknown():
    organization = make_organization("Intake Test Org")
    client = verified_admin_client(Client(), make_staff(organization, "intake-advocate"))
    survivor = make_survivor(organization, name="Person Intake")
    url = f"/admin/survivors/edit/{survivor.pk}/"
    fields = form_fields(client.get(url).content.decode())
    assert fields["age_group"] == "unknown"
    answers = {"age_group": "under_18", "trafficking_type": "labor", "nationality_group": "foreign_national"}
    assert client.post(url, {**fields, **answers}).status_code == 302
    survivor = SurvivorProfile.objects.get(pk=survivor.pk)
    assert (survivor.age_group, survivor.trafficking_type, survivor.nationality_group) == tuple(answers.values())
    for name in answers:
        fields.pop(name)
    assert client.post(url, fields).status_code == 302
    survivor = SurvivorProfile.objects.get(pk=survivor.pk)
    assert (survivor.age_group, survivor.trafficking_type, survivor.nationality_group) == ("unknown",) * 3


@pytest.mark.parametrize("scope", ["own", "all"])
def test_the_report_stays_under_a_query_ceiling(world, scope, django_assert_max_num_queries):
    """Counted in the database, a few queries per table, however many clients (34 for the page today)."""
    client = verified_admin_client(Client(), world["supervisor"])
    with django_assert_max_num_queries(36):
        assert client.get(PAGE, {"quarter": "2026-Q1", "scope": scope}).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(CSV, {"quarter": "2026-Q1", "scope": scope}).status_code == 200
