"""A staff member signs in to the admin (password, then a backup code as second factor) and opens
the service report: its SVG chart is drawn, has a <title>, shows in a screenshot, and the page is
axe-clean. The report's data is the hand-built world of tests/feedback, made in the server's own
database with `manage.py shell`."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from portal.feedback.period import ended_quarters, quarter_key
from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import WCAG_AA, describe

# Reports cover quarters that have ended, so the world is made in the last one, at noon on its 21st day.
MAKE_WORLD = """
from datetime import datetime, time, timedelta
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.second_factor import issue_backup_codes
from portal.feedback.period import ended_quarters, period_for, quarter_key
from tests.feedback.builders import build_report_world
quarter = period_for(quarter_key(*ended_quarters()[0]))
noon = timezone.make_aware(datetime.combine(quarter.start + timedelta(days=20), time(12)))
with time_machine.travel(noon, tick=False):
    world = build_report_world()
TOTPDevice.objects.get_or_create(user=world["advocate"], name="authenticator", confirmed=True)  # set up earlier
print("CODE", issue_backup_codes(world["advocate"])[0])
"""


@pytest.fixture(scope="module")
def report_staff_code(server_shell):
    return server_shell(MAKE_WORLD).split("CODE", 1)[1].strip()


def test_the_report_page_draws_an_accessible_chart(desk, portal_server, report_staff_code, tmp_path):
    sign_in_to_admin(desk, portal_server, "report-advocate", report_staff_code)
    quarter = quarter_key(*ended_quarters()[0])  # the server's clock is the wall clock too
    desk.goto(f"{portal_server}/admin/reports/services/?grouping=service&quarter={quarter}")
    chart = desk.locator("svg[data-chart]")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content() == "Met the need (average, 1-5)"
    assert chart.locator("rect").count() == 1  # Legal Aid Test; Housing Test has too few answers to draw
    assert desk.get_by_role("img", name="Met the need (average, 1-5)").is_visible()
    shot = tmp_path / "report.png"
    chart.screenshot(path=str(shot))
    desk.screenshot(path=str(tmp_path / "report-page.png"), full_page=True)
    assert shot.stat().st_size > 1000
    box = chart.bounding_box()
    assert box["width"] > 100 and box["height"] > 20
    assert desk.locator("table[data-report-table]").get_by_text("Legal Aid Test (Provider Org)").is_visible()
    results = Axe().run(desk, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)
