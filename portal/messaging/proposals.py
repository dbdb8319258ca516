"""Text settings belong to whoever holds the phone.

A help form for a new number sets its text settings at once (the person filling it in is the
only one we know). For a number we already text, the form's settings are only a proposal: the
phone gets a neutral question, and nothing changes until it replies YES. A proposal the phone
never confirms expires.
"""

from datetime import timedelta

from django.utils import timezone

from . import texts
from .api import send_sms
from .models import ProposedSettings

SETTING_FIELDS = ("language", "time_zone", "safe_hours_start", "safe_hours_end", "may_identify", "code_word")
GOOD_FOR = timedelta(days=3)


def differs(contact, preferences):
    return any(getattr(contact, field) != preferences[field] for field in SETTING_FIELDS)


def propose(contact, preferences, conversation=None):
    """Keep the form's settings for this number and ask the phone to confirm them (if they change anything)."""
    if not differs(contact, preferences):
        ProposedSettings.objects.filter(contact=contact).delete()
        return None
    proposal, _created = ProposedSettings.objects.update_or_create(
        contact=contact,
        defaults={**{field: preferences[field] for field in SETTING_FIELDS}, "created_at": timezone.now()},
    )
    # In the phone's current language and with its current code word: the holder has not agreed to anything new.
    send_sms(contact, texts.CONFIRM_SETTINGS, conversation=conversation)
    return proposal


def pending(contact):
    return ProposedSettings.objects.filter(contact=contact, created_at__gte=timezone.now() - GOOD_FOR).first()


def confirm(contact):
    """Apply the waiting proposal after the phone said YES; returns True if there was one."""
    proposal = pending(contact)
    if proposal is None:
        return False
    for field in SETTING_FIELDS:
        setattr(contact, field, getattr(proposal, field))
    contact.save(update_fields=list(SETTING_FIELDS))
    ProposedSettings.objects.filter(contact=contact).delete()
    return True
