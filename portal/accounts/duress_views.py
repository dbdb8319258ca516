"""Her second PIN, /<lang>/my/settings/second-pin/, and the page that explains it.

Setting, changing and removing it all ask for her usual PIN, under the sign-in's limits and
floor (sign_in.confirm_pin), so a wrong guess costs the same as at sign-in. The PIN itself is
never shown or hinted; the page says only whether one is set.
"""

import time

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.core.views import SeeOtherRedirect

from . import duress
from . import sign_in as flow
from .duress_forms import RemoveSecondPinForm, SecondPinForm, usual_pin_error
from .survivor_auth import survivor_required

TEMPLATE = "accounts/survivor/second_pin.html"


def second_pin_page(request, has_second_pin, on_saved, expect=duress.REAL):
    """The page for a real session and for a duress one alike: only `on_saved` and `expect` differ."""
    removing = request.POST.get("action") == "remove"
    set_form = SecondPinForm(request.POST if request.method == "POST" and not removing else None)
    remove_form = RemoveSecondPinForm(request.POST if removing else None, prefix="remove")
    form = remove_form if removing else set_form
    if request.method == "POST":
        started = time.monotonic()
        if form.is_valid():
            confirmed = flow.confirm_pin(
                request, request.survivor, form.cleaned_data["usual_pin"], expect, count_failure=expect == duress.REAL
            )
            if confirmed:
                on_saved(None if removing else form.cleaned_data["pin"])
                flow.wait_out(started)
                return SeeOtherRedirect(reverse("my:second_pin") + ("?removed=1" if removing else "?saved=1"))
            form.add_error("usual_pin", usual_pin_error(confirmed))
        flow.wait_out(started)
    context = {
        "set_form": set_form,
        "remove_form": remove_form,
        "has_second_pin": has_second_pin,
        "saved": "saved" in request.GET,
        "removed": "removed" in request.GET,
    }
    return render(request, TEMPLATE, context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@survivor_required
def second_pin(request, profile):
    return second_pin_page(request, profile.has_duress_pin, profile.set_duress_pin)


@survivor_required
def second_pin_about(request, profile):
    """Plain words on what the second PIN does and what it cannot do. Holds no personal data."""
    return render(request, "accounts/survivor/second_pin_about.html")
