"""The desk page ("what needs someone now", with "Take it") and the supervisors' caseload page.

Both are for case staff only (advocates and supervisors); the caseload page for supervisors only.
Anyone else gets a 404, the same answer as for a page that does not exist.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.models import case_organization_ids
from portal.accounts.number_requests import supervised_organization_ids
from portal.core.views import SeeOtherRedirect

from . import caseload
from .items import open_items
from .take import take


def holder_name(user):
    return user.get_full_name() or user.get_username()


class OrganizationsRequiredMixin:
    """A 404 for anyone `organizations_of` finds no organisation for."""

    organizations_of = staticmethod(case_organization_ids)

    def dispatch(self, request, *args, **kwargs):
        self.organization_ids = self.organizations_of(request.user)
        if not self.organization_ids:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class DeskView(OrganizationsRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/desk.html"
    page_title = gettext_lazy("Desk")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=open_items(self.request.user),
            unanswered_minutes=settings.DESK_UNANSWERED_MINUTES,
            **kwargs,
        )

    def post(self, request):
        kind, _dash, pk = request.POST.get("item", "").rpartition("-")
        if not pk.isdigit():
            raise Http404
        outcome = take(request.user, kind, int(pk))
        if outcome.taken:
            messages.success(request, _("You took it. It is assigned to you now."))
            return SeeOtherRedirect(taken_url(kind, outcome.record))
        if outcome.holder is not None and outcome.holder.pk == request.user.pk:
            messages.info(request, _("You had taken it already."))
        elif outcome.holder is not None:
            messages.error(
                request,
                _("Not taken: %(name)s took it a moment ago. Nothing was changed.")
                % {"name": holder_name(outcome.holder)},
            )
        else:
            messages.error(request, _("Not taken: someone dealt with it a moment ago. Nothing was changed."))
        return SeeOtherRedirect(reverse("desk"))


def taken_url(kind, record):
    """Where the work happens: the thread (to reply and close), or the check-in history of an alert."""
    conversation_id = getattr(record, "conversation_id", None) or (record.pk if kind == "conversation" else None)
    if conversation_id:
        return reverse("conversations:thread", args=[conversation_id])
    return reverse("checkins_survivor", args=[record.check_in.plan.survivor_id])


class CaseloadView(OrganizationsRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    organizations_of = staticmethod(supervised_organization_ids)
    template_name = "desk/caseload.html"
    page_title = gettext_lazy("Caseload")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        period = caseload.chosen_period(self.request.GET.get("period", ""), timezone.localdate())
        return super().get_context_data(
            advocates=caseload.per_advocate(self.organization_ids),
            cases=caseload.open_cases(self.organization_ids),
            choices=caseload.advocates(self.organization_ids),
            period=period,
            periods=caseload.recent_periods(timezone.localdate()),
            times=caseload.response_times(self.organization_ids, period),
            **kwargs,
        )

    def post(self, request):
        try:
            caseload.reassign(request.user, self.organization_ids, request.POST.get("case"), request.POST.get("to"))
        except caseload.CannotReassign:
            messages.error(request, _("Not reassigned: choose an open case and an advocate of your organization."))
        else:
            messages.success(request, _("Case reassigned."))
        return SeeOtherRedirect(reverse("desk_caseload"))
