from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page in every language, each named in its own script."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    languages = []
    # settings.LANGUAGES names each language in its own script.
    for code, own_name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": own_name,
                "url": translate_url(path, code),
                "is_current": code == current,
                "bidi": info["bidi"],
            }
        )
    return {"languages": languages}
