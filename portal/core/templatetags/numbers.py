"""Phone numbers, ZIP codes and codes read left to right, even inside an Arabic sentence.

Without isolation the bidi algorithm reorders the groups of "1-888-373-7888" on a
right-to-left page into "7888-373-888-1"; a tap still dials right, which hides the bug.
"""

from django import template
from django.utils.html import format_html

register = template.Library()

LRI, PDI = "\u2066", "\u2069"


@register.filter
def ltr(value):
    """The value in a left-to-right isolate: `{{ phone|ltr }}` or `{% blocktranslate with n=phone|ltr %}`."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def ltr_text(value):
    """The same for plain text (an SMS or an email): Unicode left-to-right isolate marks."""
    return f"{LRI}{value}{PDI}"
