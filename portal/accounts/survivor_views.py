"""Survivor sign-in (/<lang>/my/sign-in/...), sign-out and safe-contact settings.

Each answer in the sign-in flow is the same for a known and an unknown number, and takes at
least SURVIVOR_SIGN_IN_MIN_SECONDS (see sign_in.py). Everything works with JavaScript off.
"""

import time

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.core.views import SeeOtherRedirect

from . import duress
from . import sign_in as flow
from .survivor_auth import (
    after_sign_in_path,
    current_survivor,
    has_kept_post,
    sign_out,
    sign_out_everywhere,
    survivor_required,
)
from .survivor_auth import sign_in as survivor_sign_in
from .survivor_forms import ChoosePinForm, CodeForm, PhoneForm, PinForm, SafeContactForm


def _to(name):
    return SeeOtherRedirect(reverse(f"my:{name}"))


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if current_survivor(request) is not None:
        return _to("home")
    form = PhoneForm(request.POST or None)
    if request.method == "POST":
        started = time.monotonic()
        if form.is_valid():
            flow.start_attempt(request, form.cleaned_data["phone"])
            flow.wait_out(started)
            return _to("sign_in_code")
        flow.wait_out(started)
        return render(request, "accounts/survivor/sign_in.html", {"form": form}, status=400)
    return render(request, "accounts/survivor/sign_in.html", {"form": form, "kept": has_kept_post(request)})


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    state = flow.attempt_state(request)
    if not state:
        return _to("sign_in")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        started = time.monotonic()
        if form.is_valid() and flow.check_code(request, form.cleaned_data["code"]):
            flow.wait_out(started)
            return _to("sign_in_pin")
        if form.is_valid():
            if flow.attempt_state(request)["tries"] >= settings.SURVIVOR_TRIES_PER_ATTEMPT:
                form.add_error("code", _("Too many tries. Ask for a new code."))
            else:
                form.add_error("code", _("That code did not work. Wait a moment, check the code and try again."))
        status = 400
        flow.wait_out(started)
    return render(request, "accounts/survivor/sign_in_code.html", {"form": form}, status=status)


@require_POST
def sign_in_new_code(request):
    started = time.monotonic()
    if not flow.resend_code(request):
        return _to("sign_in")
    flow.wait_out(started)
    return _to("sign_in_code")


@require_http_methods(["GET", "POST"])
def sign_in_pin(request):
    profile = flow.profile_past_code(request)
    if profile is None:
        return _to("sign_in")
    choosing = not profile.has_pin
    form = (ChoosePinForm if choosing else PinForm)(request.POST or None)
    status = 200
    if request.method == "POST":
        started = time.monotonic()
        if form.is_valid():
            if choosing:
                profile.set_pin(form.cleaned_data["pin"])
                survivor_sign_in(request, profile)
                return SeeOtherRedirect(after_sign_in_path(request))
            which = flow.check_pin(request, profile, form.cleaned_data["pin"])
            if which is not None:
                # Her PIN and her second PIN take this same path and the same floor: the
                # duress flag (and the silent alert it raises) is the only difference.
                survivor_sign_in(request, profile, duress=which == duress.DURESS)
                flow.wait_out(started)
                return SeeOtherRedirect(after_sign_in_path(request))
            if flow.attempt_state(request)["tries"] >= settings.SURVIVOR_TRIES_PER_ATTEMPT:
                request.session.pop(flow.ATTEMPT_KEY, None)
                flow.wait_out(started)
                return _to("sign_in")
            form.add_error("pin", _("That PIN did not work. Try again."))
        status = 400
        flow.wait_out(started)
    return render(request, "accounts/survivor/sign_in_pin.html", {"form": form, "choosing": choosing}, status=status)


@require_POST
def stay_signed_in(request):
    """The time-out warning's "Stay signed in": reaching a signed-in view renews the idle timer."""
    return HttpResponse(status=204 if current_survivor(request) is not None else 403)


@require_POST
def sign_out_view(request):
    sign_out(request)
    return _to("sign_in")


@require_POST
@survivor_required
def sign_out_everywhere_view(request, profile):
    sign_out_everywhere(request, profile)
    return _to("sign_in")


@require_http_methods(["GET", "POST"])
@survivor_required
def safe_contact_settings(request, profile):
    form = SafeContactForm.for_profile(profile, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save(profile)
            return SeeOtherRedirect(reverse("my:settings") + "?saved=1")
        return render(request, "accounts/survivor/settings.html", {"form": form}, status=400)
    return render(request, "accounts/survivor/settings.html", {"form": form, "saved": "saved" in request.GET})
