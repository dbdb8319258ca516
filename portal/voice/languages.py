"""Which Twilio text-to-speech language speaks each of the portal's languages: the one place to change.

Twilio reads `<Say language="...">` with the voice the account sets for that language (Console, Voice,
Text-to-speech). A portal language with no Twilio voice is spoken in English, with English words:
a prompt read in the wrong accent, or not at all, helps nobody.

Urdu ("ur") is left out on purpose: Twilio has no Urdu voice we can rely on, so an Urdu caller hears the
line in English (and the first menu does not offer Urdu). Add it here once Twilio has one.

The first menu offers every language with a voice, English aside (silence or * keeps English, and 0
always reaches a person). Keys 1 to 9 fit nine; more than that and each page offers eight on 1 to 8 and
"for more languages, press 9", the last page the rest: any number of languages fits.
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
    "hi": "hi-IN",
}

# Django language code -> Twilio <Gather> speech recognition language, so she can say "help" instead of
# pressing 0 (voice.speech). It follows the language the line speaks to her (spoken_language): an Urdu
# caller hears English and is heard in English. Arabic is heard as Egyptian Arabic, the most widely
# understood spoken Arabic (Twilio recognises no Modern Standard Arabic). A language missing here is
# keys only: its menus do not listen for speech, and 0 still reaches a person.
TWILIO_SPEECH_LANGUAGES = {
    "en": "en-US",
    "es": "es-US",
    "vi": "vi-VN",
    "zh-hans": "cmn-Hans-CN",
    "ar": "ar-EG",
    "fr": "fr-FR",
    "pt-br": "pt-BR",
    "ko": "ko-KR",
    "zh-hant": "cmn-Hant-TW",
    "tl": "fil-PH",
    "hi": "hi-IN",
    "ur": "ur-PK",
}

KEYS = 9  # keys 1 to 9 on a page; 0 is for reaching a person
MORE_KEY = str(KEYS)  # "for more languages", on every page but the last


def spoken_language(language):
    """The portal language prompts are spoken in for `language`: itself if Twilio can say it, else English."""
    return language if language in TWILIO_VOICE_LANGUAGES else FALLBACK


def twilio_language(language):
    return TWILIO_VOICE_LANGUAGES[spoken_language(language)]


def speech_language(language):
    """Twilio's speech recognition language for a call in `language`, or None: keys only."""
    return TWILIO_SPEECH_LANGUAGES.get(spoken_language(language))


def voiced_languages():
    """(code, name) of every language of the site with a Twilio voice, English aside, in settings' order."""
    return [(code, name) for code, name in settings.LANGUAGES if code != FALLBACK and code in TWILIO_VOICE_LANGUAGES]


def menu_pages():
    """The first menu's pages: each a list of (code, name). All on one page if they fit on keys 1 to 9;
    else eight a page (9 is "more"), and the last page holds what is left (up to nine)."""
    languages = voiced_languages()
    pages = []
    while len(languages) > KEYS:
        pages.append(languages[: KEYS - 1])
        languages = languages[KEYS - 1 :]
    pages.append(languages)
    return pages


def page_count():
    return len(menu_pages())


def menu_languages(page=1):
    """(key, language code, name) offered on `page` (from 1) of the first menu."""
    pages = menu_pages()
    if not 1 <= page <= len(pages):
        return []
    return [(str(key), code, name) for key, (code, name) in enumerate(pages[page - 1], start=1)]


def has_more(page):
    """Whether `page` of the first menu ends with "for more languages, press 9"."""
    return page < page_count()
