"""The parts of every public page that come from editable content.

They are the same for every visitor, so each process builds them once per language as plain
text and links, and keeps them until the next publish (portal.core.page_cache.remember),
whether or not the page cache is on; only which menu item is current differs per page.
"""

from django import template

from content.models import HomePage, Hotline, SafetyAlert, SafetyPage
from portal.core.page_cache import remember

register = template.Library()


def _safety_content():
    alert = SafetyAlert.objects.filter(is_active=True).first()
    browse_safely = SafetyPage.objects.live().first()
    return {
        "message": alert.message if alert else "",
        "hotlines": [
            {"name": line.name, "phone": line.phone, "sms": line.sms} for line in Hotline.objects.filter(is_active=True)
        ],
        "browse_safely_url": browse_safely.get_url() if browse_safely else "",
    }


def _menu_content():
    home = HomePage.objects.live().first()
    items = home.get_children().live().in_menu() if home else []
    return {"items": [{"pk": item.pk, "url": item.get_url(), "title": item.title} for item in items]}


@register.inclusion_tag("includes/safety_alert.html", takes_context=True)
def safety_alert(context):
    return remember("safety-alert", _safety_content, context.get("request"))


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    return {**remember("main-menu", _menu_content, request), "current": context.get("page"), "request": request}
