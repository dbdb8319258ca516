from django import template
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

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
