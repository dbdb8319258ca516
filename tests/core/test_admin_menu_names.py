"""Every menu in the admin sidebar opens alone.

Wagtail's sidebar treats a menu as open when the path of the open one starts with its path (".help"
is open while ".help-and-texts" is), so two names where one begins the other open two flyouts on
top of each other. Built from the menu as registered, so a menu added later is checked too.
"""

import pytest
from django.test import RequestFactory
from django.urls import resolve
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

pytestmark = pytest.mark.django_db


def menu_paths(menu, request, parent=""):
    for item in menu.menu_items_for_request(request):
        path = f"{parent}.{item.name}"
        yield path
        if isinstance(item, SubmenuMenuItem):
            yield from menu_paths(item.menu, request, path)


def clashes(paths):
    return [
        (first, second)
        for first in paths
        for second in paths
        if first != second and second.startswith(first) and not second.startswith(first + ".")
    ]


def test_no_menu_path_begins_another(django_user_model):
    """The menus of every role together: the demo's staff and a superuser, since some menus only show
    with an organisation's membership."""
    # Viewsets add their menus when the admin's URLs load, as they do before any real request.
    resolve("/admin/")
    django_user_model.objects.create_superuser("menu-reader", "m@example.org", "x" * 20)
    # The account menu is not a registered item, but the sidebar opens it by the same rule.
    paths = {".account"}
    for user in django_user_model.objects.filter(is_active=True):
        request = RequestFactory().get("/admin/")
        request.user = user
        paths.update(menu_paths(admin_menu, request))
    assert {".help", ".directory", ".texts-inbox"} <= paths  # the real menus were read, Wagtail's own too
    assert any(path.count(".") == 2 for path in paths)  # and their submenus
    assert clashes(sorted(paths)) == []


def test_the_rule_catches_the_clash_that_opened_two_flyouts():
    assert clashes([".help", ".help-and-texts", ".help.about"]) == [(".help", ".help-and-texts")]
