"""A referral closes its loop in real Chromium: the advocate's referral waits for her OK, she reads
what would be shared and agrees in Spanish on a 320 px phone, the receiving
organisation accepts, starts and completes it in the admin, she sees each status in plain words,
and her "who viewed my information" page lists every look the receiving side took.

The advocate's referral is made in the server's own database with `manage.py shell`, as the plan
form saves it ("Waiting for the survivor's OK" to an organisation outside her care team), with a
partner user of that organisation (a backup code as second factor).
"""

import re

import pytest

from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import label
from tests.browser.test_survivor_plan import sign_in

MAKE_REFERRAL = """
from django.contrib.auth.models import Permission, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.models import Membership, SurvivorProfile
from portal.accounts.second_factor import issue_backup_codes
from portal.demo.survivor import DEMO_SURVIVOR_PHONE
from portal.directory.models import Organization, Service
from portal.messaging.models import Contact
from portal.plans.models import Plan, Referral

survivor = SurvivorProfile.objects.get(contact=Contact.objects.for_phone(DEMO_SURVIVOR_PHONE))
organization, _ = Organization.objects.get_or_create(name="Riverside Job Center")
service, _ = Service.objects.get_or_create(organization=organization, name="Job training")
plan = Plan.objects.filter(survivor=survivor).exclude(status="closed").first()
referral = Referral.objects.create(plan=plan, service=service, status="awaiting_consent")
user, _ = User.objects.get_or_create(username="receiver-browser")
user.set_password("x" * 20)
user.save()
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": "partner"})
TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)
print("REFERRAL", referral.pk)
print("CODE", issue_backup_codes(user)[0])
"""


@pytest.fixture(scope="module")
def referral(server_shell):
    output = server_shell(MAKE_REFERRAL)
    lines = dict(line.split(" ", 1) for line in output.splitlines() if line[:5] in ("REFER", "CODE "))
    return {"pk": lines["REFERRAL"], "code": lines["CODE"]}


def her_status(page, base, pk):
    page.goto(f"{base}/es/my/referrals/")
    return page.locator(f"[data-referral='{pk}'] [data-referral-status]").inner_text()


def es(text):
    return label("es", text)


def test_refer_consent_accept_complete_and_she_sees_every_look(phone, desk, portal_server, sms_folder, referral):
    her, base, pk = phone, portal_server, referral["pk"]
    detail = f"{base}/admin/referrals/incoming/{pk}/"

    # Before her OK the receiving side finds nothing.
    sign_in_to_admin(desk, base, "receiver-browser", referral["code"])
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
