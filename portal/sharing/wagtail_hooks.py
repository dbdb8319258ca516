"""Sharing in the admin: the partner pages, care teams, legal disclosures and the access log.

Care teams, disclosures and the access log are scoped like every survivor record
(CaseRecordPermissionPolicy on the survivor's organisation). The access log is view-only for
everyone, superusers included: no add, edit or delete view lets anyone change it.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import CreateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal.accounts.case_admin import CaseRecordViewSet, NotFoundWhenDeniedMixin
from portal.accounts.case_links import case_column
from portal.core import audit

from . import partner_views, policy, referral_queue
from .admin_forms import CareTeamMemberForm, InPersonConsentForm, LegalDisclosureForm
from .forms import end_of_day
from .models import AccessEvent, CareTeamMember, Consent, LegalDisclosure


class SurvivorRecordViewSet(CaseRecordViewSet):
    """A record of one survivor: hers and her organisation's, through `survivor`."""

    organization_path = "survivor__organization_id"
    survivor_path = "survivor"


@hooks.register("register_admin_urls")
def partner_urls():
    return [
        path("partners/", partner_views.SharedWithUsView.as_view(), name="sharing_partner_list"),
        path("partners/<int:pk>/", partner_views.SharedSurvivorView.as_view(), name="sharing_partner_survivor"),
        path(
            "partners/<int:pk>/<slug:category>/",
            partner_views.SharedCategoryView.as_view(),
            name="sharing_partner_category",
        ),
    ]


@hooks.register("register_admin_urls")
def referral_urls():
    return [
        path("referrals/incoming/", referral_queue.IncomingReferralsView.as_view(), name="referral_queue"),
        path("referrals/incoming/<int:pk>/", referral_queue.IncomingReferralView.as_view(), name="referral_incoming"),
        path("referrals/team/", referral_queue.TeamReferralsView.as_view(), name="referral_team"),
    ]


class IncomingReferralsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(policy.receiving_organization_ids(request.user))


@hooks.register("register_admin_menu_item")
def referral_menu_items():
    return IncomingReferralsMenuItem(_("Incoming referrals"), reverse("referral_queue"), icon_name="mail", order=206)


@hooks.register("register_admin_menu_item")
def team_referrals_menu_item():
    return IncomingReferralsMenuItem(_("My team's referrals"), reverse("referral_team"), icon_name="group", order=207)


class WaitingReferralsPanel(Component):
    """The admin home's notice: how many referrals wait for an answer. A number, nothing about anyone."""

    name = "waiting_referrals"
    order = 90
    template_name = "sharing/admin/waiting_referrals_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "url": reverse("referral_queue")}


@hooks.register("construct_homepage_panels")
def waiting_referrals_panel(request, panels):
    count = referral_queue.waiting_count(request.user)
    if count:
        panels.append(WaitingReferralsPanel(count))


class PartnerMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(policy.partner_organization_ids(request.user))


@hooks.register("register_admin_menu_item")
def partner_menu_item():
    return PartnerMenuItem(_("Shared with us"), reverse("sharing_partner_list"), icon_name="group", order=205)


class CareTeamViewSet(SurvivorRecordViewSet):
    model = CareTeamMember
    permission_actions = ("add", "change", "delete", "view")
    icon = "group"
    menu_label = _("Care teams")
    list_display = ["survivor", "organization", "role", "staff"]
    list_filter = ["role"]
    edit_handler = ObjectList(
        [FieldPanel("survivor"), FieldPanel("organization"), FieldPanel("role"), FieldPanel("staff")],
        base_form_class=CareTeamMemberForm,
    )


class DisclosureCreateView(CreateView):
    """Recording a disclosure also logs it where the survivor sees it: one access event per category."""

    def save_instance(self):
        with transaction.atomic():
            disclosure = self.form.save(commit=False)
            disclosure.recorded_by = self.request.user
            disclosure.save()
            policy.record_disclosure(disclosure, self.request.user)
        return disclosure


