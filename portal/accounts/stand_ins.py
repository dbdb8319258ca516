"""What a duress session sees on the accounts pages (see duress.py): the same templates and
forms, with what it "saves" kept only in the session. Nothing here reads or writes her record."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from portal.core.views import SeeOtherRedirect
from portal.messaging.channels import Channel, StopScope

from . import duress
from .duress_views import second_pin_page
from .survivor_auth import sign_out
from .survivor_forms import SafeContactForm


@duress.stand_in("my:settings")
def settings_stand_in(request, profile):
    """Settings that save without effect: they come back as typed, and change nothing real."""
    initial = duress.stand_in_state(request, "settings") or {
        "language": get_language(),
        "time_zone": "America/Chicago",
        "safe_time": "daytime",  # what a new number starts with (Contact's default hours)
        "may_identify": "no",
        "voicemail_ok": "no",
        "code_word": "",
        "check_in_channel": Channel.SMS,  # what a new number starts with, for check-ins and messages alike
        "channel": Channel.SMS,
        "sign_in_channel": Channel.SMS,
        "stop_scope": StopScope.EVERY_CHANNEL,
    }
    form = SafeContactForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            duress.keep_stand_in_state(request, "settings", form.cleaned_data)
            return SeeOtherRedirect(reverse("my:settings") + "?saved=1")
        return render(request, "accounts/survivor/settings.html", {"form": form}, status=400)
    return render(request, "accounts/survivor/settings.html", {"form": form, "saved": "saved" in request.GET})


@duress.stand_in("my:second_pin")
def second_pin_stand_in(request, profile):
    """The same page; "your usual PIN" is the PIN this session was opened with."""
    return second_pin_page(
        request,
        duress.stand_in_state(request, "second_pin", False),
        lambda pin: duress.keep_stand_in_state(request, "second_pin", pin is not None),
        expect=duress.DURESS,
    )


@duress.stand_in("my:second_pin_about")
def second_pin_about_stand_in(request, profile):
    return render(request, "accounts/survivor/second_pin_about.html")


@duress.stand_in("my:sign_out_everywhere")
def sign_out_everywhere_stand_in(request, profile):
    """Ends this session only: her sessions elsewhere are hers."""
    sign_out(request)
    return SeeOtherRedirect(reverse("my:sign_in"))
