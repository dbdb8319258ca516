"""The staff's list of calls to the voice line: when, in what language, how far she got, what came of it.

Read only, and scoped like every case record (accounts.case_admin): a call belongs to the organisation
whose case her number is (Contact.organization), so only advocates and supervisors of that organisation
see it, and another organisation's call is the same 404 as an id that does not exist. A call from a
withheld number, or from one no organisation has taken, is in nobody's list. Never a phone number: the
Call keeps only a blind index of it, and the list shows none of that either.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from portal.accounts.case_admin import CaseRecordViewSet
from portal.accounts.case_links import case_column
from portal.checkins import words

from .calls import RESUME_WITHIN
from .models import Call


def choices(call):
    """What she chose on the menu, in the order the menu offers it."""
    chosen = [
        (call.heard_places, _("Places near a ZIP code")),
        (call.help_request_id is not None, _("A call back")),
        (call.heard_hotline_number, _("Help line numbers")),
        (bool(call.check_in_answer), _("Her check-in")),
        (call.dialled_hotline, _("Talk to someone now")),
    ]
    return ", ".join(str(label) for made, label in chosen if made)


def dropped(call, now=None):
    """The call ended without a goodbye (she hung up or was cut off), and can no longer be resumed."""
    if call.step == Call.Step.DONE:
        return False
    return call.ended_at is not None or call.updated_at < (now or timezone.now()) - RESUME_WITHIN


def outcome(call):
    """What came of the call, most serious first."""
    urgent = call.check_in_answer == words.HELP_NOW or (call.help_request is not None and call.help_request.urgent)
    parts = []
    if urgent:
        parts.append(_("Urgent"))
    if call.help_request_id is not None:
        parts.append(_("Help request made"))
    if call.check_in_answer:
        parts.append(call.get_check_in_answer_display())
    if call.dialled_hotline:
        parts.append(_("Put through to the hotline"))
    if dropped(call):
        parts.append(_("Dropped"))
    elif call.step != Call.Step.DONE:
        parts.append(_("Still on the line"))
    return ", ".join(str(part) for part in parts)


def help_request_url(call):
    return reverse("help-requests:edit", args=[call.help_request_id]) if call.help_request_id else None


class CallIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("help_request", "contact__survivor_profile")


class CallViewSet(CaseRecordViewSet):
    model = Call
    organization_path = "contact__organization_id"
    survivor_path = "contact__survivor_profile"
    read_categories = ("contact",)
    permission_actions = ("view",)
    add_to_reference_index = False  # the webhooks write calls: no references to track
    name = "calls"
    icon = "mobile-alt"
    menu_label = _("Calls")
    menu_order = 213
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = CallIndexView
    list_display = [
        TitleColumn("created_at", label=_("Called at"), get_url=lambda call: reverse("calls:inspect", args=[call.pk])),
        Column("language", label=_("Language"), accessor=lambda call: call.get_language_display()),
        Column("step", label=_("Got as far as"), accessor=lambda call: call.get_step_display()),
        Column("choices", label=_("Chose"), accessor=choices),
        Column("outcome", label=_("Outcome"), accessor=outcome),
        TitleColumn(
            "help_request",
            label=_("Help request"),
            accessor=lambda call: str(call.help_request) if call.help_request_id else "",
            get_url=help_request_url,
        ),
        case_column("contact__survivor_profile__pk"),
    ]
    list_filter = ["language", "step", "dialled_hotline"]
    inspect_view_fields = [
        "created_at",
        "ended_at",
        "language",
        "step",
        "heard_places",
        "heard_hotline_number",
        "check_in_answer",
        "help_request",
        "dialled_hotline",
    ]
    form_fields = []


@hooks.register("register_admin_viewset")
def register_call_viewset():
    return CallViewSet()
