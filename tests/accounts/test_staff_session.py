"""Staff idle sign-out: "Stay signed in" renews the session, every admin page carries the warning, and a
form saved after the sign-out is kept (encrypted, CSRF-checked) and saved once the same browser has
signed in again with the second factor; never made to another page, never for a stranger's post."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.second_factor import issue_backup_codes
from portal.accounts.staff_session import KEPT_KEY
from portal.plans.models import Plan
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor, verified_admin_client
from tests.admin_forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def advocate_and_plan():
    home = make_organization("Session Home")
    plan = make_plan(make_survivor(home, name="Session Survivor"), goals=1, steps=1, referrals=0, appointments=0)
    advocate = make_staff(home, "session-advocate")
    TOTPDevice.objects.create(user=advocate, name="authenticator", confirmed=True)
    return advocate, plan


def end_session(client):
    """The idle sign-out, as it looks to the server: the session row is gone (the browser may still send
    its cookie, or may have been told to drop it by an earlier answer)."""
    Session.objects.all().delete()


def checking_csrf(client):
    """Signed in as usual, then checking CSRF tokens as a real browser's requests are checked."""
    client.handler.enforce_csrf_checks = True
    assert client.get("/admin/").status_code == 200  # sets the CSRF cookie, as any admin page does
    return client


def sign_in_again(client, user):
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": "x" * 20})
    assert response.status_code == 302
    return client.post("/admin/second-factor/", {"code": issue_backup_codes(user)[0]})


def test_stay_signed_in_answers_only_a_signed_in_post(advocate_and_plan):
    advocate, _plan = advocate_and_plan
    client = checking_csrf(verified_admin_client(Client(), advocate))
    assert client.post("/admin/stay-signed-in/").status_code == 403  # no CSRF token
    token = client.cookies["csrftoken"].value
    assert client.post("/admin/stay-signed-in/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert client.get("/admin/stay-signed-in/").status_code == 405
    end_session(client)
    response = client.post("/admin/stay-signed-in/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


def test_every_admin_page_carries_the_warning_with_the_idle_time(advocate_and_plan):
    advocate, plan = advocate_and_plan
    client = verified_admin_client(Client(), advocate)
    html = client.get(f"/admin/plans/edit/{plan.pk}/").content.decode()
    assert 'data-staff-timeout data-idle-seconds="870" data-warning-seconds="120"' in html
    assert "Stay signed in" in html and "portal/js/staff-timeout" in html


def test_a_plan_saved_after_the_sign_out_is_saved_after_signing_in_again(advocate_and_plan):
    advocate, plan = advocate_and_plan
    client = checking_csrf(verified_admin_client(Client(), advocate))
    url = f"/admin/plans/edit/{plan.pk}/"
    data = form_fields(client.get(url).content.decode())
    data["goals-0-text"] = "Find a flat near the school"
    end_session(client)
    del client.cookies["sessionid"]  # an answer after the sign-out told the browser to drop it

    response = client.post(url, data)
    assert response.status_code == 302 and response.url == f"/admin/login/?next={url.replace('/', '%2F')}"
    kept = Session.objects.get().get_decoded()[KEPT_KEY]
    waiting = Session.objects.get().session_data
    assert "a flat near" not in kept and "a flat near" not in waiting  # encrypted while it waits
    assert Plan.objects.get(pk=plan.pk).goals.get().text != "Find a flat near the school"
    login_page = client.get(response.url).content.decode()
    assert "Sign in again and what you typed will be saved." in login_page

    sign_in = {**form_fields(login_page), "username": advocate.username, "password": "x" * 20}
    response = client.get(client.post(response.url, sign_in).url)  # the page asked for, then the second factor
    code_page = client.get(response.url).content.decode()
    response = client.post(response.url, {**form_fields(code_page), "code": issue_backup_codes(advocate)[0]})
    assert response.url == url
    response = client.get(url)  # the kept post is made now
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).goals.get().text == "Find a flat near the school"
    assert KEPT_KEY not in client.session


def test_the_kept_post_is_never_made_to_another_page(advocate_and_plan):
    advocate, plan = advocate_and_plan
    client = verified_admin_client(Client(), advocate)
    url = f"/admin/plans/edit/{plan.pk}/"
    data = form_fields(client.get(url).content.decode())
    data["goals-0-text"] = "Not for another page"
    end_session(client)
    client.post(url, data)
    sign_in_again(client, advocate)
    assert client.get("/admin/survivors/").status_code == 200
    assert KEPT_KEY not in client.session
    assert client.get(url).status_code == 200  # dropped, not made late
    assert Plan.objects.get(pk=plan.pk).goals.get().text != "Not for another page"


def test_a_post_that_fails_the_csrf_check_is_not_kept(advocate_and_plan):
    _advocate, plan = advocate_and_plan
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/admin/plans/edit/{plan.pk}/", {"goals-0-text": "from another site"})
    assert response.status_code == 403
    assert not Session.objects.exists()
