from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.core.translation_admin import TranslatedViewSetMixin

from .filters import FundingOpportunityFilterSet
from .models import FundingOpportunity, ServiceType
from .views import digest_subscription


class FundingOpportunityViewSet(SnippetViewSet):
    model = FundingOpportunity
    icon = "date"
    menu_label = _("Opportunities")
    url_namespace = "funding_opportunities"
    list_display = [
        "program",
        "funder",
        Column("deadline_local", label=_("Deadline")),
        Column("get_status_display", label=_("Status")),
    ]
    list_filter = None
    filterset_class = FundingOpportunityFilterSet
    search_fields = ["program", "funder", "summary", "eligible_applicants"]
    ordering = ["closes_at", "funder"]
    index_template_name = "funding/admin/index.html"


class ServiceTypeViewSet(TranslatedViewSetMixin, SnippetViewSet):
    model = ServiceType
    icon = "tag"
    list_display = ["name", "code"]


class FundingViewSetGroup(SnippetViewSetGroup):
    items = (FundingOpportunityViewSet, ServiceTypeViewSet)
    menu_icon = "date"
    menu_label = _("Funding")
    menu_name = "funding"


register_snippet(FundingViewSetGroup)


@hooks.register("register_admin_urls")
def funding_admin_urls():
    return [path("funding/digest/", digest_subscription, name="funding_digest_subscription")]
