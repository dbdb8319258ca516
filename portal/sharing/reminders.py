"""Texts a survivor asked for, a week before a consent ends: through the outbox, neutral, once each."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.messaging import send_sms, texts

from .models import Consent

REMIND_DAYS_BEFORE = 7


def due_reminders(now):
    return Consent.objects.filter(
        remind_before_end=True,
        reminder_sent_at__isnull=True,
        revoked_at__isnull=True,
        valid_from__lte=now,
        ends_at__gt=now,
        ends_at__lte=now + timedelta(days=REMIND_DAYS_BEFORE),
        survivor__closed_at__isnull=True,
    ).select_related("survivor__contact")


def send_due_reminders(now=None):
    """Returns how many were queued. Safe to run again or concurrently: the claim is a conditional update."""
    now = now or timezone.now()
    sent = 0
    for consent in due_reminders(now):
        if not consent.is_live(now):
            continue
        with transaction.atomic():
            claimed = Consent.objects.filter(pk=consent.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed:
                send_sms(
                    consent.survivor.contact, texts.SHARING_ENDS_SOON, language=consent.survivor.preferred_language
                )
                sent += 1
    return sent
