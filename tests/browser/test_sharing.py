"""The survivor shares with a partner agency, the partner sees exactly that, the survivor stops it,
the partner's next request is refused, and the survivor sees both reads in "who viewed my information".

The partner user is made in the server's own database with `manage.py shell` (a partner agency
user of the demo referral's organisation, with a backup code as second factor); the survivor is
the demo survivor, signed in by texted code and PIN like on a phone.
"""

import pytest

from tests.browser.site import sign_in_to_admin
from tests.browser.test_survivor_plan import sign_in

MAKE_PARTNER = """
from django.contrib.auth.models import Permission, User
from portal.accounts.models import Membership, SurvivorProfile
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.second_factor import issue_backup_codes
from portal.demo.survivor import DEMO_SURVIVOR_PHONE
from portal.sharing.models import CareTeamMember
from portal.messaging.models import Contact

survivor = SurvivorProfile.objects.get(contact=Contact.objects.for_phone(DEMO_SURVIVOR_PHONE))
member = CareTeamMember.objects.filter(survivor=survivor).exclude(organization=survivor.organization).first()
user, _ = User.objects.get_or_create(username="partner-browser")
user.set_password("x" * 20)
user.save()
user.user_permissions.add(Permission.objects.get(codename="access_admin"))
Membership.objects.get_or_create(user=user, organization=member.organization, defaults={"role": "partner"})
print("ORG", member.organization.name)
print("SURVIVOR", survivor.pk)
TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)  # set up earlier
print("CODE", issue_backup_codes(user)[0])
"""


@pytest.fixture(scope="module")
def partner(server_shell):
    output = server_shell(MAKE_PARTNER)
    lines = dict(line.split(" ", 1) for line in output.splitlines() if line[:4] in ("ORG ", "SURV", "CODE"))
    return {"organization": lines["ORG"], "survivor": lines["SURVIVOR"], "code": lines["CODE"]}


def partner_signs_in(page, base, code):
    sign_in_to_admin(page, base, "partner-browser", code)


def stop_all_sharing(page, base):
    page.goto(f"{base}/en/my/sharing/")
    while page.get_by_role("button", name="Stop sharing").count():
        page.get_by_role("button", name="Stop sharing").first.click()
        page.wait_for_url(f"{base}/en/my/sharing/?done=stopped")


def test_grant_partner_reads_revoke_denied_and_the_survivor_sees_it(
    phone_without_js, desk, portal_server, sms_folder, partner
):
    survivor_page, base = phone_without_js, portal_server
    sign_in(survivor_page, base, sms_folder, "en")
    stop_all_sharing(survivor_page, base)

    # The survivor grants: steps only, read in full before agreeing. No JavaScript needed.
    survivor_page.get_by_role("link", name="Share with someone").click()
    survivor_page.get_by_label(partner["organization"]).check()
    survivor_page.get_by_label("the steps in your plan").check()
    survivor_page.get_by_label("Why they need it").fill("To help me with my legal case")
    survivor_page.get_by_role("button", name="Next").click()
    text = survivor_page.locator("[data-consent-text]").inner_text()
    assert partner["organization"] in text and "the steps in your plan" in text
    assert "the goals in your plan" in text.split("They may not see:")[1]
    survivor_page.get_by_role("button", name="I agree").click()
    survivor_page.wait_for_url(f"{base}/en/my/sharing/?done=granted")
    assert partner["organization"] in survivor_page.locator("[data-live-consents]").inner_text()

    # The partner sees exactly the permitted category.
    partner_signs_in(desk, base, partner["code"])
    desk.goto(f"{base}/admin/partners/")
    desk.locator(f"a[href='/admin/partners/{partner['survivor']}/']").click()
    shared = desk.locator("[data-shared-categories]").inner_text()
    assert "Plan steps" in shared and "Plan goals" not in shared and "Contact details" not in shared
    desk.get_by_role("link", name="Plan steps").click()
    steps_url = desk.url
    assert desk.locator("[data-shared-data]").inner_text().strip()
    assert "Quiero un lugar seguro" not in desk.content()  # a goal, in the survivor's words

    # The survivor stops sharing in one tap; the partner's next request is refused.
    stop_all_sharing(survivor_page, base)
    response = desk.goto(steps_url)
    assert response.status == 404
    assert not desk.locator("[data-shared-data]").count()

    # Both reads show in "who viewed my information".
    survivor_page.goto(f"{base}/en/my/activity/")
    reads = survivor_page.locator("[data-access-event]").filter(has_text=partner["organization"])
    texts = reads.all_inner_texts()
    assert any("the steps in your plan" in t and "Your consent" in t for t in texts)
    assert any("the steps in your plan" in t and "Not allowed" in t for t in texts)
    assert survivor_page.title() == "Community Resources"
