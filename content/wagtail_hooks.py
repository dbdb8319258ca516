import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import Hotline, SafetyAlert
from portal.core.translation_admin import NeedsTranslationColumn, TranslatedViewSetMixin
from portal.core.translation_status import missing_fields, target_languages


class SafetyAlertViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = SafetyAlert
    icon = "warning"
    list_display = ["message", "is_active", "updated_at"]
    list_filter = ["is_active"]


class HotlineViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    list_display = ["name", "phone", "sms", "sort_order", "is_active"]
    list_filter = ["is_active"]


class SafetyContentViewSetGroup(SnippetViewSetGroup):
    items = (SafetyAlertViewSet, HotlineViewSet)
    menu_icon = "warning"
    menu_label = _("Safety banner")
    menu_name = "safety-banner"


register_snippet(SafetyContentViewSetGroup)


class PagesToTranslateFilterSet(GenericPageFilterSet):
    needs_translation = django_filters.ChoiceFilter(
        label=_("Needs translation in"), choices=target_languages, method="filter_needs_translation"
    )

    def filter_needs_translation(self, queryset, name, value):
        # Bodies are blocks, which the database cannot judge empty: each page is checked as a whole.
        pages = Page.objects.filter(pk__in=queryset.values("pk")).specific()
        return queryset.filter(pk__in=[page.pk for page in pages if missing_fields(page, value)])


def may_edit_pages(user):
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class PagesToTranslateMenuItem(MenuItem):
    def is_shown(self, request):
        return may_edit_pages(request.user)


class PagesToTranslateIndexView(PageIndexView):
    def dispatch(self, request, *args, **kwargs):
        if not may_edit_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_table(self, object_list):
        rows = list(object_list)
        specific = {page.pk: page for page in Page.objects.filter(pk__in=[row.pk for row in rows]).specific()}
        for row in rows:
            row.translated = specific.get(row.pk, row)
        return super().get_table(rows)


class PagesToTranslateViewSet(PageListingViewSet):
    """Every page with the languages it still needs, filtered by language."""

    index_view_class = PagesToTranslateIndexView
    menu_item_class = PagesToTranslateMenuItem
    icon = "globe"
    menu_label = _("Pages to translate")
    menu_order = 150
    add_to_admin_menu = True
    columns = [*PageIndexView.base_columns, NeedsTranslationColumn()]
    filterset_class = PagesToTranslateFilterSet


@hooks.register("register_admin_viewset")
def pages_to_translate_viewset():
    return PagesToTranslateViewSet("pages_to_translate")
