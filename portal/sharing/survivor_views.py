"""The survivor's side of sharing, /<lang>/my/sharing/ and /<lang>/my/activity/.

Plain POST forms, no JavaScript needed. Granting takes two steps: the form, then the full
text of the release; only "I agree" on that page saves, with the exact text shown.
Every query starts from the signed-in survivor, so another survivor's consent is a 404.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.categories import Category
from portal.accounts.survivor_auth import survivor_required
from portal.core.views import SeeOtherRedirect
from portal.directory.models import Organization

from .categories import PLAIN_WORDS
from .forms import ConsentForm, end_of_day
from .models import AccessEvent, Consent, LegalDisclosure
from .visits import visits


def care_team_organizations(profile):
    """Organisations the survivor may share with: their care team, never their own (it already sees)."""
    return (
        Organization.objects.filter(pk__in=profile.care_team.values("organization_id"))
        .exclude(pk=profile.organization_id)
        .order_by("name")
    )


def describe(consent, now):
    return {
        "consent": consent,
        "status": consent.status_at(now),
        "live": consent.is_live(now),
        "can_see": [PLAIN_WORDS[Category(value)] for value in consent.permitted_categories],
    }


@survivor_required
def sharing(request, profile):
    now = timezone.now()
    consents = [describe(c, now) for c in profile.consents.select_related("recipient")]
    return render(
        request,
        "sharing/sharing.html",
        {
            "live": [row for row in consents if row["live"]],
            "past": [row for row in consents if not row["live"]],
            "has_care_team": care_team_organizations(profile).exists(),
            "done": request.GET.get("done", ""),
        },
    )


def consent_form(request, profile, initial=None):
    return ConsentForm(request.POST or None, organizations=care_team_organizations(profile), initial=initial)


def new_consent(form, profile, now):
    data = form.cleaned_data
    permitted = data["categories"]
    ends_at = end_of_day(data["ends_on"])
    language = get_language() or "en"
    return Consent.build(
        survivor=profile,
        recipient=data["recipient"],
        purpose=data["purpose"],
        permitted=permitted,
        valid_from=now,
        ends_at=ends_at,
        language=language,
        given_via=Consent.Given.PORTAL,
        remind_before_end=data["remind"],
    )


@require_http_methods(["GET", "POST"])
@survivor_required
def grant(request, profile):
    return grant_or_renew(request, profile)


def grant_or_renew(request, profile, renew=None):
    """Step 1 (form), step 2 (the full text, `review`), then `confirm` saves."""
    initial = None
    if renew is not None:
        initial = {
            "recipient": renew.recipient_id,
            "categories": renew.permitted_categories,
            "purpose": renew.purpose,
            "remind": renew.remind_before_end,
        }
    form = consent_form(request, profile, initial)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "sharing/grant.html", {"form": form, "renew": renew}, status=400)
        now = timezone.now()
        consent = new_consent(form, profile, now)
        replaced = replaced_by(consent, profile, now, renew)
        if request.POST.get("step") == "confirm":
            with transaction.atomic():
                consent.renews = renew or (replaced[0] if replaced else None)
                consent.save()
                for earlier in [renew, *replaced]:
                    if earlier is not None and earlier.revoked_at is None:
                        earlier.revoke(Consent.Given.PORTAL)
            return SeeOtherRedirect(reverse("my:sharing") + "?done=granted")
        context = {"form": form, "consent": consent, "renew": renew, "replaced": replaced}
        return render(request, "sharing/confirm.html", context)
    return render(request, "sharing/grant.html", {"form": form, "renew": renew})


def replaced_by(consent, profile, now, renew):
    """The live consents to the same organisation that a new one ends.

    The survivor's latest choice for an organisation is the one that counts: a narrower consent
    never sits beside an older, wider one. The old one ends (revoked, on the website) and the
    new one records which it replaced.
    """
    same_place = profile.consents.filter(recipient=consent.recipient, revoked_at=None).exclude(
        pk=getattr(renew, "pk", None)
    )
    return [earlier for earlier in same_place if earlier.is_live(now)]


@require_http_methods(["GET", "POST"])
@survivor_required
def renew(request, profile, pk):
    previous = get_object_or_404(profile.consents.all(), pk=pk)
    return grant_or_renew(request, profile, renew=previous)


@require_POST
@survivor_required
def revoke(request, profile, pk):
    """One tap: access stops on the partner's next request."""
    consent = get_object_or_404(profile.consents.all(), pk=pk)
    consent.revoke(Consent.Given.PORTAL)
    return SeeOtherRedirect(reverse("my:sharing") + "?done=stopped")


@survivor_required
def activity(request, profile):
    """Who viewed my information: every read by staff of another organisation, and every legal disclosure.

    Reads by the survivor's own advocates are logged too, and shown, so nothing is hidden."""
    events = AccessEvent.objects.filter(survivor=profile).select_related("organization")[:500]
    disclosures = LegalDisclosure.objects.filter(survivor=profile)
    return render(request, "sharing/activity.html", {"visits": visits(events), "disclosures": disclosures})
