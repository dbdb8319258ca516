"""What needs someone now, for one staff member: their organisation's open urgent items, oldest first.

Four kinds of item, each read with one query whatever how many there are (the desk and its menu
badge are on every admin page a busy advocate opens):
- help requests nobody has taken that are urgent ("help now", duress) or a question from her page;
- check-in alerts (missed check-ins, "help now" or "call me" answers, a duress word) nobody has taken;
- conversations where she wrote more than DESK_UNANSWERED_MINUTES ago and no staff member answered.

Scoping is the case admin's (accounts.case_admin): the organisation's own records, and numbers nobody
has taken yet, which every advocate answers. The desk shows no message text and no phone number: it
links to the record, whose page logs the read where she can see it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import policy_registry

from portal.accounts.models import case_organization_ids
from portal.checkins.models import CheckInAlert
from portal.messaging.models import Conversation, HelpRequest

HELP_REQUEST = "help-request"
ALERT = "alert"
CONVERSATION = "conversation"

UNTAKEN = (HelpRequest.Status.NEW, HelpRequest.Status.URGENT)


@dataclass(frozen=True)
class DeskItem:
    kind: str  # HELP_REQUEST, ALERT or CONVERSATION: what "Take it" acts on
    pk: int
    what: str  # a label without personal data: "Help now", "Missed check-in"...
    since: datetime
    url: str  # the record's own admin page
    conversation_id: int | None
    unread: bool
    taken_by: AbstractBaseUser | None = None

    @property
    def key(self):
        return f"{self.kind}-{self.pk}"


def scoped(model, user):
    """The records of `model` the case admin lets `user` see (its policy, registered by its viewset)."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["change", "view"])


def help_request_label(help_request):
    if help_request.kind == HelpRequest.Kind.DURESS:
        return _("Duress alert")
    if help_request.kind == HelpRequest.Kind.QUESTION:
        return _("Question from her page")
    return _("Help now")


def help_request_items(user):
    requests = (
        scoped(HelpRequest, user)
        .filter(status__in=UNTAKEN)
        .filter(Q(urgent=True) | Q(kind=HelpRequest.Kind.QUESTION))
        .select_related("conversation")
    )
    for help_request in requests:
        yield DeskItem(
            HELP_REQUEST,
            help_request.pk,
            help_request_label(help_request),
            help_request.created_at,
            reverse("help-requests:edit", args=[help_request.pk]),
            help_request.conversation_id,
            help_request.conversation.unread,
        )


def alert_items(user):
    alerts = CheckInAlert.objects.filter(
        check_in__plan__survivor__organization_id__in=case_organization_ids(user),
        resolved_at__isnull=True,
        taken_by__isnull=True,
    ).select_related("check_in__plan")
    for alert in alerts:
        yield DeskItem(
            ALERT,
            alert.pk,
            alert.get_kind_display(),
            alert.created_at,
            reverse("checkins_survivor", args=[alert.check_in.plan.survivor_id]),
            None,
            False,
        )


def conversation_items(user, now):
    waited = now - timedelta(minutes=settings.DESK_UNANSWERED_MINUTES)
    conversations = (
        scoped(Conversation, user)
        .filter(status=Conversation.Status.OPEN, survivor_wrote_at__lte=waited)
        .unanswered()
        .select_related("assigned_to")
    )
    for conversation in conversations:
        yield DeskItem(
            CONVERSATION,
            conversation.pk,
            _("Unanswered text"),
            conversation.survivor_wrote_at,
            reverse("conversations:thread", args=[conversation.pk]),
            conversation.pk,
            conversation.unread,
            taken_by=conversation.assigned_to,
        )


def open_items(user, now=None):
    """The user's organisation's urgent items, oldest first; an unanswered thread is left out while
    one of its help requests is on the desk already (one item per thing to do)."""
    if not case_organization_ids(user):
        return []
    now = now or timezone.now()
    items = [*help_request_items(user), *alert_items(user)]
    listed_threads = {item.conversation_id for item in items}
    items += [item for item in conversation_items(user, now) if item.pk not in listed_threads]
    return sorted(items, key=lambda item: (item.since, item.key))
