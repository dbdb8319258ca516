"""A supervisor signs in to the admin, opens the funder report for the first quarter of 2026 and its
printable page. The printable page works with JavaScript off, is axe-clean on screen, and on paper
drops the links that only make sense on screen. The data is tests/feedback's hand-built quarter,
made in the server's own database with `manage.py shell`."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import WCAG_AA, describe

MAKE_WORLD = """
from datetime import datetime
from zoneinfo import ZoneInfo
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.second_factor import issue_backup_codes
from tests.feedback.funder_builders import build_funder_world
with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("America/Chicago")), tick=False):
    world = build_funder_world()
TOTPDevice.objects.get_or_create(user=world["supervisor"], name="authenticator", confirmed=True)  # set up earlier
print("CODE", issue_backup_codes(world["supervisor"])[0])
"""
QUERY = "?quarter=2026-Q1&scope=own"  # an ended quarter at every instant the suite is pinned to


@pytest.fixture(scope="module")
def supervisor_code(server_shell):
    return server_shell(MAKE_WORLD).split("CODE", 1)[1].strip()


def test_the_printable_page_needs_no_script_and_is_accessible(desk, chromium, portal_server, supervisor_code, tmp_path):
    sign_in_to_admin(desk, portal_server, "funder-supervisor", supervisor_code)
    desk.goto(f"{portal_server}/admin/reports/funder/{QUERY}")
    clients = desk.locator('table[data-report-table="clients"]')
    assert clients.locator("tbody tr").first.inner_text().split() == ["All", "clients", "3", "4", "7"]
    results = Axe().run(desk, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)
    assert desk.get_by_role("link", name="Printable page").get_attribute("href").endswith(QUERY)

    without_js = chromium.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    without_js.add_cookies(desk.context.cookies())
    page = without_js.new_page()
    try:
        page.goto(f"{portal_server}/admin/reports/funder/print/{QUERY}")
        assert page.get_by_role("heading", level=1).inner_text() == "Funder report"
        assert page.locator("table[data-report-table]").count() == 8  # clients, three breakdowns, four more
        minutes = page.locator('table[data-report-table="help_requests"] tbody tr').nth(2)
        assert minutes.locator("td").last.inner_text() == "30"
        back = page.get_by_role("link", name="Back to the report")
        assert back.is_visible()
        page.emulate_media(media="print")
        assert not back.is_visible()  # screen-only links are not printed
        assert page.locator('table[data-report-table="services"]').is_visible()
        page.screenshot(path=str(tmp_path / "funder-print.png"), full_page=True)
        assert (tmp_path / "funder-print.png").stat().st_size > 1000
    finally:
        without_js.close()

    desk.goto(f"{portal_server}/admin/reports/funder/print/{QUERY}")  # axe itself needs script
    results = Axe().run(desk, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)
    desk.set_viewport_size({"width": 320, "height": 640})
    assert desk.evaluate("document.documentElement.scrollWidth") <= 320  # tables scroll in their own box
