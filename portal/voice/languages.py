"""Which Twilio text-to-speech language speaks each of the portal's languages: the one place to change.

Twilio reads `<Say language="...">` with the voice the account sets for that language (Console, Voice,
Text-to-speech). A portal language with no Twilio voice is spoken in English, with English words:
a prompt read in the wrong accent, or not at all, helps nobody.
"""

from django.conf import settings

FALLBACK = "en"

# Django language code -> Twilio <Say> language code.
TWILIO_VOICE_LANGUAGES = {
    "en": "en-US",
    "es": "es-US",
    "vi": "vi-VN",
    "zh-hans": "cmn-CN",
    "ar": "arb",
    "fr": "fr-FR",
    "pt-br": "pt-BR",
    "ko": "ko-KR",
    "zh-hant": "cmn-TW",
    "tl": "fil-PH",
}


def spoken_language(language):
    """The portal language prompts are spoken in for `language`: itself if Twilio can say it, else English."""
    return language if language in TWILIO_VOICE_LANGUAGES else FALLBACK


def twilio_language(language):
    return TWILIO_VOICE_LANGUAGES[spoken_language(language)]


def menu_languages():
    """(key, language code, name) for the first menu. English needs no key: silence or * keeps it, so
    the nine other languages fit on keys 1 to 9 and 0 still reaches a person."""
    others = [(code, name) for code, name in settings.LANGUAGES if code != FALLBACK]
    return [(str(key), code, name) for key, (code, name) in enumerate(others[:9], start=1)]
