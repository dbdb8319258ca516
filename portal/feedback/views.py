"""The survivor's side of feedback, /<lang>/my/feedback/: rate a service they were sent to.

Every lookup starts from the signed-in survivor's own referrals, so a service they were not
referred to (or someone else's referral) is a 404 whatever id is typed into the URL. The URL
carries a referral id, never the service's name or id.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.accounts.survivor_auth import survivor_required
from portal.core.views import SeeOtherRedirect

from .eligibility import may_be_counted, rateable_referrals, set_reporting_consent
from .forms import FeedbackForm, ReportingConsentForm
from .models import Feedback


@require_http_methods(["GET", "POST"])
@survivor_required
def feedback_home(request, profile):
    """The services they may rate, and their yes or no to being counted in reports."""
    form = ReportingConsentForm(
        request.POST if request.method == "POST" else None, initial={"count_me": may_be_counted(profile)}
    )
    if request.method == "POST" and form.is_valid():
        set_reporting_consent(profile, form.cleaned_data["count_me"])
        return SeeOtherRedirect(reverse("my:feedback") + "?saved=1")
    referrals = list(rateable_referrals(profile))
    rated = set(Feedback.objects.filter(survivor=profile).values_list("service_id", flat=True))
    seen, services = set(), []
    for referral in referrals:  # one line per service, from its latest referral
        if referral.service_id not in seen:
            seen.add(referral.service_id)
            services.append({"referral": referral, "rated": referral.service_id in rated})
    return render(request, "feedback/home.html", {"services": services, "consent_form": form})


@require_http_methods(["GET", "POST"])
@survivor_required
def rate(request, profile, referral_pk):
    referral = get_object_or_404(rateable_referrals(profile), pk=referral_pk)
    earlier = Feedback.objects.filter(survivor=profile, service_id=referral.service_id).first()
    initial = {"count_me": may_be_counted(profile)}
    if earlier:
        initial.update(
            met_need=str(earlier.met_need),
            respect=str(earlier.respect),
            language_ok="yes" if earlier.language_ok else "no",
            comment=earlier.comment,
        )
    form = FeedbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            save_feedback(profile, referral, form.cleaned_data)
            return SeeOtherRedirect(reverse("my:feedback") + "?sent=1")
        return render(request, "feedback/rate.html", {"form": form, "referral": referral}, status=400)
    return render(request, "feedback/rate.html", {"form": form, "referral": referral})


def save_feedback(profile, referral, data):
    with transaction.atomic():
        Feedback.objects.update_or_create(
            survivor=profile,
            service_id=referral.service_id,
            defaults={
                "referral": referral,
                "met_need": data["met_need"],
                "respect": data["respect"],
                "language_ok": data["language_ok"],
                "comment": data["comment"],
            },
        )
        set_reporting_consent(profile, data["count_me"])
