"""The second PIN: setting it, signing in with it, the silent alert, and the stand-in area it opens."""

from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.accounts import duress
from portal.accounts import sign_in as flow
from portal.accounts.models import DuressSignal, Membership
from portal.messaging.models import HelpRequest, OutboundMessage
from tests.accounts.builders import make_plan, make_staff, make_survivor, sign_in_directly, verified_admin_client
from tests.accounts.test_survivor_sign_in import ask_for_code, enter_code, last_code

pytestmark = pytest.mark.django_db

PIN, SECOND_PIN = "2580", "7139"


@pytest.fixture
def survivor():
    # Her last four digits are checked for in the on-call email, which also holds a date and a
    # time: "8989" can be neither (a sequential test number could be "2026", the year).
    profile = make_survivor(phone="+15125558989", pin=PIN, name="Maria Duress")
    make_plan(profile)
    profile.set_duress_pin(SECOND_PIN)
    return profile


def sign_in_with(client, profile, pin, capture, outbox, language="en"):
    """The whole sign-in (phone, texted code, PIN), on-commit work run as in production."""
    with capture(execute=True):
        ask_for_code(client, profile.contact.phone, capture, language)
        assert enter_code(client, last_code(outbox, profile.contact.phone), language).status_code == 303
        return client.post(f"/{language}/my/sign-in/pin/", {"pin": pin})


def set_second_pin(client, usual, pin, again=None):
    data = {"action": "set", "usual_pin": usual, "pin": pin, "pin_again": again or pin}
    return client.post("/en/my/settings/second-pin/", data)


def test_setting_a_second_pin_needs_the_usual_pin_and_a_different_one(client):
    profile = make_survivor(pin=PIN)
    sign_in_directly(client, profile)
    page = client.get("/en/my/settings/second-pin/")
    assert b"You do not have a second PIN." in page.content

    wrong = set_second_pin(client, "1111", SECOND_PIN)
    assert wrong.status_code == 400 and b"That PIN did not work" in wrong.content
    profile.refresh_from_db()
    assert profile.failed_attempts == 1 and not profile.has_duress_pin  # counted like a wrong sign-in

    same = set_second_pin(client, PIN, PIN)
    assert b"must be different from your usual PIN" in same.content
    assert b"too easy" in set_second_pin(client, PIN, "1234").content
    assert b"not the same" in set_second_pin(client, PIN, SECOND_PIN, "7130").content
    profile.refresh_from_db()
    assert not profile.has_duress_pin

    done = set_second_pin(client, PIN, SECOND_PIN)
    assert done.status_code == 303 and done["Location"] == "/en/my/settings/second-pin/?saved=1"
    profile.refresh_from_db()
    assert profile.duress_pin_hash.startswith("md5$")  # hashed like the PIN (the test hasher)
    page = client.get(done["Location"])
    assert b"You have a second PIN." in page.content
    assert SECOND_PIN.encode() not in page.content  # never shown


def test_removing_the_second_pin(client, survivor):
    sign_in_directly(client, survivor)
    response = client.post("/en/my/settings/second-pin/", {"action": "remove", "remove-usual_pin": PIN})
    assert response["Location"].endswith("?removed=1")
    survivor.refresh_from_db()
    assert not survivor.has_duress_pin


def test_tries_at_the_settings_page_share_the_sign_in_limits(client, survivor, settings):
    limit, _window = settings.SURVIVOR_SIGN_IN_LIMITS["tries_per_phone"]
    sign_in_directly(client, survivor)
    for _try in range(limit):
        set_second_pin(client, "1111", "8642")
    response = set_second_pin(client, PIN, "8642")  # the right PIN, once the limit is used up
    assert b"Too many tries" in response.content
    survivor.refresh_from_db()
    assert survivor.check_pin(PIN) and not duress.which_pin(survivor, "8642")


def test_signing_in_with_the_second_pin_raises_the_silent_alert(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox, settings
):
    settings.ONCALL_EMAIL = "oncall@example.org"
    response = sign_in_with(client, survivor, SECOND_PIN, django_capture_on_commit_callbacks, sms_outbox)
    assert response.status_code == 303 and response["Location"] == "/en/my/"
    assert client.session["survivor"]["duress"] is True

    signal = DuressSignal.objects.get(survivor=survivor)
    assert signal.source == DuressSignal.Source.SIGN_IN
    help_request = signal.help_request
    assert (help_request.kind, help_request.urgent, help_request.status) == ("duress", True, "urgent")
    assert help_request.conversation.urgent and help_request.message == ""
    # Nothing to her phone but the sign-in code she asked for.
    assert [sms.body.startswith("Your code is") for sms in sms_outbox] == [True]
    assert not OutboundMessage.objects.exclude(template="sign_in_code").filter(contact=survivor.contact).exists()
    [email] = mail.outbox
    assert email.to == ["oncall@example.org"] and "Duress" in email.subject
    assert "Duress sign-in" in email.body
    for personal in (survivor.contact.phone, survivor.contact.phone[-4:], "Maria", survivor.organization.name):
        assert personal not in email.subject + email.body


