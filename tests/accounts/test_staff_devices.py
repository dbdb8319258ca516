"""A staff member's second factor over time: a new phone, new backup codes, a colleague's reset."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from portal.accounts.models import Membership
from portal.accounts.second_factor import issue_backup_codes
from portal.accounts.staff_devices import NEW_BACKUP_CODES, NEW_PHONE, RESET, colleagues, reset_devices
from tests.accounts.builders import make_organization, make_staff, verified_admin_client
from tests.accounts.test_second_factor import current_code

pytestmark = pytest.mark.django_db

NEW_PHONE_URL = "/admin/sign-in-devices/new-phone/"
NEW_CODES_URL = "/admin/sign-in-devices/new-backup-codes/"
COLLEAGUES_URL = "/admin/sign-in-devices/colleagues/"


def reset_url(user):
    return f"/admin/sign-in-devices/colleagues/{user.pk}/reset/"


def later(seconds=5):
    """A wrong code throttles the next try for a moment; a person would wait too."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


@pytest.fixture
def organization():
    return make_organization()


@pytest.fixture
def advocate(organization):
    user = make_staff(organization, "ana")
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def test_the_account_page_offers_a_new_phone_and_new_backup_codes(client, advocate):
    response = verified_admin_client(client, advocate).get("/admin/account/")
    assert NEW_PHONE_URL.encode() in response.content
    assert NEW_CODES_URL.encode() in response.content


def test_a_new_phone_replaces_the_old_one_only_once_its_code_is_confirmed(client, advocate):
    old = TOTPDevice.objects.get(user=advocate)
    verified_admin_client(client, advocate)
    response = client.get(NEW_PHONE_URL)
    assert response.status_code == 200 and b"<svg" in response.content
    new = TOTPDevice.objects.get(user=advocate, confirmed=False)

    wrong = "000000" if current_code(new) != "000000" else "111111"
    response = client.post(NEW_PHONE_URL, {"code": wrong})
    assert b"did not work" in response.content
    assert set(TOTPDevice.objects.filter(user=advocate, confirmed=True)) == {old}  # the old phone still works

    with later():
        response = client.post(NEW_PHONE_URL, {"code": current_code(new)})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert list(TOTPDevice.objects.filter(user=advocate)) == [new]
    new.refresh_from_db()
    assert new.confirmed
    assert client.get("/admin/").status_code == 200  # still signed in, now with the new phone
    assert ModelLogEntry.objects.filter(action=NEW_PHONE, object_id=str(advocate.pk), user=advocate).exists()


def test_new_backup_codes_are_shown_once_and_the_old_ones_stop_working(client, advocate):
    old_codes = issue_backup_codes(advocate)
    verified_admin_client(client, advocate)
    assert client.get(NEW_CODES_URL).status_code == 200
    before = set(StaticToken.objects.filter(device__user=advocate).values_list("token", flat=True))
    assert set(old_codes) - before  # one old code was used to sign in; the rest are still valid

    response = client.post(NEW_CODES_URL)
    new_codes = set(StaticToken.objects.filter(device__user=advocate).values_list("token", flat=True))
    assert len(new_codes) == 10 and not new_codes & before
    for code in new_codes:
        assert code.encode() in response.content
    assert match_token(advocate, sorted(before)[0]) is None
    page = client.get(NEW_CODES_URL).content
    assert not any(code.encode() in page for code in new_codes)  # shown once, then never again
    entry = ModelLogEntry.objects.get(action=NEW_BACKUP_CODES, object_id=str(advocate.pk))
    assert entry.user == advocate
    logged = f"{entry.label} {entry.data}"
    assert not any(code in logged for code in new_codes | before)


@pytest.fixture
def supervisor(organization):
    return make_staff(organization, "sam", role=Membership.Role.SUPERVISOR)


