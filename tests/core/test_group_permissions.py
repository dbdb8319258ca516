"""Every permission of the portal's own apps that the Groups editor offers does something: generated from
the registered permissions, so a viewset added later that offers a dead one fails here.

A permission does something when the model's registered permission policy answers differently for a
user holding only it than for one without (that is what every admin view asks), or, for a permission
of its own kind, when the code checks it by name. Survivor, plan and other case-record permissions
are not offered: membership of her organisation decides access to those (accounts.permissions), so
only the shared help queue's "change" and "view" remain. Wagtail's and Django's own permissions are
checked by Wagtail itself.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.urls import get_resolver
from wagtail.permissions import policy_registry
from wagtail.users.forms import GroupForm

pytestmark = pytest.mark.django_db

PORTAL = Path(settings.BASE_DIR) / "portal"
CASE_RECORD_MODELS = {
    ("accounts", "survivorprofile"),
    ("plans", "plan"),
    ("checkins", "checkinplan"),
    ("sharing", "consent"),
    ("sharing", "careteammember"),
    ("sharing", "accessevent"),
    ("sharing", "legaldisclosure"),
}


def offered_permissions():
    assert get_resolver().url_patterns  # the admin's viewsets register their permissions as the URLs load
    return list(GroupForm().registered_permissions.select_related("content_type"))


def portal_permissions():
    return [p for p in offered_permissions() if p.content_type.model_class().__module__.startswith("portal.")]


def checked_by_name(permission):
    """Whether code outside models and migrations asks for this permission by its full name."""
    full_name = f"{permission.content_type.app_label}.{permission.codename}"
    for path in PORTAL.rglob("*.py"):
        if "migrations" in path.parts or path.name == "models.py" or path.parent.name == "models":
            continue
        if re.search(rf"[\"']{re.escape(full_name)}[\"']", path.read_text()):
            return True
    return False


def policy_answers(permission):
    """Whether the model's policy says yes for a user with only this permission and no for one without."""
    model = permission.content_type.model_class()
    action = permission.codename.removesuffix(f"_{model._meta.model_name}")
    policy = policy_registry.get_by_type(model, fallback=False)
    if policy is None or action == permission.codename:
        return False
    holder = User.objects.create_user(f"holder-{permission.pk}", password="x" * 20)
    holder.user_permissions.add(permission)
    holder = User.objects.get(pk=holder.pk)  # a fresh permission cache
    without = User.objects.create_user(f"without-{permission.pk}", password="x" * 20)
    return policy.user_has_permission(holder, action) and not policy.user_has_permission(without, action)


def test_every_permission_the_group_editor_offers_is_checked_somewhere():
    offered = portal_permissions()
    assert offered, "the walk found no permissions"
    dead = [
        f"{p.content_type.app_label}.{p.codename}" for p in offered if not (policy_answers(p) or checked_by_name(p))
    ]
    assert dead == []


def test_case_records_offer_only_the_shared_queues_permissions():
    offered = {(p.content_type.app_label, p.codename) for p in offered_permissions()}
    assert not {(app, code) for app, code in offered if (app, code.split("_", 1)[1]) in CASE_RECORD_MODELS}
    messaging = {code for app, code in offered if app == "messaging"}
    assert messaging == {
        f"{action}_{model}" for action in ("change", "view") for model in ("helprequest", "conversation", "contact")
    }


def test_the_check_catches_a_permission_that_does_nothing():
    dead = Permission.objects.get(codename="add_survivorprofile")
    assert not policy_answers(dead) and not checked_by_name(dead)
    assert checked_by_name(Permission.objects.get(codename="clear_confidential"))
