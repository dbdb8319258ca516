"""Who on the staff may see which survivor: the one rule, used by every admin view of their records.

A staff member reaches a survivor's record only as an advocate or supervisor of the survivor's
own organisation (Membership). Querysets are filtered and single objects are looked up through
the filtered queryset, so another organisation's survivor is a 404 by URL, not just hidden from
menus. Superusers get no exception. Partner agencies come later, through the sharing app's policy.
"""

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import CASE_ROLES, case_organization_ids


class CaseRecordPermissionPolicy(BasePermissionPolicy):
    def __init__(self, model, organization_path, actions=("add", "change", "view")):
        super().__init__(model)
        self.organization_path = organization_path
        self.actions = set(actions)

    def _organization_id(self, instance):
        value = instance
        for part in self.organization_path.split("__"):
            value = getattr(value, part)
        return value

    def user_has_permission(self, user, action):
        return action in self.actions and bool(case_organization_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, memberships__role__in=CASE_ROLES).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._organization_id(instance) in case_organization_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(**{f"{self.organization_path}__in": case_organization_ids(user)})

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions).filter(
            memberships__organization_id=self._organization_id(instance)
        )


class ScopedIndexMixin:
    """A listing of only the records the user may see."""

    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change", "view"])
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class ScopedHistoryMixin:
    """History and usage views find their object only among the records the user may see.

    Their own queryset lists log entries or references, so only the object lookup is scoped.
    """

    def scoped_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change", "view"])

    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedObjectMixin(ScopedHistoryMixin):
    """Edit and delete views find their object only among the records the user may see."""

    def get_queryset(self):
        return self.scoped_queryset()
