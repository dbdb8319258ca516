"""The demo survivor's consent, so the demo referral and the partner view have something to show."""

from datetime import timedelta

from django.utils import timezone

from portal.accounts.categories import Category
from portal.sharing.models import CareTeamMember, Consent

DEMO_CATEGORIES = (Category.GOALS, Category.REFERRALS, Category.APPOINTMENTS)


def grant_demo_consent(profile, organization, witness):
    """In person, witnessed by the demo advocate, for 90 days; idempotent per survivor and organisation."""
    CareTeamMember.objects.get_or_create(
        survivor=profile, organization=organization, defaults={"role": CareTeamMember.Role.LEGAL}
    )
    existing = Consent.objects.filter(survivor=profile, recipient=organization).first()
    if existing:
        return existing
    now = timezone.now()
    ends_at = now + timedelta(days=90)
    purpose = "Ayuda legal con mi caso de inmigración."
    consent = Consent.build(
        survivor=profile,
        recipient=organization,
        purpose=purpose,
        permitted=DEMO_CATEGORIES,
        valid_from=now,
        ends_at=ends_at,
        language=profile.preferred_language,
        given_via=Consent.Given.IN_PERSON,
        witness=witness,
    )
    consent.save()
    return consent
