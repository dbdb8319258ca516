"""Every admin menu item a person sees opens for them.

Walks the sidebar as each role sees it (the demo advocate, staff of every membership role in the
demo organisation with the group a deployment gives that role, and a superuser) and follows every
item's link: a menu item shown to someone who then gets "permission denied" is a defect. Built from
the registered menu, so an item added later is checked by the same rule.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import resolve
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from portal.accounts.models import Membership
from tests.accounts.builders import make_staff, verified_admin_client

pytestmark = pytest.mark.django_db

GROUP_FOR_ROLE = {
    Membership.Role.ADVOCATE: "Advocates",
    Membership.Role.SUPERVISOR: "Advocates",
    Membership.Role.EDITOR: "Editors",
    Membership.Role.PARTNER: None,
}


def leaf_items(menu, request):
    for item in menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            yield from leaf_items(item.menu, request)
        else:
            yield item


def people():
    demo_advocate = User.objects.get(username="advocate")
    organization = demo_advocate.memberships.get().organization
    yield demo_advocate
    for role, group_name in GROUP_FOR_ROLE.items():
        user = make_staff(organization, f"menu-{role}", role=role)
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        yield user
    yield User.objects.create_superuser("menu-superuser", "s@example.org", "x" * 20)


def test_every_menu_item_shown_opens():
    resolve("/admin/")  # viewsets add their menus when the admin's URLs load
    refused, followed = [], 0
    for person in people():
        request = RequestFactory().get("/admin/")
        request.user = person
        client = verified_admin_client(Client(), person)
        for item in leaf_items(admin_menu, request):
            if not item.url.startswith("/admin/"):
                continue  # links out of the admin (Wagtail's editor guide)
            status = client.get(item.url).status_code
            followed += 1
            if status != 200:
                refused.append((person.username, item.name, item.url, status))
    assert followed > 30  # every role's menu was really walked
    assert refused == [], "\n".join(map(str, refused))


# Menu items shown only to some roles: who sees each (everyone else neither sees it nor opens it).
ROLE_ONLY_ITEMS = {
    ("desk", "/admin/desk/"): {"advocate", f"menu-{Membership.Role.ADVOCATE}", f"menu-{Membership.Role.SUPERVISOR}"},
    ("caseload", "/admin/desk/caseload/"): {f"menu-{Membership.Role.SUPERVISOR}"},
}


def test_role_only_items_are_shown_to_their_roles_and_refused_to_everyone_else():
    resolve("/admin/")
    for person in people():
        request = RequestFactory().get("/admin/")
        request.user = person
        shown = {item.name: item.url for item in leaf_items(admin_menu, request)}
        client = verified_admin_client(Client(), person)
        for (name, url), who in ROLE_ONLY_ITEMS.items():
            if person.username in who:
                assert shown.get(name) == url, (person.username, name)
                assert client.get(url).status_code == 200
            else:
                assert name not in shown, (person.username, name)
                assert client.get(url).status_code in (302, 404), (person.username, name)
