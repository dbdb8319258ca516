"""Who may be texted, and the one way a number is marked as opted out.

A number that opted out or was reported as a wrong number gets nothing, with one exception: the
confirmation of an opt-out, which carriers expect, goes to the person who asked for it. Someone
who told us the number is not theirs never gets even that (the phone's holder did not ask).

A STOP on one channel (SMS or WhatsApp) stops them all, calls included: `opted_out_at`. A survivor
may choose instead that a STOP stops only the channel it came on (`stop_scope`); then that channel
alone is recorded (`stopped_channel`) and the others still reach her. START, on any channel, lifts
both.
"""

from django.db.models import QuerySet
from django.utils import timezone

from .channels import StopScope
from .models import Contact, OutboundMessage


def may_send(contact: Contact, purpose: str, channel: str = "") -> bool:
    """Whether a message with this purpose may go to this contact now, on this channel."""
    if contact.may_receive and not (channel and channel == contact.stopped_channel):
        return True
    return contact.wrong_number_at is None and purpose == OutboundMessage.Purpose.OPT_OUT_CONFIRMATION


def mark_opted_out(contacts: QuerySet[Contact], now=None, channel: str = "") -> int:
    """Record a STOP that came on `channel` (or a refusal reported for it): every channel for those who
    did not choose otherwise, or with no channel given; only that channel for those who did. Keeps the
    first date of one already opted out."""
    now = now or timezone.now()
    if not channel:
        return contacts.filter(opted_out_at__isnull=True).update(opted_out_at=now)
    its_channel = contacts.filter(stop_scope=StopScope.ITS_CHANNEL)
    # One channel stopped before and now the other: both are stopped, which is every channel.
    other_stopped = its_channel.exclude(stopped_channel__in=["", channel])
    every = contacts.exclude(stop_scope=StopScope.ITS_CHANNEL) | other_stopped
    marked = every.filter(opted_out_at__isnull=True).update(opted_out_at=now)
    return marked + its_channel.filter(stopped_channel__in=["", channel]).update(stopped_channel=channel)


def opt_back_in(contact: Contact) -> None:
    """START: every stop lifted, on every channel, and the wrong-number report with it."""
    Contact.objects.filter(pk=contact.pk).update(opted_out_at=None, wrong_number_at=None, stopped_channel="")
    contact.opted_out_at = contact.wrong_number_at = None
    contact.stopped_channel = ""
