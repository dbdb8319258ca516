"""What a duress session sees of the check-ins page (see accounts/duress.py): no check-in texts."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from portal.accounts import duress
from portal.core import phrases
from portal.core.views import SeeOtherRedirect


@duress.stand_in("my:check_ins")
def my_check_ins(request, profile):
    if request.method == "POST":
        return SeeOtherRedirect(reverse("my:check_ins") + "?saved=1")
    context = {
        "has_plan": False,
        "paused": False,
        "saved": "saved" in request.GET,
        "pause_word": phrases.words(get_language(), "pause")[0].upper(),
    }
    return render(request, "checkins/my_check_ins.html", context)


@duress.stand_in("my:check_in_word")
def duress_word(request, profile):
    """No check-in texts here, so this page sends the session back, as a real one would."""
    return SeeOtherRedirect(reverse("my:check_ins"))
