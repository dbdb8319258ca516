from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

register = template.Library()

DAY_NAMES = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


@register.filter
def day_names(schedule):
    """'MO,TU,WE,TH,FR' -> 'Monday to Friday'; all seven -> 'Every day'."""
    days = schedule.days()
    if len(days) == 7:
        return _("Every day")
    if days == WEEKDAYS:
        return _("Monday to Friday")
    return ", ".join(str(DAY_NAMES.get(day, day)) for day in days)


@register.filter
def language_name(language):
    """A spoken language in the reader's own language ("Spanish" reads "español" in Spanish)."""
    if language.code == "zh":  # Django knows only the written forms (simplified, traditional)
        return _("Chinese")
    try:
        return get_language_info(language.code)["name_translated"]
    except KeyError:
        return language.name


@register.filter
def translated(instance, field):
    """A translated field in the page's language; if only the English is there, it says so.

    modeltranslation falls back to English silently; a reader should know why one paragraph of
    a Spanish page is in English, and a screen reader should pronounce it as English.
    """
    language = get_language() or settings.LANGUAGE_CODE
    value = getattr(instance, build_localized_fieldname(field, language), "") or ""
    if value or language == settings.LANGUAGE_CODE:
        return value or getattr(instance, field, "") or ""
    english = getattr(instance, build_localized_fieldname(field, settings.LANGUAGE_CODE), "") or ""
    if not english:
        return ""
    return format_html('<span lang="en" dir="ltr">{}</span> {}', english, _("(in English)"))
