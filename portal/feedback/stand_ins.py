"""What a duress session sees of the feedback pages (see accounts/duress.py): nothing to rate, and a
yes or no to being counted that is kept only in the session."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from portal.accounts import duress
from portal.core.views import SeeOtherRedirect

from .forms import ReportingConsentForm


@duress.stand_in("my:feedback")
def feedback_home(request, profile):
    initial = {"count_me": duress.stand_in_state(request, "count_me", False)}
    form = ReportingConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        duress.keep_stand_in_state(request, "count_me", form.cleaned_data["count_me"])
        return SeeOtherRedirect(reverse("my:feedback") + "?saved=1")
    return render(request, "feedback/home.html", {"services": [], "consent_form": form})


@duress.stand_in("my:feedback_rate")
def rate(request, profile, referral_pk):
    raise Http404
