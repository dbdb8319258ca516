"""What a duress session sees of the sharing pages (see accounts/duress.py): nobody to share with,
nobody sharing, nobody who looked. No consent or access event is read or written."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from portal.accounts import duress
from portal.core.views import SeeOtherRedirect
from portal.directory.models import Organization

from .forms import ConsentForm


@duress.stand_in("my:sharing")
def sharing(request, profile):
    context = {"live": [], "past": [], "has_care_team": False, "done": request.GET.get("done", "")}
    return render(request, "sharing/sharing.html", context)


@duress.stand_in("my:sharing_new")
def grant(request, profile):
    """An empty care team: the form can never be valid, as in a real account without one."""
    form = ConsentForm(request.POST or None, organizations=Organization.objects.none())
    if request.method == "POST":
        form.is_valid()
        return render(request, "sharing/grant.html", {"form": form, "renew": None}, status=400)
    return render(request, "sharing/grant.html", {"form": form, "renew": None})


@duress.stand_in("my:sharing_renew")
@duress.stand_in("my:sharing_revoke")
def no_such_consent(request, profile, pk):
    raise Http404


@duress.stand_in("my:activity")
def activity(request, profile):
    return render(request, "sharing/activity.html", {"visits": [], "disclosures": []})


@duress.stand_in("my:referrals")
def referrals(request, profile):
    context = {"waiting": [], "current": [], "past": [], "news_texts": False, "done": ""}
    return render(request, "sharing/my_referrals.html", context)


@duress.stand_in("my:referral_agree")
@duress.stand_in("my:referral_stop")
def no_such_referral(request, profile, pk):
    raise Http404


@duress.stand_in("my:referral_texts")
def referral_texts(request, profile):
    """Looks saved, as a real one would; her real choice is not touched."""
    return SeeOtherRedirect(reverse("my:referrals") + "?done=texts")
