"""Check-ins in the Wagtail admin: plans (set up with consent, paused with one tick), today's desk
and each survivor's history. Everything is scoped to the staff member's own organisations."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from portal.accounts.case_admin import CaseRecordViewSet
from portal.accounts.case_links import case_column
from portal.accounts.models import case_organization_ids

from .admin_forms import CheckInPlanForm
from .admin_views import CheckInsTodayView, SurvivorCheckInsView
from .models import CheckInPlan


def history_url(plan):
    return reverse("checkins_survivor", args=[plan.survivor_id])


class CheckInPlanIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("survivor", "advocate")


class CheckInPlanViewSet(CaseRecordViewSet):
    model = CheckInPlan
    organization_path = "survivor__organization_id"
    survivor_path = "survivor"
    read_categories = ("checkins",)
    name = "checkin-plans"
    icon = "time"
    menu_label = _("Check-in plans")
    add_to_admin_menu = False
    index_view_class = CheckInPlanIndexView
    list_display = [
        "__str__",
        "survivor",
        "frequency",
        "advocate",
        Column("paused", label=_("Paused"), accessor=lambda plan: _("Yes") if plan.paused_at else ""),
        "ends_on",
        TitleColumn("history", label=_("History"), get_url=history_url, accessor=lambda plan: _("History")),
        case_column(),
    ]
    list_filter = ["frequency"]
    edit_handler = ObjectList(
        [
            FieldPanel("survivor"),
            FieldPanel("consent"),
            FieldPanel("advocate"),
            FieldPanel("frequency"),
            FieldPanel("every_n_days"),
            FieldPanel("dates"),
            FieldPanel("starts_on"),
            FieldPanel("ends_on"),
            FieldPanel("window_start"),
            FieldPanel("window_end"),
            FieldPanel("time_zone"),
            FieldPanel("language"),
            FieldPanel("use_code_word"),
            FieldPanel("grace_minutes"),
            FieldPanel("pause"),
        ],
        base_form_class=CheckInPlanForm,
    )


checkin_plan_viewset = CheckInPlanViewSet()


@hooks.register("register_admin_viewset")
def register_checkin_plans():
    return checkin_plan_viewset


@hooks.register("register_admin_urls")
def register_checkin_desk_urls():
    return [
        path("check-ins/today/", CheckInsTodayView.as_view(), name="checkins_today"),
        path("check-ins/survivor/<int:pk>/", SurvivorCheckInsView.as_view(), name="checkins_survivor"),
    ]


class CaseStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(case_organization_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_checkin_desk_menu_item():
    return CaseStaffMenuItem(_("Check-ins"), reverse("checkins_today"), icon_name="time", order=212)
