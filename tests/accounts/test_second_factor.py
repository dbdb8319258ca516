"""The Wagtail admin is never reachable with a password alone."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.second_factor import issue_backup_codes

pytestmark = pytest.mark.django_db
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/users/"]


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="correct horse battery staple")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_without_a_device_are_sent_to_enrol(client, editor, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/second-factor/setup/")
    assert b"<svg" in response.content  # the QR code is drawn on the page itself


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_with_a_device_must_verify(client, editor, path):
    issue_backup_codes(editor)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/?next=")


def test_enrolment_confirms_the_app_and_shows_backup_codes_once(client, editor):
    client.get("/admin/second-factor/setup/")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/admin/second-factor/setup/", {"code": wrong})
    assert b"did not work" in response.content
    device.refresh_from_db()
    assert not device.confirmed
    # A wrong code throttles the next try for a moment; a person would wait too.
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        response = client.post("/admin/second-factor/setup/", {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(codes) == 10
    for code in codes:
        assert code.encode() in response.content
    assert client.get("/admin/").status_code == 200


def give_authenticator(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_backup_code_works_once(client, editor):
    give_authenticator(editor)
    code = issue_backup_codes(editor)[0]
    response = client.post("/admin/second-factor/?next=/admin/pages/", {"code": code, "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    client.logout()
    client.force_login(editor)
    response = client.post("/admin/second-factor/", {"code": code})
    assert response.status_code == 200
    assert b"did not work" in response.content
    assert client.get("/admin/").status_code == 302


def test_verification_never_redirects_off_site(client, editor):
    give_authenticator(editor)
    code = issue_backup_codes(editor)[0]
    response = client.post("/admin/second-factor/", {"code": code, "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_backup_code_sign_in_without_an_authenticator_leads_to_setting_one_up(client, editor):
    code = issue_backup_codes(editor)[0]
    response = client.post("/admin/second-factor/", {"code": code, "next": "/admin/pages/"}, follow=True)
    assert response.redirect_chain == [("/admin/second-factor/setup/?next=%2Fadmin%2Fpages%2F", 302)]
    assert b"<svg" in response.content and b'name="next" value="/admin/pages/"' in response.content

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post("/admin/second-factor/setup/", {"code": current_code(device), "next": "/admin/pages/"})
    device.refresh_from_db()
    assert device.confirmed
    new_codes = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert code not in new_codes and len(new_codes) == 10  # a fresh set, shown once
    assert b'href="/admin/pages/"' in response.content
    assert client.get("/admin/pages/").status_code == 200

    # From now on the app's code opens the admin, and a backup code goes straight through.
    client.logout()
    client.force_login(editor)
    response = client.post("/admin/second-factor/", {"code": sorted(new_codes)[0], "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"


def test_password_sign_in_alone_does_not_open_the_admin(client):
    user = User.objects.create_user("advocate2", password="correct horse battery staple")
    user.groups.add(Group.objects.get(name="Editors"))
    issue_backup_codes(user)
    response = client.post(
        "/admin/login/", {"username": "advocate2", "password": "correct horse battery staple"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/admin/second-factor/")
    assert client.get("/admin/pages/").status_code == 302


def test_the_demo_advocate_can_open_the_help_queue(client):
    """seed_demo's advocate belongs to "Advocates", the group the SMS queue needs."""
    from django.core.management import call_command

    from portal.demo.advocate import DEMO_ADVOCATE, demo_password

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    advocate = User.objects.get(username=DEMO_ADVOCATE)
    assert advocate.groups.filter(name="Advocates").exists()
    assert advocate.has_perm("messaging.view_helprequest")
    client.post("/admin/login/", {"username": DEMO_ADVOCATE, "password": demo_password()})
    client.post("/admin/second-factor/", {"code": issue_backup_codes(advocate)[0]})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"Help and texts" in response.content
