"""Survivor sign-in: phone -> texted code -> PIN, the same answers for every number, within limits."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp import match_token

from portal.accounts.models import SignInCodeDevice, SurvivorProfile
from portal.messaging.models import Contact
from tests.accounts.builders import make_plan, make_staff, make_survivor

pytestmark = pytest.mark.django_db
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
UNKNOWN = "+17135550199"


def ask_for_code(client, phone, capture, language="en"):
    with capture(execute=True):
        return client.post(f"/{language}/my/sign-in/", {"phone": phone})


def resend(client, capture, language="en"):
    with capture(execute=True):
        return client.post(f"/{language}/my/sign-in/new-code/")


def last_code(outbox, phone):
    texts = [sms for sms in outbox if sms.to == phone]
    assert texts, "no text was sent"
    return re.search(r"\b(\d{6})\b", texts[-1].body).group(1)


def enter_code(client, code, language="en"):
    return client.post(f"/{language}/my/sign-in/code/", {"code": code})


def signed_in(client, language="en"):
    response = client.get(f"/{language}/my/")
    return response.status_code == 200


@pytest.fixture
def survivor():
    profile = make_survivor(pin="2580")
    make_plan(profile)
    return profile


def full_sign_in(client, profile, capture, outbox, pin="2580"):
    ask_for_code(client, profile.contact.phone, capture)
    assert enter_code(client, last_code(outbox, profile.contact.phone)).status_code == 303
    return client.post("/en/my/sign-in/pin/", {"pin": pin})


def test_happy_path_with_the_locmem_backend(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    response = ask_for_code(client, "(713) 555-" + survivor.contact.phone[-4:], django_capture_on_commit_callbacks)
    assert response.status_code == 303
    assert response["Location"] == "/en/my/sign-in/code/"
    [sms] = sms_outbox
    assert sms.to == survivor.contact.phone
    assert re.fullmatch(r"Your code is \d{6}\. It works for 10 minutes\.", sms.body)  # content-free
    response = enter_code(client, last_code(sms_outbox, survivor.contact.phone))
    assert response["Location"] == "/en/my/sign-in/pin/"
    assert b"Type your PIN" in client.get("/en/my/sign-in/pin/").content
    response = client.post("/en/my/sign-in/pin/", {"pin": "2580"})
    assert response.status_code == 303
    assert response["Location"] == "/en/my/"
    page = client.get("/en/my/plan/")
    assert page.status_code == 200
    assert b"Goal number 0 in my words" in page.content


def test_first_sign_in_chooses_a_pin(client, django_capture_on_commit_callbacks, sms_outbox):
    profile = make_survivor()
    ask_for_code(client, profile.contact.phone, django_capture_on_commit_callbacks)
    enter_code(client, last_code(sms_outbox, profile.contact.phone))
    assert b"Choose your PIN" in client.get("/en/my/sign-in/pin/").content
    assert client.post("/en/my/sign-in/pin/", {"pin": "1111", "pin_again": "1111"}).status_code == 400
    assert client.post("/en/my/sign-in/pin/", {"pin": "8642", "pin_again": "8643"}).status_code == 400
    assert client.post("/en/my/sign-in/pin/", {"pin": "8642", "pin_again": "8642"}).status_code == 303
    profile.refresh_from_db()
    assert profile.check_pin("8642")
    # A salted hash, never the PIN itself: identify_hasher refuses anything that is not one.
    # (Looking for "8642" inside the hash would fail by chance now and then: its base64 is random.)
    assert identify_hasher(profile.pin_hash).algorithm
    assert signed_in(client)


def test_a_wrong_code_does_not_sign_in_and_counts(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 400
    assert b"That code did not work" in response.content
    assert client.get("/en/my/sign-in/pin/")["Location"] == "/en/my/sign-in/"
    assert not signed_in(client)
    survivor.refresh_from_db()
    assert survivor.failed_attempts == 1


def test_a_wrong_pin_does_not_sign_in_and_counts(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    enter_code(client, last_code(sms_outbox, survivor.contact.phone))
    assert client.post("/en/my/sign-in/pin/", {"pin": "9999"}).status_code == 400
    assert not signed_in(client)
    survivor.refresh_from_db()
    assert survivor.failed_attempts == 1


@pytest.mark.parametrize(("minutes", "works"), [(9.9, True), (10.1, False)])
def test_a_code_works_for_ten_minutes(client, survivor, django_capture_on_commit_callbacks, sms_outbox, minutes, works):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
        response = enter_code(client, code)
    assert (response.status_code == 303) is works


def test_a_code_works_once(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    assert enter_code(client, code).status_code == 303
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert enter_code(client, code).status_code == 400
    other = client.__class__()
    other.cookies = client.cookies
    assert enter_code(other, code).status_code == 400


def test_a_code_from_another_attempt_does_not_work(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    from django.test import Client

    other = Client()
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    first = last_code(sms_outbox, survivor.contact.phone)
    ask_for_code(other, survivor.contact.phone, django_capture_on_commit_callbacks)
    second = last_code(sms_outbox, survivor.contact.phone)
    assert enter_code(client, second).status_code == 400  # the code was sent for the other browser's attempt
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert enter_code(client, first).status_code == 400  # replaced by the newer attempt
    with time_machine.travel(timezone.now() + timedelta(seconds=20)):
        assert enter_code(other, second).status_code == 303


def test_a_new_code_replaces_the_old_one(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    first = last_code(sms_outbox, survivor.contact.phone)
    assert resend(client, django_capture_on_commit_callbacks)["Location"] == "/en/my/sign-in/code/"
    second = last_code(sms_outbox, survivor.contact.phone)
    assert len(sms_outbox) == 2
    if first != second:
        assert enter_code(client, first).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert enter_code(client, second).status_code == 303


def test_the_101st_attempt_is_refused_even_after_a_new_code(
    client, survivor, settings, django_capture_on_commit_callbacks, sms_outbox
):
    settings.SURVIVOR_OTP_THROTTLE_FACTOR = 0
    settings.SURVIVOR_TRIES_PER_ATTEMPT = 1000
    settings.SURVIVOR_SIGN_IN_LIMITS = dict.fromkeys(settings.SURVIVOR_SIGN_IN_LIMITS, (1000, 3600))
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _attempt in range(100):
        assert enter_code(client, wrong).status_code == 400
    survivor.refresh_from_db()
    assert (survivor.failed_attempts, survivor.locked) == (100, True)
    sent = len(sms_outbox)
    assert resend(client, django_capture_on_commit_callbacks).status_code == 303
    assert len(sms_outbox) == sent  # no code is texted to a locked account
    survivor.refresh_from_db()
    assert survivor.failed_attempts == 100  # a new code resets nothing
    # Even a live code for this very attempt is refused now: the account is locked, not just the code stale.
    with django_capture_on_commit_callbacks(execute=True):
        SignInCodeDevice.objects.get(profile=survivor).send_code(client.session["sign_in"]["attempt"])
    assert enter_code(client, last_code(sms_outbox, survivor.contact.phone)).status_code == 400
    assert enter_code(client, code).status_code == 400
    assert not signed_in(client)
    # After an advocate unlocks the account, a fresh code works again.
    survivor.unlock()
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    assert enter_code(client, last_code(sms_outbox, survivor.contact.phone)).status_code == 303


def test_django_otp_throttles_quick_guesses(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        enter_code(client, f"{(int(code) + 1) % 1000000:06d}")
        assert enter_code(client, code).status_code == 400  # too soon after a wrong one
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        assert enter_code(client, code).status_code == 303


def test_tries_per_attempt_are_limited(client, survivor, django_capture_on_commit_callbacks, sms_outbox, settings):
    settings.SURVIVOR_OTP_THROTTLE_FACTOR = 0
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    code = last_code(sms_outbox, survivor.contact.phone)
    for _try in range(settings.SURVIVOR_TRIES_PER_ATTEMPT):
        enter_code(client, "000000" if code != "000000" else "111111")
    response = enter_code(client, code)
    assert response.status_code == 400
    assert b"Ask for a new code" in response.content


def normalised(response):
    return response.status_code, response.get("Location"), CSRF.sub(b"", response.content)


def test_an_unknown_number_gets_the_same_answers(survivor, django_capture_on_commit_callbacks, sms_outbox):
    from django.test import Client

    known, unknown = Client(), Client()
    contacts = Contact.objects.count()
    answers = {}
    for client, phone in ((known, survivor.contact.phone), (unknown, UNKNOWN)):
        answers[phone] = [
            normalised(ask_for_code(client, phone, django_capture_on_commit_callbacks)),
            normalised(client.get("/en/my/sign-in/code/")),
            normalised(
                enter_code(client, "123456" if last_code(sms_outbox, survivor.contact.phone) != "123456" else "654321")
            ),
            normalised(resend(client, django_capture_on_commit_callbacks)),
            normalised(client.get("/en/my/sign-in/pin/")),
        ]
    assert answers[survivor.contact.phone] == answers[UNKNOWN]
    assert Contact.objects.count() == contacts  # no trace of the unknown number
    assert not [sms for sms in sms_outbox if sms.to == UNKNOWN]


def test_answers_take_the_same_time_for_known_and_unknown_numbers(client, survivor, settings):
    from django.test import Client

    settings.SURVIVOR_SIGN_IN_MIN_SECONDS = 0.3
    # Each path once first: the first request of a process loads code and templates, which is start-up
    # time, not a difference an attacker could measure between numbers.
    for phone in (survivor.contact.phone, UNKNOWN):
        Client().post("/en/my/sign-in/", {"phone": phone})
    durations = {}
    for phone in (survivor.contact.phone, UNKNOWN):
        started = time.monotonic()
        Client().post("/en/my/sign-in/", {"phone": phone})
        durations[phone] = time.monotonic() - started
    assert all(duration >= 0.3 for duration in durations.values())
    assert abs(durations[survivor.contact.phone] - durations[UNKNOWN]) < 0.15


def test_codes_per_phone_are_limited_the_same_way(
    client, survivor, settings, django_capture_on_commit_callbacks, sms_outbox
):
    limit, _window = settings.SURVIVOR_SIGN_IN_LIMITS["codes_per_phone"]
    responses = [
        ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks) for _n in range(limit + 2)
    ]
    assert len(sms_outbox) == limit
    assert {response.status_code for response in responses} == {303}


def test_the_session_key_changes_at_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    before = client.session.session_key
    enter_code(client, last_code(sms_outbox, survivor.contact.phone))
    client.post("/en/my/sign-in/pin/", {"pin": "2580"})
    after = client.session.session_key
    assert before != after
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in(client)


def test_sessions_end_after_fifteen_idle_minutes(
    client, survivor, django_capture_on_commit_callbacks, sms_outbox, settings
):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert signed_in(client)  # activity keeps the session alive...
    with time_machine.travel(start + timedelta(minutes=24), tick=False):
        assert signed_in(client)
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        response = client.get("/en/my/")  # ...15 idle minutes end it
        assert response.status_code == 302
        assert response["Location"] == "/en/my/sign-in/"


def test_sign_out_everywhere_ends_every_session(survivor, django_capture_on_commit_callbacks, sms_outbox, settings):
    from django.test import Client

    settings.SURVIVOR_OTP_THROTTLE_FACTOR = 0
    phone_a, phone_b = Client(), Client()
    full_sign_in(phone_a, survivor, django_capture_on_commit_callbacks, sms_outbox)
    full_sign_in(phone_b, survivor, django_capture_on_commit_callbacks, sms_outbox)
    assert signed_in(phone_a) and signed_in(phone_b)
    assert phone_a.post("/en/my/sign-out-everywhere/").status_code == 303
    assert not signed_in(phone_a)
    assert not signed_in(phone_b)


def test_sign_out_and_quick_exit_end_the_session(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    client.post("/en/my/sign-out/")
    assert not signed_in(client)
    full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    assert signed_in(client)
    client.get("/exit/")
    assert not signed_in(client)


def test_a_survivor_session_grants_no_staff_access(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    full_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox)
    for path in ("/admin/", "/admin/survivors/", "/admin/plans/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_texted_code_is_never_a_staff_second_factor(survivor, django_capture_on_commit_callbacks):
    staff = make_staff(survivor.organization, "staffer")
    device = SignInCodeDevice.objects.create(profile=survivor, name="sms")
    with django_capture_on_commit_callbacks(execute=True):
        device.send_code("attempt")
    assert not list(SignInCodeDevice.objects.devices_for_user(staff))
    assert match_token(staff, "123456") is None


def test_closed_cases_cannot_sign_in(client, survivor, django_capture_on_commit_callbacks, sms_outbox):
    SurvivorProfile.objects.filter(pk=survivor.pk).update(closed_at=timezone.now())
    ask_for_code(client, survivor.contact.phone, django_capture_on_commit_callbacks)
    assert not sms_outbox


@pytest.mark.parametrize("path", ["/en/my/", "/en/my/plan/", "/en/my/settings/", "/en/my/ask/", "/en/my/delete/"])
def test_the_area_needs_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/en/my/sign-in/"


@pytest.mark.parametrize("path", ["/en/my/sign-in/", "/es/my/sign-in/", "/ar/my/sign-in/"])
def test_sign_in_pages_are_discreet_and_not_stored(client, path, settings):
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f"<title>{settings.SITE_NAME}</title>".encode() in response.content
    assert b'<label for="id_phone">' in response.content
