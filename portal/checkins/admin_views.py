"""The advocate's check-in desk: today's check-ins, replies, open alerts and response rates, and
one survivor's history. Only survivors of the staff member's own organisations appear
(accounts.models.case_organization_ids, the rule permissions.py applies to every case record).
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.case_admin import LoggedReadMixin, NotFoundWhenDeniedMixin
from portal.accounts.models import SurvivorProfile, case_organization_ids
from portal.core import audit
from portal.core.views import SeeOtherRedirect

from .models import CheckIn, CheckInAlert

RATE_DAYS = 30
FINISHED = (*CheckIn.ANSWERED, CheckIn.Status.MISSED)


def scoped_check_ins(user):
    return CheckIn.objects.filter(plan__survivor__organization_id__in=case_organization_ids(user))


def response_rates(check_ins, since):
    """Per survivor: answered and missed check-ins since `since`, and the share answered."""
    rows = (
        check_ins.filter(sent_at__gte=since, status__in=FINISHED)
        .values("plan__survivor_id")
        .annotate(answered=Count("pk", filter=Q(status__in=CheckIn.ANSWERED)), total=Count("pk"))
        .order_by("plan__survivor_id")
    )
    return [
        {
            "survivor_id": row["plan__survivor_id"],
            "answered": row["answered"],
            "total": row["total"],
            "percent": round(100 * row["answered"] / row["total"]),
            "url": reverse("checkins_survivor", args=[row["plan__survivor_id"]]),
        }
        for row in rows
    ]


class CaseStaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not case_organization_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CheckInsTodayView(CaseStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "checkins/admin/today.html"
    page_title = _("Check-ins")
    header_icon = "time"

    def post(self, request):
        """Mark one alert as dealt with."""
        alerts = CheckInAlert.objects.filter(
            check_in__plan__survivor__organization_id__in=case_organization_ids(request.user)
        )
        alert = alerts.filter(pk=request.POST.get("alert"), resolved_at__isnull=True).first()
        # Only the request that resolves it logs it: a second click on the same alert changes nothing.
        if alert and CheckInAlert.objects.filter(pk=alert.pk, resolved_at=None).update(resolved_at=timezone.now()):
            audit.log_change(alert, audit.DEALT_WITH, request.user)
        return SeeOtherRedirect(reverse("checkins_today"))

    def get_context_data(self, **kwargs):
        check_ins = scoped_check_ins(self.request.user)
        today = timezone.localdate()
        start = timezone.make_aware(datetime.combine(today, time(0)))
        end = start + timedelta(days=1)
        todays = (
            check_ins.filter(Q(due_at__gte=start, due_at__lt=end) | Q(sent_at__gte=start, sent_at__lt=end))
            .select_related("plan__survivor")
            .order_by("due_at")
        )
        alerts = (
            CheckInAlert.objects.filter(check_in__in=check_ins, resolved_at__isnull=True)
            .select_related("check_in__plan__survivor", "for_user")
            .order_by("-created_at")
        )
        return super().get_context_data(
            check_ins=todays[:500],
            replies=todays.filter(status__in=CheckIn.ANSWERED),
            alerts=alerts[:200],
            rates=response_rates(check_ins, timezone.now() - timedelta(days=RATE_DAYS)),
            rate_days=RATE_DAYS,
            plans_url=reverse("checkin-plans:index"),
            **kwargs,
        )


class SurvivorCheckInsView(
    NotFoundWhenDeniedMixin, LoggedReadMixin, CaseStaffMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Every check-in of one survivor, newest first, with its alerts; each look is in her access log."""

    model = SurvivorProfile
    read_categories = ("checkins",)
    record_kind = "check-ins of survivor"
    template_name = "checkins/admin/survivor.html"
    page_title = _("Check-in history")
    header_icon = "history"

    def get_page_subtitle(self):
        return str(self.survivor)

    def logged_object(self):
        return self.survivor

    def dispatch(self, request, pk):
        self.survivor = get_object_or_404(SurvivorProfile.objects.for_staff(request.user), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        check_ins = CheckIn.objects.filter(plan__survivor=self.survivor)
        return super().get_context_data(
            survivor=self.survivor,
            check_ins=check_ins.prefetch_related("alerts").order_by("-due_at")[:500],
            rates=response_rates(check_ins, timezone.now() - timedelta(days=RATE_DAYS)),
            rate_days=RATE_DAYS,
            today_url=reverse("checkins_today"),
            **kwargs,
        )
