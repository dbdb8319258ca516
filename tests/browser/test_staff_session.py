"""The staff idle sign-out in a real browser on a 320 px screen, with the page's clock under the test's
control: the warning comes two minutes before, "Stay signed in" keeps the session, and when the session
has ended anyway, a plan edit typed before it is saved after signing in again."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import WCAG_AA, describe

MAKE_ADVOCATE_WITH_A_PLAN = """
from django.contrib.auth.models import Permission, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.models import Membership, SurvivorProfile
from portal.accounts.second_factor import issue_backup_codes
from portal.directory.models import Organization
from portal.messaging.models import Contact
from portal.plans.models import Goal, Plan
organization = Organization.objects.create(name="Timeout Advocates")
user = User.objects.create_user("timeout-advocate", password="x" * 20)
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
Membership.objects.create(user=user, organization=organization, role=Membership.Role.ADVOCATE)
TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
contact = Contact.objects.create(phone="+17135550166")
survivor = SurvivorProfile.objects.create(organization=organization, name="Timeout Survivor", contact=contact)
plan = Plan.objects.get_or_create(survivor=survivor)[0]
Goal.objects.create(plan=plan, text="A first goal")
codes = issue_backup_codes(user)
print("PLAN", plan.pk, "CODES", codes[0], codes[1])
"""

USER_ID = """
from django.contrib.auth.models import User
print("USER", User.objects.get(username="timeout-advocate").pk)
"""

END_HER_SESSIONS = """
from django.contrib.sessions.models import Session
for session in Session.objects.all():
    if session.get_decoded().get("_auth_user_id") == "{user_id}":
        session.delete()
"""

SAVED_GOAL = """
from portal.plans.models import Plan
print(Plan.objects.get(pk={plan}).goals.get().text)
"""


def test_the_warning_keeps_her_signed_in_and_an_edit_typed_before_the_sign_out_is_saved(
    chromium, portal_server, server_shell
):
    printed = server_shell(MAKE_ADVOCATE_WITH_A_PLAN).split("PLAN", 1)[1].split()
    plan, first_code, second_code = printed[0], printed[2], printed[3]
    user_id = server_shell(USER_ID).split("USER", 1)[1].strip()
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        sign_in_to_admin(page, portal_server, "timeout-advocate", first_code)
        page.clock.install()
        page.goto(f"{portal_server}/admin/plans/edit/{plan}/")
        dialog = page.get_by_role("dialog", name="You will be signed out in 2 minutes")
        page.clock.fast_forward("12:00")
        assert not dialog.is_visible()
        page.clock.fast_forward("00:31")  # 12:31 idle: 14:30 less the two minutes
        assert dialog.is_visible()
        box = dialog.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320  # fits the small screen
        results = Axe().run(page, context="[data-staff-timeout]", options=WCAG_AA)
        assert results.violations_count == 0, describe(results)
        with page.expect_response(lambda response: "/admin/stay-signed-in/" in response.url) as stayed:
            dialog.get_by_role("button", name="Stay signed in").click()
        assert stayed.value.status == 204
        dialog.wait_for(state="hidden")

        goal = page.locator("textarea[name='goals-0-text']")
        goal.fill("Move somewhere safe before the winter")
        server_shell(END_HER_SESSIONS.format(user_id=user_id))  # the idle sign-out, as the server sees it
        page.clock.fast_forward("12:31")
        dialog.get_by_role("button", name="Stay signed in").click()
        page.get_by_text("You have been signed out. What you typed is still on this page").wait_for()
        page.get_by_role("button", name="Close").click()
        assert goal.input_value() == "Move somewhere safe before the winter"

        page.locator("form button[type=submit]").filter(has_text="Save").first.click()
        page.wait_for_url(f"{portal_server}/admin/login/**")
        page.get_by_text("Sign in again and what you typed will be saved.").wait_for()
        page.locator("input[name=username]").fill("timeout-advocate")
        page.locator("input[name=password]").fill("x" * 20)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{portal_server}/admin/second-factor/**")
        page.locator("input[name=code]").fill(second_code)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{portal_server}/admin/plans/")
        assert "Move somewhere safe before the winter" in server_shell(SAVED_GOAL.format(plan=plan))
    finally:
        context.close()
