"""Consents for tests, built through the real model (so an incomplete one cannot be saved)."""

from datetime import timedelta

from django.utils import timezone

from portal.sharing.models import Consent


def make_consent(survivor, recipient, *, categories=("goals",), days=90, valid_from=None, purpose="Help with housing"):
    valid_from = valid_from or timezone.now()
    ends_at = valid_from + timedelta(days=days)
    consent = Consent.build(
        survivor=survivor,
        recipient=recipient,
        purpose=purpose,
        permitted=categories,
        valid_from=valid_from,
        ends_at=ends_at,
        language="en",
        given_via=Consent.Given.PORTAL,
    )
    consent.save()
    return consent
