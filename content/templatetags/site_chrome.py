"""The parts of every public page that come from editable content."""

from django import template

from content.models import HomePage, Hotline, SafetyAlert, SafetyPage

register = template.Library()


@register.inclusion_tag("includes/safety_alert.html", takes_context=True)
def safety_alert(context):
    return {
        "alert": SafetyAlert.objects.filter(is_active=True).first(),
        "hotlines": list(Hotline.objects.filter(is_active=True)),
        "browse_safely": SafetyPage.objects.live().first(),
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    home = HomePage.objects.live().first()
    items = list(home.get_children().live().in_menu().specific()) if home else []
    return {"home": home, "items": items, "current": context.get("page"), "request": context.get("request")}
