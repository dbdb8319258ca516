"""The advocate side of accounts: survivors of the advocate's own organisations, and memberships.

Survivor records are scoped by CaseRecordPermissionPolicy (permissions.py) in every view: the
list, the edit form, history, usage and the case actions. Nobody deletes a survivor here;
closing the case schedules the deletion (see portal.plans.retention).
"""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from . import admin_views, partner_user_views, partner_users, staff_device_views, staff_devices, staff_session
from .admin_forms import MembershipForm, SurvivorIntakeForm
from .case_admin import CaseRecordViewSet
from .case_links import case_column
from .case_search import CaseSearchMixin
from .choosers import CASE_WORK_ORGANIZATIONS, OWN_ORGANIZATIONS, SUPERVISED_ORGANIZATIONS
from .models import Membership, SurvivorProfile
from .number_request_views import NumberRequestIndexView, NumberRequestView
from .number_requests import supervised_organization_ids
from .texts_admin import MessagingViewSetGroup

CASE_ACTIONS = [
    ("reset_pin", _("Reset PIN"), "key"),
    ("unlock", _("Unlock sign-in"), "lock-open"),
    ("close", _("Close case"), "cross"),
]


class SurvivorEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for priority, (action, label, icon) in enumerate(CASE_ACTIONS, start=30):
            url = reverse(f"survivors:{action}", args=[self.object.pk])
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class SurvivorIndexView(CaseSearchMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("contact", "organization")


class SurvivorViewSet(CaseRecordViewSet):
    model = SurvivorProfile
    organization_path = "organization_id"
    read_categories = ("contact",)
    name = "survivors"
    icon = "user"
    menu_label = _("Survivors")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = SurvivorIndexView
    add_view_class = admin_views.SurvivorCreateView
    edit_view_class = SurvivorEditView
    list_display = [
        "__str__",
        Column("name", label=_("Name or alias"), accessor="name"),
        Column("phone", label=_("Phone"), accessor=lambda obj: obj.contact.masked_phone),
        "organization",
        "locked",
        Column(
            "deletion",
            label=_("Asked for deletion"),
            accessor=lambda obj: _("Yes") if obj.deletion_requested_at else "",
        ),
        "closed_at",
        case_column("pk"),
    ]
    list_filter = ["locked", "organization"]
    edit_handler = ObjectList(
        [
            FieldPanel("organization"),
            FieldPanel("name"),
            FieldPanel("preferred_language"),
            MultiFieldPanel(
                [
                    FieldPanel("phone"),
                    FieldPanel("channel"),
                    FieldPanel("check_in_channel"),
                    FieldPanel("sign_in_channel"),
                    FieldPanel("channel_consent"),
                    FieldPanel("time_zone"),
                    FieldPanel("safe_time"),
                    FieldPanel("may_identify"),
                    FieldPanel("code_word"),
                    FieldPanel("voicemail_ok"),
                ],
                heading=_("Safe contact"),
            ),
            MultiFieldPanel(
                [FieldPanel("age_group"), FieldPanel("trafficking_type"), FieldPanel("nationality_group")],
                heading=_("For funder reports"),
                help_text=_(
                    "Only counts leave the portal, never a name. "
                    "Choose “Prefer not to say” if she does not want to answer."
                ),
            ),
        ],
        base_form_class=SurvivorIntakeForm,
    )

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for action, _label, _icon in CASE_ACTIONS:
            view = admin_views.SurvivorActionView.as_view(action=action, edit_url_name=self.get_url_name("edit"))
            patterns.append(path(f"{action.replace('_', '-')}/<int:pk>/", view, name=action))
        return patterns


class MembershipViewSet(ModelViewSet):
    """Who works for which organisation; by default only superusers hold these permissions."""

    model = Membership
    name = "memberships"
    icon = "group"
    menu_label = _("Memberships")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["user", "organization", "role"]
    list_filter = ["role", "organization"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("organization"), FieldPanel("role")], base_form_class=MembershipForm
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SurvivorViewSet(), MembershipViewSet()]


@hooks.register("register_admin_viewset")
def register_organization_choosers():
    return [OWN_ORGANIZATIONS, CASE_WORK_ORGANIZATIONS, SUPERVISED_ORGANIZATIONS]


@hooks.register("register_admin_viewset")
def register_texts_viewsets():
    """messaging's queue of help requests and texts (accounts.texts_admin)."""
    return MessagingViewSetGroup()


@hooks.register("register_admin_urls")
def register_number_request_urls():
    return [
        path("number-requests/", NumberRequestIndexView.as_view(), name="number_requests"),
        path("number-requests/<int:pk>/", NumberRequestView.as_view(), name="number_request"),
    ]


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(supervised_organization_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_number_request_menu_item():
    return SupervisorMenuItem(
        _("Number requests"), reverse("number_requests"), icon_name="mobile-alt", name="number-requests", order=215
    )


@hooks.register("register_admin_urls")
def register_staff_device_urls():
    return [
        path("sign-in-devices/new-phone/", staff_device_views.NewPhoneView.as_view(), name="staff_new_phone"),
        path(
            "sign-in-devices/new-backup-codes/",
            staff_device_views.NewBackupCodesView.as_view(),
            name="staff_new_backup_codes",
        ),
        path("sign-in-devices/colleagues/", staff_device_views.ColleaguesView.as_view(), name="staff_colleagues"),
        path(
            "sign-in-devices/colleagues/<int:pk>/reset/",
            staff_device_views.ResetDevicesView.as_view(),
            name="staff_reset_devices",
        ),
    ]


@hooks.register("register_account_menu_item")
def new_phone_account_item(request):
    return {
        "url": reverse("staff_new_phone"),
        "label": _("Move sign-in to a new phone"),
        "help_text": _("Set up the authenticator app on a new phone. The old one stops working."),
    }


@hooks.register("register_account_menu_item")
def new_backup_codes_account_item(request):
    return {
        "url": reverse("staff_new_backup_codes"),
        "label": _("New backup codes"),
        "help_text": _("Get ten new backup codes. The old ones stop working."),
    }


class ColleaguesMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_devices.may_reset_anyone(request.user)


@hooks.register("register_settings_menu_item")
def register_colleagues_menu_item():
    return ColleaguesMenuItem(
        _("Colleagues' sign-in"), reverse("staff_colleagues"), icon_name="lock", name="colleagues-sign-in", order=610
    )


@hooks.register("register_log_actions")
def second_factor_log_actions(actions):
    for action, label, message in staff_devices.LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_partner_user_urls():
    return [path("partner-users/add/", partner_user_views.AddPartnerUserView.as_view(), name="add_partner_user")]


class AddPartnerUserMenuItem(MenuItem):
    def is_shown(self, request):
        return partner_users.may_add_partner_users(request.user)


@hooks.register("register_settings_menu_item")
def register_add_partner_user_menu_item():
    return AddPartnerUserMenuItem(
        _("Add a partner user"), reverse("add_partner_user"), icon_name="user", name="add-partner-user", order=620
    )


@hooks.register("register_admin_urls")
def register_stay_signed_in_url():
    return [path("stay-signed-in/", staff_session.stay_signed_in, name="staff_stay_signed_in")]


@hooks.register("insert_global_admin_js")
def staff_timeout_warning():
    """The idle sign-out warning on every admin page (accounts.staff_session)."""
    return render_to_string("accounts/admin/staff_timeout.html", staff_session.warning_settings())
