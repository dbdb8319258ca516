"""The case view: one survivor's whole case on one admin page, for her own organisation's staff.

Anyone else (another organisation's staff, partner users, editors) gets the same 404 as for an id
that does not exist. Sections are separate server-side tabs (`?tab=`), plain links that work without
JavaScript; only the open tab is read from the database, and each look is logged like every other
staff read (sharing.policy.read), for the categories the page shows.
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.categories import Category
from portal.accounts.models import SurvivorProfile
from portal.checkins.models import CheckIn, CheckInAlert, CheckInPlan
from portal.messaging.help_requests import OPEN_STATUSES
from portal.messaging.models import Conversation, HelpRequest
from portal.plans.models import Plan, Referral
from portal.sharing.models import CareTeamMember, Consent
from portal.sharing.policy import read

from .forms import CaseNoteForm
from .models import CaseNote
from .notes import notes_for_own_staff, notes_shared_with_partner
from .timeline import timeline

# (tab, label, categories of her data the tab shows)
TABS = (
    ("plan", _("Plan"), (Category.GOALS, Category.STEPS, Category.APPOINTMENTS)),
    ("referrals", _("Referrals"), (Category.REFERRALS,)),
    ("checkins", _("Check-ins"), (Category.CHECKINS,)),
    ("conversation", _("Conversation"), ()),
    ("help", _("Help requests"), ()),
    ("sharing", _("Consents and care team"), ()),
    ("notes", _("Case notes"), (Category.NOTES,)),
    ("timeline", _("Timeline"), (Category.CHECKINS, Category.NOTES)),
)
TAB_CATEGORIES = {name: categories for name, _label, categories in TABS}
# A duress alert stays on the header for a month; every one stays on the timeline.
DURESS_FLAG_DAYS = timedelta(days=30)
RECENT = 20  # check-ins shown on the check-ins tab; the full history has its own page


def own_survivor_or_404(user, survivor_id):
    """Her profile, for staff of her own organisation; the same 404 for everyone else and for no one."""
    profiles = SurvivorProfile.objects.for_staff(user).select_related("contact", "organization")
    return get_object_or_404(profiles, pk=survivor_id)


def case_tab_url(survivor_id, tab):
    return f"{reverse('cases:case', args=[survivor_id])}?tab={tab}#case-tab"


def flags(survivor):
    """What an advocate must see first: an urgent open help request, a duress alert, missed check-ins."""
    contact = survivor.contact_id
    return {
        "urgent_help": HelpRequest.objects.filter(contact_id=contact, urgent=True, status__in=OPEN_STATUSES).exists(),
        "duress": survivor.duress_signals.filter(created_at__gte=timezone.now() - DURESS_FLAG_DAYS).first(),
        "missed_check_ins": CheckInAlert.objects.filter(
            check_in__plan__survivor=survivor,
            resolved_at=None,
            kind__in=(CheckInAlert.Kind.MISSED, CheckInAlert.Kind.REPEATED_MISSES),
        ).count(),
    }


class CaseView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casework/admin/case.html"
    header_icon = "user"

    def dispatch(self, request, survivor_id):
        self.survivor = own_survivor_or_404(request.user, survivor_id)
        return super().dispatch(request, survivor_id)

    @cached_property
    def tab(self):
        wanted = self.request.GET.get("tab") or self.request.POST.get("tab")
        return wanted if wanted in TAB_CATEGORIES else "plan"

    def get_page_title(self):
        # "Survivor #12", never her name: the title is kept in the browser's history.
        return str(self.survivor)

    def get(self, request, survivor_id):
        response = super().get(request, survivor_id)
        for category in (Category.CONTACT, *TAB_CATEGORIES[self.tab]):
            read(request.user, self.survivor, category, record=f"case {self.survivor.pk}")
        return response

    def post(self, request, survivor_id):
        """Add a note: saved, or the tab again with the errors and everything typed kept."""
        form = CaseNoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(note_form=form))
        note = form.save(commit=False)
        note.survivor = self.survivor
        note.organization_id = self.survivor.organization_id
        note.author = request.user
        note.save()
        messages.success(request, _("Note saved."))
        return redirect(case_tab_url(self.survivor.pk, "notes"))

    def get_context_data(self, **kwargs):
        survivor = self.survivor
        context = super().get_context_data(
            survivor=survivor,
            contact=survivor.contact,
            flags=flags(survivor),
            tabs=[(name, label, case_tab_url(survivor.pk, name)) for name, label, _categories in TABS],
            tab=self.tab,
            **kwargs,
        )
        context.update(getattr(self, f"{self.tab}_context")(context))
        return context

    def plan_context(self, context):
        plans = Plan.objects.filter(survivor=self.survivor).prefetch_related("goals", "steps", "appointments")
        return {"plans": plans}

    def referrals_context(self, context):
        referrals = Referral.objects.filter(plan__survivor=self.survivor).select_related(
            "service__organization", "plan"
        )
        return {"referrals": referrals}

    def checkins_context(self, context):
        survivor = self.survivor
        return {
            "checkin_plans": CheckInPlan.objects.filter(survivor=survivor).select_related("advocate"),
            "check_ins": CheckIn.objects.filter(plan__survivor=survivor).order_by("-due_at")[:RECENT],
            "alerts": CheckInAlert.objects.filter(check_in__plan__survivor=survivor, resolved_at=None),
        }

    def conversation_context(self, context):
        conversations = Conversation.objects.filter(contact_id=self.survivor.contact_id).select_related("assigned_to")
        return {"conversations": conversations.order_by("-last_message_at")}

    def help_context(self, context):
        requests = HelpRequest.objects.filter(contact_id=self.survivor.contact_id).select_related("assigned_to")
        return {"help_requests": requests.defer("message").order_by("-created_at")}

    def sharing_context(self, context):
        survivor = self.survivor
        return {
            "consents": Consent.objects.filter(survivor=survivor).select_related("recipient"),
            "care_team": CareTeamMember.objects.filter(survivor=survivor).select_related("organization", "staff"),
        }

    def notes_context(self, context):
        notes = notes_for_own_staff(self.request.user, self.survivor).select_related("author")
        return {"notes": notes, "note_form": context.get("note_form") or CaseNoteForm()}

    def timeline_context(self, context):
        return {"entries": timeline(self.survivor, notes_for_own_staff(self.request.user, self.survivor))}


class EditNoteView(WagtailAdminTemplateMixin, TemplateView):
    """An advocate corrects a note she wrote; nobody edits anyone else's."""

    model = CaseNote
    template_name = "casework/admin/edit_note.html"
    page_title = _("Edit note")
    header_icon = "edit"

    def dispatch(self, request, pk):
        note = get_object_or_404(CaseNote.objects.select_related("survivor"), pk=pk, author=request.user)
        if note.organization_id != note.survivor.organization_id:
            raise Http404  # her case moved to another organisation: its notes stay with the one that wrote them
        own_survivor_or_404(request.user, note.survivor_id)
        self.note = note
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CaseNoteForm(instance=self.note))
        return super().get_context_data(note=self.note, case_url=case_tab_url(self.note.survivor_id, "notes"), **kwargs)

    def post(self, request, pk):
        form = CaseNoteForm(request.POST, instance=self.note)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        messages.success(request, _("Note saved."))
        return redirect(case_tab_url(self.note.survivor_id, "notes"))


class SharedNotesView(WagtailAdminTemplateMixin, TemplateView):
    """A partner agency on her care team reads the notes her advocates chose to share with it, while a
    live consent covers notes. Each look is in her access log; anything else is a 404."""

    model = SurvivorProfile
    template_name = "casework/admin/shared_notes.html"
    page_title = _("Notes shared with you")
    header_icon = "doc-full"

    def dispatch(self, request, survivor_id):
        survivor = get_object_or_404(SurvivorProfile.objects.open(), pk=survivor_id)
        self.notes = notes_shared_with_partner(request.user, survivor)
        if self.notes is None:
            raise Http404
        return super().dispatch(request, survivor_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(notes=self.notes, **kwargs)