def test_a_supervisor_resets_a_colleagues_devices_with_a_confirmation_and_a_log_entry(client, supervisor, advocate):
    codes = issue_backup_codes(advocate)
    colleague_client = verified_admin_client(Client(), advocate)
    verified_admin_client(client, supervisor)

    listing = client.get(COLLEAGUES_URL)
    assert listing.status_code == 200 and reset_url(advocate).encode() in listing.content
    assert client.get(reset_url(advocate)).status_code == 200
    response = client.post(reset_url(advocate), {})  # not confirmed: nothing happens
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=advocate).exists()

    with later():
        response = client.post(reset_url(advocate), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == COLLEAGUES_URL
    assert not TOTPDevice.objects.filter(user=advocate).exists()
    assert not StaticDevice.objects.filter(user=advocate).exists()

    entry = ModelLogEntry.objects.get(action=RESET)
    assert (entry.user, entry.object_id) == (supervisor, str(advocate.pk))
    assert abs(entry.timestamp - timezone.now()) < timedelta(seconds=10)
    assert not any(code in f"{entry.label} {entry.data}" for code in codes)

    # Her open session no longer has a second factor: she sets up a new authenticator to go on.
    response = colleague_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/second-factor/setup/")


def test_staff_of_another_organisation_cannot_reset(client, advocate):
    stranger = make_staff(make_organization("Other Shelter"), "olga", role=Membership.Role.SUPERVISOR)
    verified_admin_client(client, stranger)
    assert reset_url(advocate).encode() not in client.get(COLLEAGUES_URL).content
    assert client.get(reset_url(advocate)).status_code == 404
    assert client.post(reset_url(advocate), {"confirm": "on"}).status_code == 404
    assert TOTPDevice.objects.filter(user=advocate).exists()
    assert not ModelLogEntry.objects.filter(action=RESET).exists()


def test_an_advocate_cannot_reach_the_reset_pages(client, organization, advocate):
    other = make_staff(organization, "ben")
    verified_admin_client(client, other)
    assert client.get(COLLEAGUES_URL).status_code == 404
    assert client.post(reset_url(advocate), {"confirm": "on"}).status_code == 404
    assert TOTPDevice.objects.filter(user=advocate).exists()


def test_only_a_superuser_resets_a_superuser(client, organization, supervisor):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 20)
    Membership.objects.create(user=root, organization=organization, role=Membership.Role.ADVOCATE)
    TOTPDevice.objects.create(user=root, name="authenticator", confirmed=True)
    verified_admin_client(client, supervisor)
    assert client.post(reset_url(root), {"confirm": "on"}).status_code == 404
    assert TOTPDevice.objects.filter(user=root).exists()

    other_root = User.objects.create_superuser("root2", "root2@example.org", "x" * 20)
    admin_client = verified_admin_client(Client(), other_root)
    assert admin_client.post(reset_url(root), {"confirm": "on"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=root).exists()
    # The admin's own history shows who reset whose devices.
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "Sign-in devices reset" in history and "root2" in history


def test_nobody_resets_their_own_devices_here(client, supervisor):
    verified_admin_client(client, supervisor)
    assert client.post(reset_url(supervisor), {"confirm": "on"}).status_code == 404
    assert StaticDevice.objects.filter(user=supervisor).exists()


ROLES = [None, *Membership.Role]
PAIRINGS = list(itertools.product(ROLES, [True, False], [True, False], [True, False]))


@pytest.mark.parametrize(("actor_role", "same_organization", "actor_is_superuser", "target_is_superuser"), PAIRINGS)
def test_who_may_reset_whom(actor_role, same_organization, actor_is_superuser, target_is_superuser):
    """Every pairing of role, organisation and superuser status, against the rule stated plainly.
    The pages find their colleague through the same function, so this is what they allow."""
    home, elsewhere = make_organization("Home"), make_organization("Elsewhere")
    actor = make_staff(home if actor_role else None, "actor", role=actor_role or Membership.Role.ADVOCATE)
    actor.is_superuser = actor_is_superuser
    actor.save()
    target = make_staff(home if same_organization else elsewhere, "target")
    target.is_superuser = target_is_superuser
    target.save()
    TOTPDevice.objects.create(user=target, name="authenticator", confirmed=True)

    allowed = actor_is_superuser or (
        actor_role == Membership.Role.SUPERVISOR and same_organization and not target_is_superuser
    )
    assert colleagues(actor).filter(pk=target.pk).exists() is allowed
    if allowed:
        reset_devices(actor, target)
    else:
        with pytest.raises(PermissionError):
            reset_devices(actor, target)
    assert TOTPDevice.objects.filter(user=target).exists() is not allowed
