"""The receiving organisation's side of a referral, in the Wagtail admin under /admin/referrals/.

Incoming: the referrals sent to the user's organisations that `policy.can_receive` allows right
now, each listed one logged as a read for the survivor. One referral: read and logged on every
view; its buttons move it on (accept, decline with a reason, service started, next appointment,
missed appointment, completed or not with an outcome), each re-checked against the policy, so
a consent withdrawn a second ago stops the next click. A refused referral is a 404, the same as
one that does not exist. The receiving side sees the referral and nothing else of hers.

Team: the survivors a user's organisation works with (her own organisation's, or shared with
it under consent covering referrals) and what needs attention, each row read through the policy.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.categories import Category
from portal.accounts.models import SurvivorProfile
from portal.plans.models import PlanEvent, Referral, record_event
from portal.plans.referrals import Attention, move, needs_attention, receiver_may

from . import policy
from .partner_data import her_local_time

S = Referral.Status


class ReferralPageMixin(WagtailAdminTemplateMixin):
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("referral_queue"), "label": _("Incoming referrals")}]


def row(referral):
    survivor = referral.plan.survivor
    return {
        "referral": referral,
        "survivor": survivor,
        "sent_at": her_local_time(survivor, referral.sent_at) if referral.sent_at else "",
        "next_appointment": (
            her_local_time(survivor, referral.next_appointment_at) if referral.next_appointment_at else ""
        ),
    }


class IncomingReferralsView(ReferralPageMixin, TemplateView):
    template_name = "sharing/admin/referral_queue.html"
    page_title = _("Incoming referrals")

    def get_context_data(self, **kwargs):
        shown = []
        for referral in policy.incoming_referrals(self.request.user):
            if policy.read_referral(self.request.user, referral):  # logged: she sees this list was looked at
                shown.append(row(referral))
        waiting = [r for r in shown if r["referral"].status == S.SENT]
        working = [r for r in shown if r["referral"].status in (S.ACCEPTED, S.STARTED)]
        ended = [r for r in shown if r not in waiting and r not in working]
        return super().get_context_data(waiting=waiting, working=working, ended=ended, **kwargs)


# Each button and the status it moves to (None: the status stays, an appointment is recorded).
ACTIONS = {
    "accept": S.ACCEPTED,
    "decline": S.DECLINED,
    "start": S.STARTED,
    "complete": S.DONE,
    "not_complete": S.NOT_COMPLETED,
    "appointment": None,
    "missed": None,
}


class ProgressForm(forms.Form):
    """One form for every button; `clean` asks for what the chosen move needs."""

    action = forms.ChoiceField(choices=[(value, value) for value in ACTIONS])
    decline_reason = forms.ChoiceField(label=_("Why"), choices=Referral.DeclineReason.choices, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices, required=False)
    next_appointment = forms.DateTimeField(
        label=_("Next appointment (her local time)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, time_zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = ZoneInfo(time_zone)

    def clean_next_appointment(self):
        """Typed as her clock reads it, whatever the server's zone or the staff member's."""
        value = self.cleaned_data["next_appointment"]
        if value is None:
            return None
        naive = value.replace(tzinfo=None) if timezone.is_aware(value) else value
        return datetime(*naive.timetuple()[:5], tzinfo=self.time_zone)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "decline" and not cleaned.get("decline_reason"):
            self.add_error("decline_reason", _("Choose why."))
        if action == "not_complete" and not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose an outcome."))
        if action == "appointment" and not cleaned.get("next_appointment"):
            self.add_error("next_appointment", _("Enter the date and time."))
        return cleaned


class IncomingReferralView(ReferralPageMixin, TemplateView):
    """One referral, as its receiving organisation sees it."""

    model = Referral
    template_name = "sharing/admin/referral_detail.html"

    def get_page_title(self):
        return str(self.referral)

    def dispatch(self, request, pk):
        candidates = Referral.objects.select_related("service__organization", "plan__survivor__contact")
        self.referral = get_object_or_404(candidates, pk=pk)
        if request.method == "GET":
            self.decision = policy.read_referral(request.user, self.referral)
        else:
            self.decision = policy.can_receive(request.user, self.referral)
        if not self.decision:
            raise Http404
        return super().dispatch(request, pk)

    def form(self, data=None):
        return ProgressForm(data, time_zone=self.referral.plan.survivor.contact.time_zone)

    def get_context_data(self, **kwargs):
        referral = self.referral
        moves = {action for action, status in ACTIONS.items() if status and receiver_may(referral, status)}
        if referral.status in (S.ACCEPTED, S.STARTED):
            moves |= {"appointment", "missed"} if referral.next_appointment_at else {"appointment"}
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            row=row(referral),
            moves=moves,
            consent=self.decision.consent,
            sent_by=referral.plan.survivor.organization,
            **kwargs,
        )

    def post(self, request, pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        referral, data, action = self.referral, form.cleaned_data, form.cleaned_data["action"]
        status = ACTIONS[action]
        staff = {"actor": PlanEvent.Actor.STAFF, "staff": request.user}
        if status is not None:
            if not receiver_may(referral, status):
                messages.error(request, _("This referral cannot move that way now."))
                return redirect(request.path)
            fields = {}
            if status == S.DECLINED:
                fields["decline_reason"] = data["decline_reason"]
            if status in (S.DONE, S.NOT_COMPLETED):
                fields["outcome"] = data["outcome"] or (Referral.Outcome.GOAL_MET if status == S.DONE else "")
                fields["next_appointment_at"] = None
            if status == S.STARTED and data["next_appointment"]:
                fields["next_appointment_at"] = data["next_appointment"]
            move(referral, status, **staff, **fields)
        elif referral.status in (S.ACCEPTED, S.STARTED):
            record_appointment(referral, action, data["next_appointment"], **staff)
        messages.success(request, _("Saved."))
        return redirect(request.path)


def record_appointment(referral, action, when, *, actor, staff):
    """A new appointment time, or a missed one: no status change, but a plan event all the same."""
    if action == "appointment":
        referral.next_appointment_at = when
        detail = f"referral {referral.pk}: appointment set"
    else:
        referral.appointment_missed_at = timezone.now()
        referral.next_appointment_at = None
        detail = f"referral {referral.pk}: appointment missed"
    referral.save(update_fields=["next_appointment_at", "appointment_missed_at", "updated_at"])
    record_event(referral.plan, PlanEvent.Kind.REFERRAL, actor=actor, staff=staff, detail=detail)


ATTENTION_LABELS = {
    Attention.WAITING: _("Waiting for an answer too long"),
    Attention.DECLINED: _("Declined, no new referral yet"),
    Attention.MISSED: _("Missed appointment"),
}


class TeamReferralsView(ReferralPageMixin, TemplateView):
    """My team's survivors: open referrals and what needs attention, read through the policy."""

    template_name = "sharing/admin/referral_team.html"
    page_title = _("My team's referrals")

    def survivors(self):
        user = self.request.user
        own = SurvivorProfile.objects.for_staff(user).open()
        shared = policy.survivors_sharing_with(policy.partner_organization_ids(user))
        return sorted({*own, *shared}, key=lambda survivor: survivor.pk)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        team = []
        for survivor in self.survivors():
            referrals = list(
                Referral.objects.filter(plan__survivor=survivor, plan__status__in=["active", "on_hold"])
                .select_related("service__organization")
                .order_by("pk")
            )
            if not referrals:
                continue
            decision = policy.read(self.request.user, survivor, Category.REFERRALS, record=f"survivor {survivor.pk}")
            if not decision:
                continue
            rows = []
            for referral in referrals:
                reason = needs_attention(referral, referrals, now)
                if referral.is_open or reason:
                    rows.append({**row(referral), "attention": ATTENTION_LABELS.get(reason, "")})
            if rows:
                team.append({"survivor": survivor, "rows": rows, "attention": any(r["attention"] for r in rows)})
        team.sort(key=lambda entry: (not entry["attention"], entry["survivor"].pk))
        return super().get_context_data(team=team, wait_days=settings.REFERRAL_WAIT_DAYS, **kwargs)


def waiting_count(user):
    """How many referrals wait for an answer at the user's organisations: the admin home's notice (a number only)."""
    return sum(1 for referral in policy.incoming_referrals(user) if referral.status == S.SENT)
