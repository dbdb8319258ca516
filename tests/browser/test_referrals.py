"""A referral closes its loop in real Chromium: the advocate refers her to another organisation's
service in the admin's plan form ("Waiting for the survivor's OK"), she reads what would be shared
and agrees in Spanish on a 320 px phone, the receiving organisation accepts, starts and completes it
in the admin, she sees each status in plain words, and her "who viewed my information" page lists
every look the receiving side took.

The server's own database (`manage.py shell`) gets what the browser does not make: the receiving
organisation with its service and a partner user, and an advocate of her organisation (each with a
backup code as second factor).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import label
from tests.browser.test_survivor_plan import sign_in

MAKE_PEOPLE = """
from django.contrib.auth.models import Group, Permission, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.models import Membership, SurvivorProfile
from portal.accounts.second_factor import issue_backup_codes
from portal.demo.survivor import DEMO_SURVIVOR_PHONE
from portal.directory.models import Organization, Service
from portal.messaging.models import Contact
from portal.plans.models import Plan

survivor = SurvivorProfile.objects.get(contact=Contact.objects.for_phone(DEMO_SURVIVOR_PHONE))
organization, _ = Organization.objects.get_or_create(name="Riverside Job Center")
Service.objects.get_or_create(organization=organization, name="Job training")
print("PLAN", Plan.objects.filter(survivor=survivor).exclude(status="closed").get().pk)

advocate, _ = User.objects.get_or_create(username="referring-browser-advocate")
advocate.set_password("x" * 20)
advocate.save()
advocate.groups.add(Group.objects.get(name="Advocates"))
Membership.objects.get_or_create(user=advocate, organization=survivor.organization)
TOTPDevice.objects.get_or_create(user=advocate, name="authenticator", confirmed=True)
print("ADVOCATE", issue_backup_codes(advocate)[0])

user, _ = User.objects.get_or_create(username="receiver-browser")
user.set_password("x" * 20)
user.save()
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": "partner"})
TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)
print("CODE", issue_backup_codes(user)[0])
"""

REFERRALS_TO_THE_JOB_CENTER = """
from portal.plans.models import Referral
for referral in Referral.objects.filter(
    plan_id={plan}, service__name="Job training", service__organization__name="Riverside Job Center"
):
    print("REFERRAL", referral.pk, referral.status)
"""


@pytest.fixture(scope="module")
def people(server_shell):
    lines = (line.partition(" ") for line in server_shell(MAKE_PEOPLE).splitlines())
    return {key: value for key, _, value in lines if key in ("PLAN", "ADVOCATE", "CODE")}


def refer_in_the_plan_form(page, base, plan):
    """The advocate adds a referral in her plan's Referrals section, picks the service in the chooser,
    asks for the survivor's OK and saves."""
    page.goto(f"{base}/admin/plans/edit/{plan}/")
    page.locator("#id_referrals-ADD").click()
    referral = page.locator("#id_referrals-FORMS > [data-inline-panel-child]").last
    referral.get_by_role("button", name="Choose service").click()
    # The chooser lists every service by name, ten to a page, without a search box: she pages on to it.
    chooser = page.get_by_role("dialog")
    choice = chooser.get_by_role("link", name="Job training", exact=True)
    shown = 1
    while not choice.count():
        chooser.get_by_role("link", name="Next").click()
        shown += 1
        expect(chooser.get_by_text(f"Page {shown} of ")).to_be_visible()
    choice.click()
    expect(referral).to_contain_text("Job training")
    referral.locator("select[name$='-status']").select_option(label="Waiting for the survivor's OK")
    page.locator("form button[type=submit]", has_text="Save").first.click()
    page.wait_for_url(lambda current: not current.endswith(f"/admin/plans/edit/{plan}/"))


def her_status(page, base, pk):
    page.goto(f"{base}/es/my/referrals/")
    return page.locator(f"[data-referral='{pk}'] [data-referral-status]").inner_text()


def es(text):
    return label("es", text)


def test_refer_consent_accept_complete_and_she_sees_every_look(
    phone, desk, portal_server, server_shell, sms_folder, people
):
    her, base, plan = phone, portal_server, people["PLAN"]

    # Her advocate refers her in the plan form, to wait for her OK.
    sign_in_to_admin(desk, base, "referring-browser-advocate", people["ADVOCATE"])
    refer_in_the_plan_form(desk, base, plan)
    output = server_shell(REFERRALS_TO_THE_JOB_CENTER.format(plan=plan))
    made = [line.split()[1:] for line in output.splitlines() if line.startswith("REFERRAL ")]
    assert len(made) == 1, output  # the one she just saved
    pk, status = made[0]
    assert status == "awaiting_consent"
    detail = f"{base}/admin/referrals/incoming/{pk}/"

    # Before her OK the receiving side, signed in at a desk with no session of the advocate's, finds nothing.
    desk.context.clear_cookies()
    sign_in_to_admin(desk, base, "receiver-browser", people["CODE"])
    assert desk.goto(detail).status == 404

    # She signs in in Spanish on a 320 px phone, reads what would be shared, and agrees.
    sign_in(her, base, sms_folder, "es")
    her.get_by_role("link", name=es("My referrals")).click()
    card = her.locator(f"[data-referral='{pk}']")
    assert "Job training" in card.inner_text() and "Riverside Job Center" in card.inner_text()
    card.get_by_role("link", name=es("See what would be shared")).click()
    request = her.locator("[data-referral-request]").inner_text()
    assert "Riverside Job Center" in request and es("the places you were sent to") in request
    assert_no_wcag_violations(her)
    her.get_by_role("button", name=es("I agree")).click()
    her.wait_for_url(re.compile(r".*/es/my/referrals/\?done=sent$"))
    assert her_status(her, base, pk) == es("Sent. We are waiting for their answer.")

    # The receiving side: the queue, then accept, start with an appointment, complete.
    desk.goto(f"{base}/admin/referrals/incoming/")
    desk.locator(f"[data-referrals-waiting] a[href='/admin/referrals/incoming/{pk}/']").click()
    desk.get_by_role("button", name="Accept").click()
    assert desk.locator("[data-referral-status]").inner_text() == "Accepted"
    assert her_status(her, base, pk) == es("They said yes. They will contact you.")
    desk.locator("#id_next_appointment_start").fill("2030-05-06T10:30")
    desk.get_by_role("button", name="Service started").click()
    assert her_status(her, base, pk) == es("You have started with them.")
    assert "10:30" in her.locator(f"[data-referral='{pk}']").inner_text()
    desk.get_by_role("button", name="Completed", exact=True).click()
    assert desk.locator("[data-referral-status]").inner_text() == "Completed"
    assert her_status(her, base, pk) == es("Finished.")

    # Every look the receiving side took is on her activity page: the refused one and the allowed ones.
    her.goto(f"{base}/en/my/activity/")
    looks = her.locator("[data-access-event]").filter(has_text="Riverside Job Center").all_inner_texts()
    assert any("Not allowed" in look for look in looks)
    assert any("Your consent" in look and "the places you were sent to" in look for look in looks)
    assert her.title() == "Community Resources"
