"""Advocates keep plans in the admin: goals, steps, referrals and appointments edited inline,
and a timeline of every change. Only plans of survivors in the advocate's own organisations are
listed or reachable (CaseRecordPermissionPolicy); plans are started at intake, never added here."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from portal.accounts.case_admin import CaseRecordViewSet, NotFoundWhenDeniedMixin
from portal.accounts.case_links import case_column
from portal.accounts.categories import Category
from portal.directory.choosers import PUBLISHED_SERVICES

from .forms import PlanForm
from .models import Plan, PlanEvent, record_event
from .referrals import moved


def timeline_url(plan):
    return reverse("plans:timeline", args=[plan.pk])


class PlanIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("survivor", "primary_advocate")


class PlanEditView(EditView):
    def save_instance(self):
        changed = [name for name, formset in getattr(self.form, "formsets", {}).items() if formset.has_changed()]
        if self.form.changed_data:
            changed.insert(0, "plan")
        referral_forms = getattr(self.form, "formsets", {}).get("referrals")
        changed_referrals = [
            (form, form.initial.get("status") if form.instance.pk else None)
            for form in (referral_forms.forms if referral_forms is not None else [])
            if form.has_changed() and not (getattr(form, "cleaned_data", None) or {}).get("DELETE")
        ]
        with transaction.atomic():
            instance = super().save_instance()
            for form, before in changed_referrals:
                if form.instance.pk:
                    moved(form.instance, before, actor=PlanEvent.Actor.STAFF, staff=self.request.user)
            if changed:
                record_event(
                    instance,
                    PlanEvent.Kind.UPDATED,
                    actor=PlanEvent.Actor.STAFF,
                    staff=self.request.user,
                    detail=", ".join(changed),
                )
        return instance

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("Timeline"), url=timeline_url(self.object), icon_name="history", priority=30))
        return buttons


class PlanTimelineView(NotFoundWhenDeniedMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every recorded change to one plan, newest first."""

    model = Plan
    permission_required = "view"
    template_name = "plans/admin/timeline.html"
    header_icon = "history"
    page_title = _("Timeline")

    def dispatch(self, request, pk):
        allowed = self.permission_policy.instances_user_has_any_permission_for(request.user, ["change", "view"])
        self.plan = get_object_or_404(allowed, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.plan)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan,
            events=self.plan.events.select_related("staff"),
            # Every duress signal of hers, with the plan's own events (kept on her profile, not the plan).
            duress_signals=self.plan.survivor.duress_signals.all(),
            edit_url=reverse("plans:edit", args=[self.plan.pk]),
            **kwargs,
        )


class PlanViewSet(CaseRecordViewSet):
    model = Plan
    organization_path = "survivor__organization_id"
    survivor_path = "survivor"
    permission_actions = ("change", "view")
    read_categories = (Category.GOALS, Category.STEPS, Category.REFERRALS, Category.APPOINTMENTS, Category.NOTES)
    name = "plans"
    icon = "list-ul"
    menu_label = _("Service plans")
    menu_order = 211
    add_to_admin_menu = True
    index_view_class = PlanIndexView
    edit_view_class = PlanEditView
    list_display = [
        "__str__",
        "survivor",
        Column("name", label=_("Name or alias"), accessor=lambda plan: plan.survivor.name),
        "status",
        "primary_advocate",
        "next_review_date",
        TitleColumn("timeline", label=_("Timeline"), get_url=timeline_url, accessor=lambda plan: _("Timeline")),
        case_column(),
    ]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("primary_advocate"),
            FieldPanel("next_review_date"),
            InlinePanel("goals", heading=_("Goals"), label=_("Goal")),
            InlinePanel("steps", heading=_("Steps"), label=_("Step")),
            InlinePanel(
                "referrals",
                heading=_("Referrals"),
                label=_("Referral"),
                panels=[
                    FieldPanel("service", widget=PUBLISHED_SERVICES.widget_class),
                    FieldPanel("status"),
                    FieldPanel("note"),
                ],
            ),
            InlinePanel("appointments", heading=_("Appointments"), label=_("Appointment")),
        ],
        base_form_class=PlanForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("timeline/<int:pk>/", PlanTimelineView.as_view(), name="timeline")]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PlanViewSet()
