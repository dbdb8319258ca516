"""The survivor's referrals, /<lang>/my/referrals/: where each went, where it stands in plain
words, her next appointment there, whom to call; her OK for one waiting for it; "I don't want
this referral anymore"; and whether a neutral text tells her there is news.

Plain POST forms with a confirmation page, no JavaScript needed. Every query starts from the
signed-in survivor, so another survivor's referral is a 404 whatever id is typed.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.categories import Category
from portal.accounts.survivor_auth import survivor_required
from portal.core.views import SeeOtherRedirect
from portal.plans.models import OPEN_STATUSES, PlanEvent, Referral
from portal.plans.referrals import move

from .categories import PLAIN_WORDS
from .partner_data import her_local_time
from .referral_consent import agree_and_send, consent_for

S = Referral.Status

# Where a referral stands, as she reads it.
PLAIN_STATUS = {
    S.PROPOSED: _("Your advocate suggests this place."),
    S.AWAITING_CONSENT: _("Waiting for your OK. Nothing is sent until you agree."),
    S.SENT: _("Sent. We are waiting for their answer."),
    S.ACCEPTED: _("They said yes. They will contact you."),
    S.DECLINED: _("They cannot help this time. Your advocate will talk with you about other places."),
    S.STARTED: _("You have started with them."),
    S.DONE: _("Finished."),
    S.NOT_COMPLETED: _("It ended before it was finished."),
    S.WITHDRAWN: _("Closed. You said you do not want it."),
    S.CONSENT_WITHDRAWN: _("Closed. You stopped sharing with them."),
    S.CONSENT_ENDED: _("Closed. Your OK to share with them ran out."),
}


def my_referrals(profile):
    return (
        Referral.objects.filter(plan__survivor=profile)
        .exclude(plan__status="closed")
        .select_related("service__organization")
        .prefetch_related("service__phones", "service__organization__phones")
        .order_by("-created_at", "-pk")
    )


def contact_for(referral):
    """Whom to contact: the service's own phone and email, else its organisation's (public directory data)."""
    service, organization = referral.service, referral.service.organization
    phones = list(service.phones.all()) or list(organization.phones.all())
    return {"phone": phones[0].number if phones else "", "email": service.email or organization.email}


def describe(profile, referral):
    return {
        "referral": referral,
        "organization": referral.service.organization.name,
        "service": referral.service.name,
        "status": PLAIN_STATUS[Referral.Status(referral.status)],
        "waiting": referral.status == S.AWAITING_CONSENT,
        "open": referral.status in OPEN_STATUSES,
        "next_appointment": (
            her_local_time(profile, referral.next_appointment_at)
            if referral.next_appointment_at and referral.next_appointment_at >= timezone.now()
            else ""
        ),
        "contact": contact_for(referral),
    }


@survivor_required
def referrals(request, profile):
    rows = [describe(profile, referral) for referral in my_referrals(profile)]
    return render(
        request,
        "sharing/my_referrals.html",
        {
            "waiting": [row for row in rows if row["waiting"]],
            "current": [row for row in rows if row["open"] and not row["waiting"]],
            "past": [row for row in rows if not row["open"]],
            "news_texts": profile.news_texts,
            "done": request.GET.get("done", ""),
        },
    )


@require_http_methods(["GET", "POST"])
@survivor_required
def agree(request, profile, pk):
    """Step 1 shows exactly what would be shared, with whom, until when; only "I agree" sends it."""
    referral = get_object_or_404(my_referrals(profile).filter(status=S.AWAITING_CONSENT), pk=pk)
    if request.method == "POST":
        agree_and_send(referral)
        return SeeOtherRedirect(reverse("my:referrals") + "?done=sent")
    consent = consent_for(referral, timezone.now())
    context = {
        "row": describe(profile, referral),
        "consent": consent,
        "shared": PLAIN_WORDS[Category.REFERRALS],
    }
    return render(request, "sharing/referral_agree.html", context)


@require_http_methods(["GET", "POST"])
@survivor_required
def stop(request, profile, pk):
    """'I don't want this referral anymore': a confirmation page, then one POST closes it."""
    referral = get_object_or_404(my_referrals(profile).filter(status__in=OPEN_STATUSES), pk=pk)
    if request.method == "POST":
        with transaction.atomic():
            move(referral, S.WITHDRAWN, actor=PlanEvent.Actor.SURVIVOR)
        return SeeOtherRedirect(reverse("my:referrals") + "?done=closed")
    return render(request, "sharing/referral_stop.html", {"row": describe(profile, referral)})


@require_POST
@survivor_required
def news_texts(request, profile):
    profile.news_texts = request.POST.get("news_texts") == "on"
    profile.save(update_fields=["news_texts"])
    return SeeOtherRedirect(reverse("my:referrals") + "?done=texts")
