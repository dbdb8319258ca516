"""The supervisors' queue of phone number requests, and one request with the steps they may take.

Only supervisors reach these pages; for everyone else, and for a request the supervisor has no side
of, a request id is not found (the same 404 whether it exists or not). Each side sees its own record
and its own people by name; the other side is only ever "the other organization".
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.views import SeeOtherRedirect

from .models import Membership, NumberRequest
from .number_requests import STEPS, allowed_steps, sides, supervised_organization_ids, take_step, visible_requests

STEP_LABELS = {
    "ask": gettext_lazy("Ask for the number"),
    "withdraw": gettext_lazy("Withdraw the request"),
    "release": gettext_lazy("Release the number"),
    "decline": gettext_lazy("Decline"),
}

EXPLANATIONS = {
    ("requesting", NumberRequest.Status.RAISED): gettext_lazy(
        "An advocate typed a phone number that another record in the portal already has. If the survivor "
        "wants to use this number, ask for it. The supervisors who have it will answer. They do not see your "
        "survivor, and you do not see theirs."
    ),
    ("requesting", NumberRequest.Status.ASKED): gettext_lazy("You asked for the number. Wait for an answer."),
    ("requesting", NumberRequest.Status.RELEASED): gettext_lazy(
        "The number was released. The advocate can save it on the survivor's record now."
    ),
    ("requesting", NumberRequest.Status.DECLINED): gettext_lazy(
        "The number was not released. Talk with the survivor about another number."
    ),
    ("holding", NumberRequest.Status.ASKED): gettext_lazy(
        "Another organization in the portal asks for the phone number of this record. If you release it, "
        "the number is taken off this record. Her texts and history stay here with you, and you need a new "
        "number to text her. Check with her first if you can."
    ),
    ("holding", NumberRequest.Status.RELEASED): gettext_lazy(
        "You released the number. This record has no phone number now."
    ),
}


class SupervisorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not supervised_organization_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def side_of(user, request):
    """The side whose view the page shows: the holding one only when it is not also the requester."""
    found = sides(user, request)
    return "requesting" if "requesting" in found else "holding"


def own_record(request, side):
    """The record this side knows: never the other side's survivor."""
    if side == "requesting":
        return request.survivor, "survivors:edit" if request.survivor_id else None
    holder = request.holder
    profile = getattr(holder, "survivor_profile", None)
    if profile is not None:
        return profile, "survivors:edit"
    return holder, None


def actor(user, organization_id):
    """A person of this side by name; anyone else as the other organization."""
    if user is None:
        return ""
    if Membership.objects.filter(user=user, organization_id=organization_id).exists():
        return user.get_full_name() or user.get_username()
    return _("Someone at the other organization")


def steps_taken(request, organization_id):
    rows = [(_("Number typed at intake"), request.raised_at, actor(request.raised_by, organization_id))]
    if request.asked_at:
        rows.append((_("Number asked for"), request.asked_at, actor(request.asked_by, organization_id)))
    if request.closed_at:
        rows.append((request.get_status_display(), request.closed_at, actor(request.closed_by, organization_id)))
    return rows


class NumberRequestIndexView(SupervisorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/number_requests.html"
    page_title = gettext_lazy("Phone number requests")
    header_icon = "mobile-alt"

    def get_context_data(self, **kwargs):
        rows = []
        for request in visible_requests(self.request.user).select_related("survivor", "holder__survivor_profile")[:200]:
            side = side_of(self.request.user, request)
            record, _url_name = own_record(request, side)
            rows.append({"request": request, "record": record, "is_open": request.status in NumberRequest.OPEN})
        return super().get_context_data(rows=rows, **kwargs)


class NumberRequestView(SupervisorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    model = NumberRequest
    template_name = "accounts/admin/number_request.html"
    header_icon = "mobile-alt"

    def dispatch(self, request, pk):
        try:
            return super().dispatch(request, pk)
        except PermissionDenied:
            raise Http404 from None

    def get_object(self, pk):
        found = visible_requests(self.request.user).select_related("holder__survivor_profile").filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def get_page_title(self):
        return str(self.object)

    def get(self, request, pk):
        self.object = self.get_object(pk)
        return super().get(request, pk)

    def post(self, request, pk):
        step = request.POST.get("step")
        self.object = self.get_object(pk)
        if step not in STEPS or take_step(request.user, self.object.pk, step) is None:
            messages.error(request, _("That step cannot be taken now. The request may have changed."))
        else:
            messages.success(request, _("Done."))
        return SeeOtherRedirect(reverse("number_request", args=[self.object.pk]))

    def get_context_data(self, **kwargs):
        side = side_of(self.request.user, self.object)
        record, url_name = own_record(self.object, side)
        organization_id = (
            self.object.requesting_organization_id if side == "requesting" else self.object.holding_organization_id
        )
        steps = [(step, STEP_LABELS[step]) for step in allowed_steps(self.request.user, self.object)]
        return super().get_context_data(
            number_request=self.object,
            side=side,
            record=record,
            record_url=reverse(url_name, args=[record.pk]) if url_name and record else "",
            explanation=EXPLANATIONS.get((side, self.object.status), ""),
            steps_taken=steps_taken(self.object, organization_id),
            steps=steps,
            index_url=reverse("number_requests"),
            **kwargs,
        )
