"""The parts of every public page that come from editable content.

They are the same for every visitor, so they are read once and kept until the next publish
(portal.core.page_cache.remember); only which menu item is current differs per page.
"""

from django import template

from content.models import HomePage, Hotline, SafetyAlert, SafetyPage
from portal.core.page_cache import remember

register = template.Library()


def _safety_content():
    return {
        "alert": SafetyAlert.objects.filter(is_active=True).first(),
        "hotlines": list(Hotline.objects.filter(is_active=True)),
        "browse_safely": SafetyPage.objects.live().first(),
    }


def _menu_content():
    home = HomePage.objects.live().first()
    return {"home": home, "items": list(home.get_children().live().in_menu().specific()) if home else []}


@register.inclusion_tag("includes/safety_alert.html", takes_context=True)
def safety_alert(context):
    return {**remember("safety-alert", _safety_content), "request": context.get("request")}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    return {**remember("main-menu", _menu_content), "current": context.get("page"), "request": context.get("request")}
