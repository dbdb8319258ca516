"""The survivor sign-in flow: phone number -> texted code -> PIN.

Every answer is the same whether or not a number belongs to a survivor: an unknown number
gets an attempt in the session like any other, its codes simply never work. Only the phone
number's keyed hash is kept in the session, never the number.

Limits, from the outside in: requests per phone and per client address (counted in the cache,
under keyed hashes), tries per attempt (in the session), django-otp's growing delay after each
wrong code (on the device), and 100 wrong codes or PINs ever (on the profile), after which only
an advocate can unlock the account. Asking for a new code resets none of them.
"""

import secrets
import time

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from portal.core import rate_limits
from portal.core.phones import phone_index
from portal.core.rate_limits import client_ip

from . import duress
from .models import SignInCodeDevice, SurvivorProfile

ATTEMPT_KEY = "sign_in"


def within_limit(purpose: str, value: str, name: str) -> bool:
    limit, window = settings.SURVIVOR_SIGN_IN_LIMITS[name]
    return rate_limits.within_limit(f"sign-in-{name}", value, limit, window)


def profile_for_index(index: str) -> SurvivorProfile | None:
    return SurvivorProfile.objects.select_related("contact").filter(contact__phone_index=index).first()


def start_attempt(request: HttpRequest, phone: str) -> None:
    """Begin an attempt for a normalised phone number; a code goes out only to a survivor who may sign in."""
    _new_attempt(request, phone_index(phone))


def resend_code(request: HttpRequest) -> bool:
    """A new attempt for the same number: the old code stops working, no count starts again."""
    state = attempt_state(request)
    if not state:
        return False
    _new_attempt(request, state["phone"])
    return True


@transaction.atomic
def _new_attempt(request, index):
    attempt = secrets.token_urlsafe(24)
    request.session[ATTEMPT_KEY] = {"attempt": attempt, "phone": index, "tries": 0, "code_ok": False}
    phone_ok = within_limit("phone", index, "codes_per_phone")
    ip_ok = within_limit("ip", client_ip(request), "codes_per_ip")
    profile = profile_for_index(index)
    if profile is None or not profile.may_sign_in or not (phone_ok and ip_ok):
        return
    device, _created = SignInCodeDevice.objects.get_or_create(profile=profile, defaults={"name": "sms"})
    device.send_code(attempt)


def attempt_state(request: HttpRequest) -> dict | None:
    return request.session.get(ATTEMPT_KEY)


def _count_try(request, state):
    """One more try in this attempt; False when the attempt, the phone or the address is used up."""
    state["tries"] += 1
    request.session[ATTEMPT_KEY] = state
    phone_ok = within_limit("phone", state["phone"], "tries_per_phone")
    ip_ok = within_limit("ip", client_ip(request), "tries_per_ip")
    return state["tries"] <= settings.SURVIVOR_TRIES_PER_ATTEMPT and phone_ok and ip_ok


def check_code(request: HttpRequest, code: str) -> bool:
    """True when `code` is the live code of this session's attempt for an account that may sign in."""
    state = attempt_state(request)
    if not state or not _count_try(request, state):
        return False
    profile = profile_for_index(state["phone"])
    if profile is None or not profile.may_sign_in:
        return False
    device = SignInCodeDevice.objects.filter(profile=profile).first()
    if device is None or not device.verify_is_allowed()[0]:
        return False  # no code was sent, or django-otp asks to wait: not counted as a wrong code
    if device.verify_code(state["attempt"], code):
        state.update(code_ok=True, tries=0, profile=profile.pk)
        request.session[ATTEMPT_KEY] = state
        return True
    profile.record_failure()
    return False


def profile_past_code(request: HttpRequest) -> SurvivorProfile | None:
    """The profile whose code was just accepted in this session, waiting for its PIN."""
    state = attempt_state(request)
    if not state or not state.get("code_ok"):
        return None
    profile = SurvivorProfile.objects.filter(pk=state.get("profile")).first()
    if profile is None or not profile.may_sign_in:
        return None
    return profile


def check_pin(request: HttpRequest, profile: SurvivorProfile, pin: str) -> str | None:
    """duress.REAL for her PIN, duress.DURESS for her second PIN, None otherwise (a counted failure).

    Both PINs are checked on every try (duress.which_pin), so neither answer is quicker."""
    state = attempt_state(request)
    if not _count_try(request, state):
        return None
    which = duress.which_pin(profile, pin)
    if which is None:
        profile.record_failure()
    return which


def wait_out(started: float, minimum: float | None = None) -> None:
    """Pad an answer to a fixed minimum time, so a known number is not told apart by timing."""
    minimum = settings.SURVIVOR_SIGN_IN_MIN_SECONDS if minimum is None else minimum
    remaining = minimum - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def confirm_pin(
    request: HttpRequest, profile: SurvivorProfile, pin: str, expect: str = duress.REAL, count_failure: bool = True
) -> bool | None:
    """Her PIN again, to change a sign-in setting: the same per-phone and per-address limits as sign-in.

    Returns True, False (wrong; counted like a wrong sign-in) or None (too many tries for now).
    A duress session expects the second PIN and counts nothing on her real record."""
    phone_ok = within_limit("phone", profile.contact.phone_index, "tries_per_phone")
    ip_ok = within_limit("ip", client_ip(request), "tries_per_ip")
    if not (phone_ok and ip_ok):
        return None
    if duress.which_pin(profile, pin) == expect:
        return True
    if count_failure:
        profile.record_failure()
    return False
