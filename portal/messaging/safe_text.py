"""The one helper that turns a template into the exact text a phone receives.

It applies the contact's language, code word and "may we say who we are" choice, and counts
segments the way carriers bill them, so every automatic text can be kept to one or two.
"""

from django.conf import settings
from django.utils import translation

from portal.core.directions import is_right_to_left
from portal.core.templatetags.numbers import ltr_text

from . import texts

# GSM 03.38: the basic character set (1 unit each) and its extension table (2 units each).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
# Context values that are numbers (a code, a ZIP, a phone): kept left to right in a right-to-left text.
NUMBER_KEYS = {"code", "zip", "phone"}


def is_gsm7(text):
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def segment_count(text):
    """How many SMS segments `text` needs: 160/153 GSM-7 units, or 70/67 UTF-16 units."""
    if is_gsm7(text):
        units = sum(2 if char in GSM7_EXTENDED else 1 for char in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if units <= single:
        return 1
    return -(-units // multi)


def render_sms(template, context=None, *, language, code_word="", may_identify=False):
    """The finished text of `template` (a key of texts.TEMPLATES) for one contact."""
    context = dict(context or {})
    if is_right_to_left(language):
        # Isolates cost nothing in a text that is already Unicode; an English text stays GSM-7.
        context.update({name: ltr_text(value) for name, value in context.items() if name in NUMBER_KEYS})
    with translation.override(language):
        body = str(texts.TEMPLATES[template]) % context
        if may_identify:
            body = f"{body} {texts.SIGN_OFF % {'name': settings.SMS_SENDER_NAME}}"
    body = " ".join(body.split()) if template != texts.FREE_TEXT else body.strip()
    if code_word:
        body = f"{code_word.strip()}: {body}"
    return body


def render_for_contact(template, context, contact, language=None, *, use_code_word=True):
    return render_sms(
        template,
        context,
        language=language or contact.language,
        code_word=contact.code_word if use_code_word else "",
        may_identify=contact.may_identify,
    )
