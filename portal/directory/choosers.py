"""Choosers with a search box for organisations, locations and services in admin forms.

A form field that points at one of them opens a chooser: part of a name finds it, case and accents
aside ("maria" finds "Casa María"), in any language the name is kept in. A chooser lists, finds and
returns only `allowed(user)`. A form that limits a field further names a chooser whose `allowed` is
that limit and takes the field's queryset from it (`limit_field`), so the chooser never offers what the
form refuses; the form still checks every id it is sent, so an id forged into a POST is refused.

Only names are shown, never an address: a confidential place is listed by its name alone.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.widgets import AdminSnippetChooser

from portal.core.phrases import plain

from .models import Service


def name_search(queryset, query, fields):
    """The rows whose names (`fields`) hold every word of `query`, case and accents aside. Folded here
    rather than by the database, which keeps no accent-free copy of these names."""
    words = plain(query).split()
    if not words:
        return queryset
    found = [
        pk
        for pk, *names in queryset.values_list("pk", *fields)
        if all(word in plain(" ".join(name for name in names if name)) for word in words)
    ]
    return queryset.filter(pk__in=found)


class NameSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, searched_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.searched_fields = searched_fields

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = name_search(objects, query, self.searched_fields)
        return objects


class ScopedListMixin:
    """The list and its search: only what the chooser allows this user."""

    allowed = None
    searched_fields = ()
    shown_columns = ()

    def get_object_list(self):
        return self.allowed(self.request.user)

    def get_filter_form(self):
        return NameSearchForm(self.request.GET, searched_fields=self.searched_fields)

    @property
    def columns(self):
        extra = [Column(name, label=label, accessor=name) for name, label in self.shown_columns]
        return [*super().columns, *extra]


class ScopedChooseView(ScopedListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    """An id outside what the chooser allows is not found, as if it did not exist."""

    allowed = None

    def get_object(self, pk):
        try:
            return self.allowed(self.request.user).get(pk=pk)
        except (ValidationError, ValueError):
            raise Http404 from None


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    allowed = None

    def get_objects(self, pks):
        try:
            return list(self.allowed(self.request.user).filter(pk__in=pks))
        except (ValidationError, ValueError):
            raise Http404 from None


class ScopedSnippetChooser(AdminSnippetChooser):
    """Opens its own chooser, not the model's default one."""

    def get_chooser_modal_url(self):
        return reverse(self.chooser_modal_url_name)


class ScopedChooserViewSet(SnippetChooserViewSet):
    """Subclasses say what a user may choose (`allowed`) and which names a search reads."""

    base_widget_class = ScopedSnippetChooser
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    searched_fields = ("name",)
    shown_columns = ()

    def allowed(self, user):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(allowed=self.allowed, **kwargs)

    @property
    def choose_view(self):
        return self.construct_view(
            self.choose_view_class,
            icon=self.icon,
            page_title=self.page_title,
            search_tab_label=self.search_tab_label,
            creation_tab_label=self.creation_tab_label,
            searched_fields=self.searched_fields,
            shown_columns=self.shown_columns,
        )

    @property
    def choose_results_view(self):
        return self.construct_view(
            self.choose_results_view_class, searched_fields=self.searched_fields, shown_columns=self.shown_columns
        )

    def get_urlpatterns(self):
        # Nothing is created from a chooser: records are added in their own forms.
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]

    def limit_field(self, field, user):
        """The form field accepts what this chooser offers, and opens this chooser."""
        field.queryset = self.allowed(user)
        field.widget = self.widget_class()
        field.widget.is_required = field.required


def names_in_every_language(field):
    return tuple(build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES)


class DirectoryChooserViewSet(ScopedChooserViewSet):
    """The chooser every admin form gets for a directory record unless it names another: the whole
    directory, for staff who work on it (anyone holding a directory permission)."""

    def allowed(self, user):
        model = self.model
        if not user.has_module_perms(model._meta.app_label):
            return model._default_manager.none()
        return self.queryset(model._default_manager.all())

    def queryset(self, objects):
        return objects


def directory_chooser(model):
    """The chooser the directory registers for `model`, for a form that does not get it by itself."""
    return model.snippet_viewset.chooser_viewset


class OrganizationChooserViewSet(DirectoryChooserViewSet):
    searched_fields = ("name", "alternate_name")


class LocationChooserViewSet(DirectoryChooserViewSet):
    searched_fields = ("name", "alternate_name", "organization__name")
    shown_columns = (("organization", _("Organization")),)

    def queryset(self, objects):
        return objects.select_related("organization").order_by("name", "pk")


class ServiceChooserViewSet(DirectoryChooserViewSet):
    searched_fields = (*names_in_every_language("name"), "organization__name")
    shown_columns = (("organization", _("Organization")),)

    def queryset(self, objects):
        return objects.select_related("organization")


class PublishedServiceChooserViewSet(ServiceChooserViewSet):
    """Services a survivor can be referred to: published and not closed for good. They are on the
    public site already, so any staff member may list them."""

    def allowed(self, user):
        return self.queryset(Service.objects.public())


PUBLISHED_SERVICES = PublishedServiceChooserViewSet(
    "published_service_chooser", model=Service, url_prefix="choosers/published-services", register_widget=False
)
