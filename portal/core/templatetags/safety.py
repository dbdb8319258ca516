from functools import cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override

from portal.core.directions import is_right_to_left

register = template.Library()


@cache
def _languages():
    """Each language's code, its name in its own script (settings.LANGUAGES) and direction."""
    return tuple((code, own_name, is_right_to_left(code)) for code, own_name in settings.LANGUAGES)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page in every language, each named in its own script."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    match = getattr(request, "resolver_match", None)
    languages = [
        {"code": code, "name": name, "url": _same_page(path, match, code), "is_current": code == current, "bidi": bidi}
        for code, name, bidi in _languages()
    ]
    # The current language first: it names the closed list, and she sees what she is reading in.
    languages.sort(key=lambda language: not language["is_current"])
    return {"languages": languages, "current": languages[0]}


def _same_page(path, match, code):
    """translate_url(path, code), reversing the match Django already made for this request
    instead of resolving the path again for every language."""
    if match is None or not match.url_name:
        return translate_url(path, code)
    if match.args or match.kwargs:
        url = _reversed(match.view_name, code, match.args, match.kwargs)
    else:
        url = _reversed_without_arguments(match.view_name, code)
    if url is None:
        return translate_url(path, code)
    _path, question, query = path.partition("?")
    return f"{url}{question}{query}"


def _reversed(view_name, code, args=(), kwargs=None):
    with override(code):
        try:
            return reverse(view_name, args=args, kwargs=kwargs)
        except NoReverseMatch:
            return None


# A view without arguments has the same address in a language on every request (the search page,
# the forms): held per process. Addresses with arguments are not, as an argument may be anything.
_reversed_without_arguments = cache(_reversed)
