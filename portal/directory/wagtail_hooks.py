from datetime import timedelta

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.core.translation_admin import NeedsTranslationFilterSet, TranslatedViewSetMixin

from .admin_views import verify_service
from .choosers import (
    PUBLISHED_SERVICES,
    LocationChooserViewSet,
    OrganizationChooserViewSet,
    ServiceChooserViewSet,
)
from .forms import LocationAdminForm, OrganizationAdminForm
from .models import Location, Organization, Service, TaxonomyTerm

REVIEW_AFTER = timedelta(days=365)


def review_cutoff():
    return timezone.localdate() - REVIEW_AFTER


class ServiceFilterSet(NeedsTranslationFilterSet):
    needs_review = django_filters.BooleanFilter(label=_("Needs review"), method="filter_needs_review")

    class Meta:
        model = Service
        fields = ["status", "live", "categories"]

    def filter_needs_review(self, queryset, name, value):
        stale = queryset.filter(assured_date__lt=review_cutoff()) | queryset.filter(assured_date__isnull=True)
        return stale if value else queryset.exclude(pk__in=stale.values("pk"))


class ServiceViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = Service
    icon = "help"
    menu_label = _("Services")
    list_display = ["name", "organization", "status", "live", "assured_date"]
    list_filter = None
    filterset_class = ServiceFilterSet
    search_fields = ["name", "search_text"]
    ordering = ["name"]
    chooser_viewset_class = ServiceChooserViewSet


class OrganizationViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = Organization
    icon = "group"
    list_display = ["name", "website", "is_confidential"]
    list_filter = ["is_confidential"]
    search_fields = ["name"]
    chooser_viewset_class = OrganizationChooserViewSet
    edit_handler = ObjectList(Organization.panels, base_form_class=OrganizationAdminForm)


class LocationViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "organization", "is_confidential"]
    list_filter = ["is_confidential"]
    chooser_viewset_class = LocationChooserViewSet
    edit_handler = ObjectList(Location.panels, base_form_class=LocationAdminForm)


class TaxonomyTermViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (ServiceViewSet, OrganizationViewSet, LocationViewSet, TaxonomyTermViewSet)
    menu_icon = "list-ul"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


@hooks.register("register_admin_viewset")
def register_published_service_chooser():
    return PUBLISHED_SERVICES


@hooks.register("register_admin_urls")
def directory_admin_urls():
    return [path("directory/services/<uuid:pk>/verify/", verify_service, name="directory_verify_service")]


@hooks.register("register_snippet_listing_buttons")
def verify_button(snippet, user, next_url=None):
    if isinstance(snippet, Service) and user.has_perm("directory.change_service"):
        yield ListingButton(
            _("Mark verified"), reverse("directory_verify_service", args=[snippet.pk]), icon_name="tick", priority=90
        )


class NeedsReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_service")


@hooks.register("register_admin_menu_item")
def needs_review_menu_item():
    url = reverse("wagtailsnippets_directory_service:list") + "?needs_review=true"
    return NeedsReviewMenuItem(_("Services to re-check"), url, icon_name="warning", order=250)


@hooks.register("register_log_actions")
def confidential_log_actions(actions):
    actions.register_action(
        LocationAdminForm.CLEARED, _("Made public"), _("Confidential cleared: the address can now be shown")
    )
    actions.register_action(
        OrganizationAdminForm.CLEARED,
        _("Places made public"),
        _("Confidential cleared for the organization: addresses of its places can now be shown"),
    )
