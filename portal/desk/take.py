""" "Take it": one staff member says they are on an item, so two people never both act on it.

Taking is one conditional UPDATE ("... where nobody has it yet"), so when two people press at the
same moment exactly one wins and the other is told who has it. Each take is written to Wagtail's
audit log (who and when; the label names the record by its id only).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import case_organization_ids
from portal.accounts.texts_admin_views import organization_taking
from portal.checkins.models import CheckInAlert
from portal.core import audit
from portal.messaging.help_requests import claim_contact
from portal.messaging.models import Conversation, HelpRequest

from .items import ALERT, CONVERSATION, HELP_REQUEST, UNTAKEN, scoped


@dataclass(frozen=True)
class Outcome:
    taken: bool  # True: it is now the user's
    holder: AbstractBaseUser | None  # who has it when someone else took it first
    record: object


def find(user, kind, pk):
    """The record behind a desk item, among those the user may see; 404 otherwise (never says whose)."""
    if kind == HELP_REQUEST:
        queryset = scoped(HelpRequest, user)
    elif kind == CONVERSATION:
        queryset = scoped(Conversation, user).select_related("contact")
    elif kind == ALERT:
        queryset = CheckInAlert.objects.filter(
            check_in__plan__survivor__organization_id__in=case_organization_ids(user)
        )
    else:
        raise Http404
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@transaction.atomic
def take(user, kind, pk):
    """Assign the item to `user` unless someone took it first; returns the Outcome."""
    record = find(user, kind, pk)
    if kind == HELP_REQUEST:
        # Locked, then saved: the request's status and queue place follow its assignee (HelpRequest.save).
        record = HelpRequest.objects.select_for_update().select_related("contact").get(pk=record.pk)
        won = record.assigned_to_id is None and record.status in UNTAKEN
        if won:
            record.assigned_to = user
            record.save(update_fields=["assigned_to"])
            claim_contact(record.contact, organization_taking(user))
            Conversation.objects.filter(pk=record.conversation_id, assigned_to__isnull=True).update(assigned_to=user)
        holder_field = "assigned_to"
    elif kind == CONVERSATION:
        won = bool(Conversation.objects.filter(pk=record.pk, assigned_to__isnull=True).update(assigned_to=user))
        if won:
            claim_contact(record.contact, organization_taking(user))
        holder_field = "assigned_to"
    else:
        won = bool(
            CheckInAlert.objects.filter(pk=record.pk, taken_by__isnull=True).update(
                taken_by=user, taken_at=timezone.now()
            )
        )
        holder_field = "taken_by"
    record.refresh_from_db(fields=[holder_field])
    holder = getattr(record, holder_field)
    if won:
        audit.log_change(record, audit.TAKEN, user)
        return Outcome(True, user, record)
    return Outcome(False, holder, record)