class DisclosureViewSet(SurvivorRecordViewSet):
    model = LegalDisclosure
    permission_actions = ("add", "view")
    icon = "warning"
    menu_label = _("Legal disclosures")
    add_view_class = DisclosureCreateView
    list_display = ["__str__", "survivor", "basis", "disclosed_to", "at", "recorded_by"]
    edit_handler = ObjectList(
        [
            FieldPanel("survivor"),
            FieldPanel("basis"),
            FieldPanel("reference"),
            FieldPanel("disclosed_to"),
            FieldPanel("categories"),
            FieldPanel("at"),
        ],
        base_form_class=LegalDisclosureForm,
    )


class AccessEventViewSet(SurvivorRecordViewSet):
    model = AccessEvent
    permission_actions = ("view",)
    icon = "history"
    menu_label = _("Access log")
    list_display = ["at", "survivor", "viewer_name", "organization", "category", "basis", "permitted"]
    list_filter = ["category", "basis", "permitted"]
    form_fields = []


class InPersonConsentCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        consent = Consent.build(
            survivor=data["survivor"],
            recipient=data["recipient"],
            purpose=data["purpose"],
            permitted=data["permitted"],
            ends_at=end_of_day(data["ends_on"]),
            language=data["survivor"].preferred_language,
            given_via=Consent.Given.IN_PERSON,
            witness=self.request.user,
            remind_before_end=data["remind_before_end"],
        )
        consent.save()
        audit.log_change(consent, audit.CONSENT_RECORDED, self.request.user)
        return consent


class StopConsentView(NotFoundWhenDeniedMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The survivor asked in person to stop sharing: the only change an advocate can make to a consent."""

    model = Consent
    permission_required = "change"
    template_name = "sharing/admin/stop_consent.html"
    page_title = _("Stop sharing")
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        if self.permission_policy.user_has_permission(request.user, "change"):
            allowed = self.permission_policy.instances_user_has_any_permission_for(request.user, ["change"])
            self.consent = get_object_or_404(allowed.select_related("recipient"), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(consent=self.consent, **kwargs)

    def post(self, request, pk):
        self.consent.revoke(Consent.Given.IN_PERSON)
        audit.log_change(self.consent, audit.CONSENT_STOPPED, request.user)
        messages.success(request, _("Sharing stopped. The organization can no longer see anything."))
        return redirect(reverse("consent:index"))


class ConsentViewSet(SurvivorRecordViewSet):
    """Consents given in person, and stopping one in person. Terms never change once given."""

    model = Consent
    permission_actions = ("add", "view", "change")
    icon = "doc-full"
    menu_label = _("Consents")
    add_view_class = InPersonConsentCreateView
    list_display = ["__str__", "survivor", "recipient", "ends_at", "given_via", "revoked_at", case_column()]
    edit_handler = ObjectList(
        [
            FieldPanel("survivor"),
            FieldPanel("recipient"),
            FieldPanel("purpose"),
            FieldPanel("permitted"),
            FieldPanel("ends_on"),
            FieldPanel("remind_before_end"),
        ],
        base_form_class=InPersonConsentForm,
    )

    def get_urlpatterns(self):
        # No edit view: the terms of a consent never change. Stopping it is the one action.
        patterns = [p for p in super().get_urlpatterns() if p.name not in ("edit", "delete")]
        return patterns + [path("stop/<int:pk>/", StopConsentView.as_view(), name="edit")]


class SharingViewSetGroup(ModelViewSetGroup):
    items = (CareTeamViewSet, ConsentViewSet, DisclosureViewSet, AccessEventViewSet)
    menu_icon = "group"
    menu_label = _("Sharing")
    menu_name = "sharing"
    menu_order = 212


@hooks.register("register_admin_viewset")
def register_sharing_viewsets():
    return SharingViewSetGroup()