def test_the_usual_pin_opens_the_real_area_and_raises_nothing(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox
):
    sign_in_with(client, survivor, PIN, django_capture_on_commit_callbacks, sms_outbox)
    assert client.session["survivor"]["duress"] is False
    assert b"Goal number 0 in my words" in client.get("/en/my/plan/").content
    assert not DuressSignal.objects.exists() and not HelpRequest.objects.exists() and not mail.outbox


def test_a_duress_session_sees_the_harmless_plan_only(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    sign_in_with(client, survivor, SECOND_PIN, django_capture_on_commit_callbacks, sms_outbox)
    plan = client.get("/en/my/plan/").content.decode()
    assert "Renew my library card" in plan and "Go to English class on Tuesday" in plan
    for real in ("Goal number", "Step number", "Lawyer", "Secret shelter"):
        assert real not in plan
    # A step marked done moves to "Done", as it would for real, and only in this session.
    response = client.post("/en/my/steps/11/done/")
    assert response.status_code == 303
    done = client.get("/en/my/plan/").content.decode().split("data-done-steps", 1)[1].split("</ul>", 1)[0]
    assert "Renew my library card" in done and "English class" not in done


def test_real_and_duress_sign_ins_do_the_same_work(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    """The same checks and the same floor on both paths (timing is measured in bench/, not here)."""
    work = {}
    for pin in (PIN, SECOND_PIN):
        with (
            mock.patch.object(duress, "check_password", wraps=duress.check_password) as checks,
            mock.patch.object(flow, "wait_out", wraps=flow.wait_out) as floors,
        ):
            sign_in_with(Client(), survivor, pin, django_capture_on_commit_callbacks, sms_outbox)
            pin_step = floors.call_args_list[-1]
            work[pin] = (checks.call_count, len(floors.call_args_list), pin_step.args[1:], pin_step.kwargs)
    assert work[PIN] == work[SECOND_PIN]
    assert work[PIN][0] == 2  # both hashes, every time


def test_without_a_second_pin_a_wrong_pin_costs_the_same_two_checks(survivor):
    survivor.set_duress_pin(None)
    with mock.patch.object(duress, "check_password", wraps=duress.check_password) as checks:
        assert duress.which_pin(survivor, "9999") is None
    assert checks.call_count == 2


def test_a_pin_reset_by_the_advocate_removes_the_second_pin_too(survivor):
    survivor.reset_pin()
    survivor.refresh_from_db()
    assert not survivor.has_pin and not survivor.has_duress_pin


def test_the_advocate_sees_the_alert_as_urgent_with_guidance(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox
):
    sign_in_with(Client(), survivor, SECOND_PIN, django_capture_on_commit_callbacks, sms_outbox)
    help_request = HelpRequest.objects.get(kind="duress")
    advocate = make_staff(survivor.organization, "duress-advocate")
    admin = verified_admin_client(client, advocate)
    page = admin.get(reverse("conversations:thread", args=[help_request.conversation_id])).content.decode()
    assert "data-duress-guidance" in page
    assert "Do not text back unless you and she agreed on a safe channel" in page
    assert "use her code word" in page
    plan = survivor.plans.get()
    timeline = admin.get(f"/admin/plans/timeline/{plan.pk}/").content.decode()
    assert "data-duress-signals" in timeline and "Duress sign-in (second PIN)" in timeline


def test_a_supervisor_sees_every_duress_alert_of_her_organisation_and_no_other(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox
):
    sign_in_with(Client(), survivor, SECOND_PIN, django_capture_on_commit_callbacks, sms_outbox)
    elsewhere = make_survivor(pin=PIN)
    elsewhere.set_duress_pin(SECOND_PIN)
    sign_in_with(Client(), elsewhere, SECOND_PIN, django_capture_on_commit_callbacks, sms_outbox)
    supervisor = make_staff(survivor.organization, "duress-supervisor", role=Membership.Role.SUPERVISOR)
    listing = verified_admin_client(client, supervisor).get("/admin/help-requests/?kind=duress").content.decode()
    ours, theirs = (HelpRequest.objects.get(contact=profile.contact) for profile in (survivor, elsewhere))
    assert str(ours) in listing and str(theirs) not in listing
    assert str(HelpRequest.Kind.DURESS.label) in listing
