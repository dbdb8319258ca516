"""Opening help requests and the conversations they belong to, and telling the on-call person (through
the notifiers registered here)."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .models import Contact, Conversation, HelpRequest, OutboundMessage
from .statuses import DeliveryStatus, advance_status

logger = logging.getLogger(__name__)

OPEN_STATUSES = (HelpRequest.Status.NEW, HelpRequest.Status.URGENT, HelpRequest.Status.ASSIGNED)


def open_conversation(contact):
    """The contact's open conversation, started if there is none (one at most, even under a race)."""
    conversation = contact.conversations.filter(status=Conversation.Status.OPEN).first()
    if conversation is not None:
        return conversation, False
    try:
        with transaction.atomic():
            return Conversation.objects.create(contact=contact), True
    except IntegrityError:
        return contact.conversations.get(status=Conversation.Status.OPEN), False


def open_help_request(contact, *, source, kind=HelpRequest.Kind.OTHER, message="", urgent=False):
    """A new help request, or the contact's open one made urgent: one queue entry per person.

    Returns (help_request, created).
    """
    conversation, _created = open_conversation(contact)
    existing = contact.help_requests.filter(status__in=OPEN_STATUSES).order_by("created_at").first()
    if existing is not None:
        if urgent and not existing.urgent:
            existing.urgent = True
            existing.save(update_fields=["urgent"])
            mark_conversation_urgent(conversation)
        return existing, False
    help_request = HelpRequest.objects.create(
        contact=contact, conversation=conversation, source=source, kind=kind, message=message, urgent=urgent
    )
    if urgent:
        mark_conversation_urgent(conversation)
    return help_request, True


def ask_question(contact, message):
    """A question she wrote on her own page: its own item in the queue (never folded into an open
    request, where nobody would notice it), and unread for her organisation until someone opens it."""
    conversation, _created = open_conversation(contact)
    help_request = HelpRequest.objects.create(
        contact=contact,
        conversation=conversation,
        source=HelpRequest.Source.WEB,
        kind=HelpRequest.Kind.QUESTION,
        message=message,
    )
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, survivor_wrote_at=now)
    return help_request


def first_staff_replies(help_requests):
    """(arrived, first reply or None) for each of `help_requests`: when the first text a staff member
    sent in its conversation at or after it arrived went into the outbox. A staff text is one a staff
    member wrote (`sent_by`) or an advocate's message; automatic confirmations and notices are not.
    One query, however many requests (the supervisor's response times and the funder's report)."""
    first_reply = (
        OutboundMessage.objects.filter(conversation_id=OuterRef("conversation_id"))
        .filter(created_at__gte=OuterRef("created_at"))
        .filter(Q(sent_by__isnull=False) | Q(purpose=OutboundMessage.Purpose.ADVOCATE))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    replied = help_requests.annotate(first_reply_at=Subquery(first_reply))
    return list(replied.values_list("created_at", "first_reply_at"))


def claim_contact(contact, organization_id):
    """An advocate took this number from the shared queue: from now on it is their organisation's
    case, and other organisations no longer see its texts. A number already someone's stays theirs."""
    if organization_id is None:
        return
    Contact.objects.filter(pk=contact.pk, organization__isnull=True).update(organization_id=organization_id)
    contact.refresh_from_db(fields=["organization"])


# Who tells the on-call person (the desk registers its email and webhook; messaging sits below it).
_on_call_notifiers = []


def register_on_call_notifier(notifier):
    """`notifier(organization_id, subject, opening)`, called after commit for each urgent item."""
    if notifier not in _on_call_notifiers:
        _on_call_notifiers.append(notifier)


def mark_conversation_urgent(conversation, notice=None):
    """Flag the conversation and tell on call once the transaction commits.

    `notice` is (subject, first line) for an alert that needs its own words; it must hold no
    personal data, like everything a notifier sends."""
    Conversation.objects.filter(pk=conversation.pk).update(urgent=True, last_message_at=timezone.now())
    transaction.on_commit(lambda: notify_on_call(conversation.contact_id, *(notice or ())))


def notify_on_call(contact_id, *notice):
    organization_id = Contact.objects.filter(pk=contact_id).values_list("organization_id", flat=True).first()
    for notifier in _on_call_notifiers:
        try:
            notifier(organization_id, *notice)
        except Exception as error:  # the item is saved; the admin badge and the desk still show it
            logger.error("on-call notice failed: %s", type(error).__name__)


def cancel_pending(contact, channel=""):
    """Drop everything still waiting for this number (after STOP or "wrong number"), or only what
    waits on `channel` (a STOP she chose to stop that channel alone)."""
    waiting = OutboundMessage.objects.filter(contact=contact, status=DeliveryStatus.PENDING).exclude(
        purpose=OutboundMessage.Purpose.OPT_OUT_CONFIRMATION
    )
    if channel:
        waiting = waiting.filter(channel=channel)
    return advance_status(waiting, DeliveryStatus.CANCELLED, error_code="opted-out", claimed_until=None)
