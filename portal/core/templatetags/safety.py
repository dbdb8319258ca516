from functools import cache

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@cache
def _languages():
    """Each language's code, its name in its own script (settings.LANGUAGES) and direction."""
    return tuple((code, own_name, get_language_info(code)["bidi"]) for code, own_name in settings.LANGUAGES)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page in every language, each named in its own script."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    languages = [
        {"code": code, "name": name, "url": translate_url(path, code), "is_current": code == current, "bidi": bidi}
        for code, name, bidi in _languages()
    ]
    return {"languages": languages}
