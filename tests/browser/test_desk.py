"""An advocate's desk in a real browser, on a 320 px screen: an urgent text arrives through the signed SMS
webhook, the desk shows it after a refresh, the advocate takes it, answers once outside her safe hours
(exactly one text goes out, recorded against the urgent text), and closes the conversation."""

import urllib.request
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from tests.browser.site import sign_in_to_admin
from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import texts_to

NUMBER = "+17135550188"
# The server's test settings: its webhook token, and the public origin signatures are checked against.
TOKEN, PUBLIC_BASE_URL = "test-webhook-token", "http://127.0.0.1:8000"

MAKE_ADVOCATE = """
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.models import Membership
from portal.accounts.second_factor import issue_backup_codes
organization = User.objects.get(username="advocate").memberships.get().organization
user, _ = User.objects.get_or_create(username="desk-browser-advocate")
user.set_password("x" * 20)
user.save()
user.groups.add(Group.objects.get(name="Advocates"))
Membership.objects.get_or_create(user=user, organization=organization)
TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)
print("CODE", issue_backup_codes(user)[0])
"""

# Her safe hours start in two hours and end in three, wherever the server's clock stands (23:35 in Texas
# when the run is pinned there): now is outside them.
OUTSIDE_SAFE_HOURS = f"""
from datetime import timedelta
from django.utils import timezone
from portal.messaging.models import Contact, HelpRequest
contact = Contact.objects.for_phone("{NUMBER}")
now = timezone.localtime()
Contact.objects.filter(pk=contact.pk).update(
    safe_hours_start=(now + timedelta(hours=2)).time(), safe_hours_end=(now + timedelta(hours=3)).time()
)
print("REQUEST", HelpRequest.objects.get(contact=contact).pk)
"""

RECORDED = f"""
from portal.messaging.models import Contact, Conversation, OutboundMessage
contact = Contact.objects.for_phone("{NUMBER}")
answered = OutboundMessage.objects.filter(contact=contact, answers_urgent__isnull=False)
print("ANSWERS", answered.count(), answered.get().sent_by.username)
print("STATUS", Conversation.objects.get(contact=contact).status)
"""


def text_the_portal(base_url, body):
    params = {
        "MessageSid": "SM" + "d35k" * 8,
        "AccountSid": "AC" + "0" * 32,
        "From": NUMBER,
        "To": "+15125550199",
        "Body": body,
        "NumMedia": "0",
    }
    signature = RequestValidator(TOKEN).compute_signature(f"{PUBLIC_BASE_URL}/sms/inbound/", params)
    request = urllib.request.Request(
        f"{base_url}/sms/inbound/",
        data=urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback, http)
        assert response.status == 200


@pytest.fixture
def small_desk(chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_an_urgent_text_reaches_the_desk_is_taken_answered_once_and_closed(
    small_desk, portal_server, server_shell, sms_folder
):
    page = small_desk
    code = server_shell(MAKE_ADVOCATE).split("CODE", 1)[1].strip()
    sign_in_to_admin(page, portal_server, "desk-browser-advocate", code)
    page.goto(f"{portal_server}/admin/desk/")
    assert page.locator("[data-desk-item^=help-request-]").count() == 0

    text_the_portal(portal_server, "help now please")
    request_id = server_shell(OUTSIDE_SAFE_HOURS).split("REQUEST", 1)[1].strip()
    page.reload()
    row = page.locator(f"[data-desk-item=help-request-{request_id}]")
    assert "Help now" in row.text_content()
    assert page.locator("body").text_content().count(NUMBER[-4:]) == 0  # no number on the desk
    assert_no_wcag_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    row.get_by_role("button", name="Take it").click()
    page.wait_for_url(f"{portal_server}/admin/conversations/thread/**")
    page.get_by_text("You took it. It is assigned to you now.").wait_for()
    before = len(texts_to(sms_folder, NUMBER, timeout=0))

    page.get_by_label("Your text").fill("We are here. Are you safe to talk?")
    page.get_by_label("Send now, outside her safe hours").check()
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_role("button", name="Yes, send it now").click()
    page.get_by_text("Your text is being sent now", exact=False).wait_for()
    sent = texts_to(sms_folder, NUMBER, timeout=10)
    assert len(sent) == before + 1 and "We are here" in sent[-1]["body"]
    # The choice is spent: no second reply outside safe hours for the same urgent text.
    assert page.get_by_label("Send now, outside her safe hours").count() == 0

    page.get_by_role("button", name="Close conversation").click()
    page.get_by_text("Conversation closed.").wait_for()
    recorded = server_shell(RECORDED)
    assert "ANSWERS 1 desk-browser-advocate" in recorded and "STATUS closed" in recorded
    assert len(texts_to(sms_folder, NUMBER, timeout=0)) == before + 1

    page.goto(f"{portal_server}/admin/desk/")
    assert page.locator(f"[data-desk-item=help-request-{request_id}]").count() == 0
    assert_no_wcag_violations(page)
