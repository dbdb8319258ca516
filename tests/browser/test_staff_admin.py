"""A new staff member's first day in the admin, in a real browser: the password, a backup code, then
straight to setting up an authenticator app (QR code drawn on the page), a fresh set of backup codes,
and an admin that never asks another site for anything (no Gravatar avatars)."""

import urllib.request
from base64 import b32decode
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP

from tests.browser.site import sign_in_to_admin, staff_member_script

MAKE_STAFF = """
from django.contrib.auth.models import Group, User
from portal.accounts.second_factor import issue_backup_codes
user, _ = User.objects.get_or_create(username="first-day-editor", defaults={"email": "first.day@example.org"})
user.set_password("x" * 20)
user.save()
user.groups.add(Group.objects.get(name="Editors"))
print("CODE", issue_backup_codes(user)[0])
"""


@pytest.fixture(scope="module")
def backup_code(server_shell):
    return server_shell(MAKE_STAFF).split("CODE", 1)[1].strip()


def server_time(base_url):
    """The server's own clock (it runs at the tests' pinned instant, plus its uptime), from its Date header."""
    with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
        return parsedate_to_datetime(response.headers["Date"]).timestamp()


def test_a_backup_code_sign_in_leads_to_the_authenticator_and_the_admin_stays_on_its_origin(
    desk, portal_server, backup_code
):
    origin = urlsplit(portal_server).netloc
    elsewhere = []
    desk.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlsplit(request.url).netloc != origin and not request.url.startswith("data:")
            else None
        ),
    )

    sign_in_to_admin(desk, portal_server, "first-day-editor", backup_code)
    desk.wait_for_url(f"{portal_server}/admin/second-factor/setup/**")
    assert desk.get_by_role("img", name="QR code for your authenticator app").locator("svg").is_visible()
    secret = desk.locator("code.secret").text_content().strip()
    totp = TOTP(b32decode(secret))
    totp.time = server_time(portal_server)
    desk.locator("input[name=code]").fill(f"{totp.token():06d}")
    desk.locator("form button[type=submit]").first.click()

    assert desk.locator("ul.backup-codes li").count() == 10
    assert backup_code not in desk.locator("ul.backup-codes").text_content()
    desk.locator("main a.button").click()
    desk.wait_for_url(f"{portal_server}/admin/")
    assert desk.locator("body").get_attribute("class")  # the Wagtail dashboard, not a sign-in page
    desk.goto(f"{portal_server}/admin/pages/")
    desk.goto(f"{portal_server}/admin/account/")
    assert desk.url.startswith(f"{portal_server}/admin/account/")
    assert elsewhere == []


MAKE_ADVOCATE = staff_member_script("playground-advocate", "Advocates")


def test_the_sms_playground_texts_the_portal_and_shows_its_answer(desk, portal_server, server_shell):
    code = server_shell(MAKE_ADVOCATE).split("CODE", 1)[1].strip()
    sign_in_to_admin(desk, portal_server, "playground-advocate", code)
    desk.wait_for_url(f"{portal_server}/admin/")

    desk.get_by_role("link", name="SMS playground").click()
    desk.get_by_label("Text from this number").fill("713-555-0177")
    desk.get_by_label("Message").fill("SHELTER 77002")
    desk.get_by_role("button", name="Send text").click()

    thread = desk.locator("[data-playground-thread]")
    assert "SHELTER 77002" in thread.text_content()
    reply = thread.locator("[data-playground-reply]")
    assert reply.count() == 1
    assert len(reply.text_content().strip()) > len("Portal:")
    assert desk.get_by_label("Text from this number").input_value() == "+17135550177"  # kept for the next text
    assert desk.get_by_label("Message").input_value() == ""
