"""A person's texts go with the person when her number changes.

Her Contact row stays hers: the new number is written onto it, so the old number's blind index is
gone from the portal and anyone texting from the old number later starts a new, empty contact. If
the new number had already texted in (she wrote from it before her advocate recorded it), that
contact's texts, conversations and help requests are moved onto hers and the other row deleted:
nothing of hers is left behind in the shared queue.

A number can also be released: taken off one contact for another organisation, when supervisors of
both agree (accounts.number_requests). Her contact keeps everything else.
"""

import uuid

from django.db import transaction

from .models import Contact, Conversation, HelpRequest, InboundMessage, OutboundMessage


def mergeable(contact, organization_ids):
    """May a number already in the portal become this organisation's survivor's? Only when nobody
    stands behind it, and it is in the shared queue or already this organisation's."""
    if contact is None:
        return True
    if hasattr(contact, "survivor_profile"):
        return False
    return contact.organization_id is None or contact.organization_id in organization_ids


@transaction.atomic
def move_number(contact, new_phone):
    """Give `contact` the number `new_phone`, taking along whatever that number already had."""
    other = Contact.objects.for_phone(new_phone)
    if other is not None and other.pk == contact.pk:
        return contact
    # STOP and "wrong number" belong to a number: the new number brings its own, the old one's stay behind.
    contact.opted_out_at = other.opted_out_at if other else None
    contact.wrong_number_at = other.wrong_number_at if other else None
    contact.stopped_channel = other.stopped_channel if other else ""
    if other is not None:
        absorb(contact, other)
    contact.phone = new_phone
    contact.save()
    return contact


def absorb(keep, other):
    """Move everything of `other` onto `keep`, then delete `other`."""
    open_here = keep.conversations.filter(status=Conversation.Status.OPEN).first()
    for conversation in other.conversations.all():
        if conversation.status == Conversation.Status.OPEN and open_here is not None:
            # One open thread per number: the other's open thread joins hers.
            InboundMessage.objects.filter(conversation=conversation).update(conversation=open_here)
            OutboundMessage.objects.filter(conversation=conversation).update(conversation=open_here)
            HelpRequest.objects.filter(conversation=conversation).update(conversation=open_here)
            if conversation.urgent:
                Conversation.objects.filter(pk=open_here.pk).update(urgent=True)
            conversation.delete()
        else:
            Conversation.objects.filter(pk=conversation.pk).update(contact=keep)
    # Every other row that points at the number (texts, requests, and anything added later) follows it.
    for relation in Contact._meta.related_objects:
        if relation.one_to_many:
            field = relation.field.name
            relation.related_model._base_manager.filter(**{field: other}).update(**{field: keep})
    # The blind index is unique: the row that held the number goes before hers takes it.
    other.delete()


@transaction.atomic
def release_number(contact, number_index, to_organization_id):
    """Take the number off `contact` and hand it, bare, to another organisation. False if `contact`
    no longer holds the number with blind index `number_index` (it changed since it was asked for).

    Her conversations, texts, requests and settings stay on her contact, with her organisation; nothing
    goes to the shared queue. The number starts over as an empty contact of the receiving organisation,
    keeping only what belongs to the number: STOP and "wrong number".
    """
    held = Contact.objects.select_for_update().filter(pk=contact.pk, phone_index=number_index).first()
    if held is None or not held.phone:
        return False
    # A blind index must stay unique and must not be the number's: a random one nobody can look up.
    Contact.objects.filter(pk=held.pk).update(
        phone="", phone_index=f"released:{uuid.uuid4().hex}", phone_last_four_index=""
    )
    Contact.objects.create(
        phone=held.phone,
        opted_out_at=held.opted_out_at,
        wrong_number_at=held.wrong_number_at,
        stop_scope=held.stop_scope,
        stopped_channel=held.stopped_channel,
        organization_id=to_organization_id,
    )
    return True
