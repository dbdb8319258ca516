"""Consents for tests, built through the real model (so an incomplete one cannot be saved)."""

from datetime import timedelta

from django.utils import timezone

from portal.accounts.categories import Category
from portal.sharing.categories import DENY, PERMIT
from portal.sharing.consent_text import TEXT_VERSION, render_consent_text
from portal.sharing.models import Consent


def make_consent(survivor, recipient, *, categories=("goals",), days=90, valid_from=None, purpose="Help with housing"):
    valid_from = valid_from or timezone.now()
    ends_at = valid_from + timedelta(days=days)
    return Consent.objects.create(
        survivor=survivor,
        recipient=recipient,
        purpose=purpose,
        categories={value: PERMIT if value in categories else DENY for value in Category.values},
        valid_from=valid_from,
        ends_at=ends_at,
        text_version=TEXT_VERSION,
        text_shown=render_consent_text(recipient.name, purpose, categories, ends_at, "en"),
    )
