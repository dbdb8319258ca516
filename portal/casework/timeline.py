"""Everything that happened in one survivor's case, newest first, with who did it and when.

One query per kind of event, each cut to the newest `LIMIT`, so the page costs the same number of
queries however long her case has run. Message bodies are never shown here (only that a text came or
went); the conversation view is where her organisation's staff read them. Partner reads come from the
access log; staff actions (assign, reply, close, dealt with, consent recorded) from Wagtail's log.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry

from portal.accounts.models import DuressSignal
from portal.checkins.models import CheckIn, CheckInAlert, CheckInPlan
from portal.messaging.channels import Channel
from portal.messaging.models import Conversation, HelpRequest, InboundMessage, OutboundMessage
from portal.plans.models import Plan, PlanEvent
from portal.sharing.models import AccessEvent, Consent

from .models import CaseNote

LIMIT = 200


@dataclass(frozen=True)
class Entry:
    at: datetime
    what: str
    who: str


def staff_name(user):
    if user is None:
        return _("a staff member")
    return user.get_full_name() or user.get_username()


def the_survivor():
    return _("the survivor")


def the_system():
    return _("the system")


def plan_events(survivor):
    events = PlanEvent.objects.filter(plan__survivor=survivor).select_related("staff")[:LIMIT]
    for event in events:
        if event.staff_id or event.actor == PlanEvent.Actor.STAFF:
            who = staff_name(event.staff)
        else:
            who = the_survivor() if event.actor == PlanEvent.Actor.SURVIVOR else the_system()
        yield Entry(event.at, event.get_kind_display(), who)


def _received(channel):
    return _("WhatsApp message received") if channel == Channel.WHATSAPP else _("Text received")


def _sent(channel, purpose):
    # A check-in by call is a call, not a text: the timeline names the way it went.
    if channel == Channel.CALL:
        return _("Call placed: %(purpose)s") % {"purpose": purpose}
    if channel == Channel.WHATSAPP:
        return _("WhatsApp message sent: %(purpose)s") % {"purpose": purpose}
    return _("Text sent: %(purpose)s") % {"purpose": purpose}


def texts(survivor):
    for message in InboundMessage.objects.filter(contact_id=survivor.contact_id).order_by("-received_at")[:LIMIT]:
        yield Entry(message.received_at, _received(message.channel), the_survivor())
    outgoing = (
        OutboundMessage.objects.filter(contact_id=survivor.contact_id)
        .select_related("sent_by")
        .defer("body")
        .order_by("-created_at")[:LIMIT]
    )
    for message in outgoing:
        what = _sent(message.channel, message.get_purpose_display())
        yield Entry(message.created_at, what, staff_name(message.sent_by) if message.sent_by_id else the_system())


def help_requests(survivor):
    requests = HelpRequest.objects.filter(contact_id=survivor.contact_id).defer("message").order_by("-created_at")
    for request in requests[:LIMIT]:
        what = _("Urgent help request") if request.urgent else _("Help request")
        yield Entry(request.created_at, f"{what} ({request.get_kind_display()})", the_survivor())


def check_ins(survivor):
    rows = CheckIn.objects.filter(plan__survivor=survivor).exclude(sent_at=None).order_by("-sent_at")[:LIMIT]
    for check_in in rows:
        yield Entry(check_in.sent_at, _("Check-in sent"), the_system())
        if check_in.answered_at:
            what = _("Check-in answered: %(status)s") % {"status": check_in.get_status_display()}
            yield Entry(check_in.answered_at, what, the_survivor())
    alerts = CheckInAlert.objects.filter(check_in__plan__survivor=survivor).order_by("-created_at")[:LIMIT]
    for alert in alerts:
        yield Entry(alert.created_at, _("Alert: %(kind)s") % {"kind": alert.get_kind_display()}, the_system())


def consents(survivor):
    for consent in Consent.objects.filter(survivor=survivor).select_related("recipient")[:LIMIT]:
        names = {"organization": consent.recipient}
        yield Entry(consent.created_at, _("Agreed to share with %(organization)s") % names, the_survivor())
        if consent.revoked_at:
            yield Entry(consent.revoked_at, _("Stopped sharing with %(organization)s") % names, the_survivor())


def partner_reads(survivor):
    """Reads by anyone outside her organisation (partner agencies), as she sees them on her own page."""
    events = (
        AccessEvent.objects.filter(survivor=survivor)
        .exclude(organization_id=survivor.organization_id)
        .select_related("organization")[:LIMIT]
    )
    for event in events:
        what = _("Partner looked at: %(category)s") % {"category": event.get_category_display()}
        who = f"{event.viewer_name} ({event.organization})" if event.organization_id else event.viewer_name
        yield Entry(event.at, what if event.permitted else _("Refused: %(what)s") % {"what": what}, who)


def notes(survivor, visible_notes):
    for note in visible_notes.select_related("author").defer("body")[:LIMIT]:
        yield Entry(note.created_at, _("Case note written"), staff_name(note.author))


def duress(survivor):
    for signal in DuressSignal.objects.filter(survivor=survivor)[:LIMIT]:
        what = _("Duress alert: %(source)s") % {"source": signal.get_source_display()}
        yield Entry(signal.created_at, what, the_system())


def ids_as_text(queryset):
    return queryset.annotate(id_text=Cast("pk", CharField())).values("id_text")


def audit_entries(survivor):
    """Wagtail's log of her profile and of every record of her case that staff change in the admin."""
    contact = Q(contact_id=survivor.contact_id)
    records = {
        type(survivor): ids_as_text(type(survivor).objects.filter(pk=survivor.pk)),
        HelpRequest: ids_as_text(HelpRequest.objects.filter(contact)),
        Conversation: ids_as_text(Conversation.objects.filter(contact)),
        Plan: ids_as_text(Plan.objects.filter(survivor=survivor)),
        CheckInPlan: ids_as_text(CheckInPlan.objects.filter(survivor=survivor)),
        CheckInAlert: ids_as_text(CheckInAlert.objects.filter(check_in__plan__survivor=survivor)),
        Consent: ids_as_text(Consent.objects.filter(survivor=survivor)),
        CaseNote: ids_as_text(CaseNote.objects.filter(survivor=survivor)),
    }
    content_types = ContentType.objects.get_for_models(*records)
    wanted = Q(pk__in=[])
    for model, ids in records.items():
        wanted |= Q(content_type=content_types[model], object_id__in=ids)
    entries = ModelLogEntry.objects.filter(wanted).select_related("user").order_by("-timestamp")[:LIMIT]
    for entry in entries:
        what = f"{log_actions.get_action_label(entry.action)}: {entry.label}"
        yield Entry(entry.timestamp, what, staff_name(entry.user) if entry.user_id else the_system())


def timeline(survivor, visible_notes):
    """Every entry, newest first; `visible_notes` are the notes the viewer may see."""
    sources = (
        plan_events(survivor),
        texts(survivor),
        help_requests(survivor),
        check_ins(survivor),
        consents(survivor),
        partner_reads(survivor),
        notes(survivor, visible_notes),
        duress(survivor),
        audit_entries(survivor),
    )
    entries = [entry for source in sources for entry in source]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:LIMIT]
