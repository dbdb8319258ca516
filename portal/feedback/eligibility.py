"""The one rule for what a survivor may rate: a service they were referred to in their own plan,
once the service took them on (accepted) or the referral is done. Anything else is a 404."""

from portal.plans.models import Referral

RATEABLE = (Referral.Status.ACCEPTED, Referral.Status.DONE)


def rateable_referrals(profile):
    return (
        Referral.objects.filter(plan__survivor=profile, status__in=RATEABLE)
        .select_related("service")
        .order_by("-updated_at", "-pk")
    )


def may_be_counted(profile):
    consent = getattr(profile, "reporting_consent", None) if profile.pk else None
    return bool(consent and consent.agreed)


def set_reporting_consent(profile, agreed):
    """The one place a survivor's yes or no to being counted is written."""
    from .models import ReportingConsent

    ReportingConsent.objects.update_or_create(survivor=profile, defaults={"agreed": bool(agreed)})
