"""The case-record admin kit: the one way to build an admin for anything that belongs to a survivor
or to her organisation (her profile, plan, texts, help requests, consents, check-ins...).

`CaseRecordViewSet` registers the scoping rule of permissions.py for its model and puts it into
every view the viewset builds, whatever view classes a subclass names:

- the listing (and its export, which reads the same queryset) shows only the user's records;
- edit, delete, inspect, history and usage find their object only among those records, so
  another organisation's id is a 404;
- every form limits its pickers: records to the user's own, staff to the organisation's staff;
- edit and inspect write an access event for each category shown (through the recorder the
  sharing app registers, the one sharing policy), so the survivor sees who looked.

Copying is off (a case record is never cloned) and ModelViewSets have no bulk actions or choosers of
their own; a picker is a form field, which the kit limits. Custom views a viewset adds take their
object through `scoped_object` or the viewset's permission policy. A test walks every admin URL that
takes an id and fails on any case-record model whose viewset does not use this kit.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, HistoryView, IndexView, InspectView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .models import CASE_ROLES, case_organization_ids
from .permissions import CaseRecordPermissionPolicy, ScopedHistoryMixin, ScopedIndexMixin, ScopedObjectMixin

# The sharing app registers its policy's `read` here (sharing sits above accounts).
_read_recorders = []


def register_read_recorder(recorder):
    """`recorder(viewer, survivor, category, record=...)` writes one access event."""
    if recorder not in _read_recorders:
        _read_recorders.append(recorder)


def record_read(viewer, survivor, categories, record):
    if survivor is None:
        return  # a number nobody has taken yet: no survivor's data to log a read of
    for recorder in _read_recorders:
        for category in categories:
            recorder(viewer, survivor, category, record=record)


class LoggedReadMixin:
    """On a successful GET, one access event per category the page shows."""

    read_categories = ()
    record_kind = "record"

    def survivor_of(self, instance):
        return instance

    def logged_object(self):
        return getattr(self, "object", None)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        instance = self.logged_object()
        if instance is not None and response.status_code == 200:
            record = f"{self.record_kind} {instance.pk}"
            record_read(request.user, self.survivor_of(instance), self.read_categories, record)
        return response


class NotFoundWhenDeniedMixin:
    """A case record the user may not see is not found: the same 404 whether the id exists, belongs to
    another organisation or the user has no case role at all (never a redirect that tells them apart)."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            raise Http404 from None


def case_staff(organization_ids):
    """Active advocates and supervisors of these organisations: what a staff picker offers."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__organization_id__in=organization_ids, memberships__role__in=CASE_ROLES
        )
        .distinct()
    )


def limit_choices(form, user, organization_id=None):
    """Pickers offer only the user's own records, and only the organisation's own staff."""
    staff_organizations = [organization_id] if organization_id else case_organization_ids(user)
    for field in form.fields.values():
        if not isinstance(field, ModelChoiceField):
            continue
        model = field.queryset.model
        if model is get_user_model():
            field.queryset = field.queryset.filter(pk__in=case_staff(staff_organizations).values("pk"))
            continue
        policy = policy_registry.get_by_type(model, fallback=False)
        if isinstance(policy, BasePermissionPolicy) and not isinstance(policy, ModelPermissionPolicy):
            allowed = policy.instances_user_has_any_permission_for(user, ["change", "view"])
            field.queryset = field.queryset.filter(pk__in=allowed.values("pk"))


class ScopedFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        instance = getattr(self, "object", None)
        organization_id = self.permission_policy._organization_id(instance) if instance is not None else None
        limit_choices(form, self.request.user, organization_id)
        return form


class ScopedInspectMixin(ScopedHistoryMixin):
    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=unquote(str(self.pk)))


class CaseLoggedReadMixin(LoggedReadMixin):
    """Takes what to log from the viewset: its categories and the way to the survivor."""

    survivor_path = None

    def survivor_of(self, instance):
        value = instance
        for part in (self.survivor_path or "").split("__"):
            if part:
                value = getattr(value, part, None)
        return value


# Which scoping each kind of view gets; the first matching base class wins (CopyView is a CreateView).
VIEW_SCOPES = (
    (EditView, (NotFoundWhenDeniedMixin, CaseLoggedReadMixin, ScopedFormMixin, ScopedObjectMixin)),
    (InspectView, (NotFoundWhenDeniedMixin, CaseLoggedReadMixin, ScopedInspectMixin)),
    (DeleteView, (NotFoundWhenDeniedMixin, ScopedObjectMixin)),
    (HistoryView, (NotFoundWhenDeniedMixin, ScopedHistoryMixin)),
    (UsageView, (NotFoundWhenDeniedMixin, ScopedHistoryMixin)),
    (IndexView, (ScopedIndexMixin,)),
    (CreateView, (ScopedFormMixin,)),
)


def scoped_view_class(view_class):
    for base, mixins in VIEW_SCOPES:
        if issubclass(view_class, base):
            missing = tuple(mixin for mixin in mixins if not issubclass(view_class, mixin))
            if missing:
                return type(f"Case{view_class.__name__}", (*missing, view_class), {})
            return view_class
    return view_class


class CaseRecordViewSet(ModelViewSet):
    """Subclasses name `organization_path` (record -> organisation id), `survivor_path` (record ->
    SurvivorProfile, empty for the profile itself), `read_categories` and `permission_actions`."""

    organization_path = None
    survivor_path = ""
    read_categories = ()
    permission_actions = ("add", "change", "view")
    shared_while_unowned = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_export = []

    def __init_subclass__(cls, **kwargs):
        """The policy is registered when the viewset class is defined, before anything asks for it."""
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is None:
            return
        if not cls.organization_path:
            raise TypeError(f"{cls.__name__} must name organization_path")
        policy = CaseRecordPermissionPolicy(
            cls.model, cls.organization_path, cls.permission_actions, cls.shared_while_unowned
        )
        register_permission_policy(cls.model, policy, exact_class=True)
        cls.case_policy = policy

    @property
    def permission_policy(self):
        return self.case_policy

    def get_permissions_to_register(self):
        """The group editor offers only what the policy asks Django about: the shared queue's actions.
        Anything else about a case record is decided by membership, so a permission would do nothing."""
        if not self.shared_while_unowned:
            return Permission.objects.none()
        codenames = [f"{action}_{self.model._meta.model_name}" for action in self.permission_actions]
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), codename__in=codenames
        )

    def construct_view(self, view_class, **kwargs):
        view_class = scoped_view_class(view_class)
        if issubclass(view_class, CaseLoggedReadMixin):
            kwargs.setdefault("read_categories", tuple(self.read_categories))
            kwargs.setdefault("survivor_path", self.survivor_path)
            kwargs.setdefault("record_kind", self.model._meta.model_name)
        return super().construct_view(view_class, **kwargs)
