from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import Hotline, SafetyAlert


class SafetyAlertViewSet(SnippetViewSet):
    model = SafetyAlert
    icon = "warning"
    list_display = ["message", "is_active", "updated_at"]
    list_filter = ["is_active"]


class HotlineViewSet(SnippetViewSet):
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
