"""Who may be texted, and the one way a number is marked as opted out.

A number that opted out or was reported as a wrong number gets nothing, with one exception: the
confirmation of an opt-out, which carriers expect, goes to the person who asked for it. Someone
who told us the number is not theirs never gets even that (the phone's holder did not ask).
"""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Contact, OutboundMessage


def may_send(contact: Contact, purpose: str) -> bool:
    """Whether a text with this purpose may go to this contact now."""
    if contact.may_receive:
        return True
    return contact.wrong_number_at is None and purpose == OutboundMessage.Purpose.OPT_OUT_CONFIRMATION


def mark_opted_out(contacts: QuerySet[Contact], now=None) -> int:
    """Record an opt-out on these contacts, keeping the first date of one already opted out."""
    return contacts.filter(opted_out_at__isnull=True).update(opted_out_at=now or timezone.now())
