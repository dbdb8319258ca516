"""Who on the staff may see which survivor: the one rule, used by every admin view of their records.

A staff member reaches a survivor's record only as an advocate or supervisor of the survivor's
own organisation (Membership). Querysets are filtered and single objects are looked up through
the filtered queryset, so another organisation's survivor is a 404 by URL, not just hidden from
menus. Superusers get no exception. Partner agencies come later, through the sharing app's policy.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import CASE_ROLES, case_organization_ids


class CaseRecordPermissionPolicy(BasePermissionPolicy):
    """`organization_path` leads from the record to the organisation it belongs to.

    With `shared_while_unowned`, a record whose organisation is still empty (a text from a number
    nobody has taken yet) is in the shared queue every case worker answers, until someone takes it.
    """

    def __init__(self, model, organization_path, actions=("add", "change", "view"), shared_while_unowned=False):
        super().__init__(model)
        self.organization_path = organization_path
        self.actions = set(actions)
        self.shared_while_unowned = shared_while_unowned

    def _organization_id(self, instance):
        value = instance
        for part in self.organization_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def user_has_permission(self, user, action):
        if action not in self.actions:
            return False
        if case_organization_ids(user):
            return True
        # The shared queue is also open to staff given the model's permission (the Advocates group).
        meta = self.model._meta
        return self.shared_while_unowned and user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, memberships__role__in=CASE_ROLES).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        organization_id = self._organization_id(instance)
        if organization_id is None:
            return self.shared_while_unowned
        return organization_id in case_organization_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        own = Q(**{f"{self.organization_path}__in": case_organization_ids(user)})
        if self.shared_while_unowned:
            own |= Q(**{f"{self.organization_path}__isnull": True})
        return self.model._default_manager.filter(own)

    def users_with_any_permission_for_instance(self, actions, instance):
        organization_id = self._organization_id(instance)
        if organization_id is None and self.shared_while_unowned:
            return self.users_with_any_permission(actions)
        return self.users_with_any_permission(actions).filter(
            memberships__organization_id=organization_id, memberships__role__in=CASE_ROLES
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
