"""The desk in the Wagtail admin: its page, a menu item with the number of waiting items, a panel on
the dashboard and the supervisors' caseload page. Taking and reassigning are audited through core.audit."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from portal.accounts.models import case_organization_ids
from portal.accounts.number_requests import supervised_organization_ids

from .items import open_items
from .views import CaseloadView, DeskView

PANEL_ITEMS = 5


def items_for(request):
    """The desk's items, read once per request however many parts of the page show them."""
    if not hasattr(request, "_desk_items"):
        request._desk_items = open_items(request.user)
    return request._desk_items


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [
        path("desk/", DeskView.as_view(), name="desk"),
        path("desk/caseload/", CaseloadView.as_view(), name="desk_caseload"),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(case_organization_ids(request.user))

    def render_component(self, request):
        component = super().render_component(request)
        count = len(items_for(request))
        # The number is part of the visible label, so a screen reader says it too: "Desk (3)".
        component.label = f"{component.label} ({count})"
        component.attrs = {**component.attrs, "data-desk-count": str(count)}
        return component


class CaseloadMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(supervised_organization_ids(request.user))


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(_("Desk"), reverse("desk"), icon_name="warning", name="desk", order=100)


@hooks.register("register_admin_menu_item")
def register_caseload_menu_item():
    return CaseloadMenuItem(_("Caseload"), reverse("desk_caseload"), icon_name="group", name="caseload", order=216)


class DeskPanel(Component):
    name = "desk"
    order = 50
    template_name = "desk/panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        items = items_for(self.request)
        return {"items": items[:PANEL_ITEMS], "more": max(len(items) - PANEL_ITEMS, 0), "request": self.request}


@hooks.register("construct_homepage_panels")
def add_desk_panel(request, panels):
    if case_organization_ids(request.user):
        panels.append(DeskPanel(request))
