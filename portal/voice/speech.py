"""Saying "help" instead of pressing 0: the help words of each language, and how a SpeechResult is heard.

Twilio turns what she says into text (SpeechResult) and posts it with the step, as it posts a key.
The portal reads it once, here, folded as every text message is (core.phrases), and keeps only what it
meant: the hotline (as key 0), or an answer the step did not understand (as a wrong key).
The words themselves are never stored, logged or said back: nobody may learn later what a caller said.

We do not try to understand "I don't need help": being put through to a person by mistake is the
lesser harm (she can hang up); a caller in danger who is not put through is the greater one.
"""

import unicodedata

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

from portal.core import phrases

from .languages import FALLBACK, speech_language, spoken_language

# The one list of help words, per language, as a translation. The first word is the one the menu tells
# her to say ("press 0 or say help"); the others are what people in fear also say ("help me", "save me").
HELP_WORDS = pgettext_lazy(
    "Words a caller may say on the voice line to be put through to a person. Separate them with commas. "
    "The first one must be the word the menu says: 'press 0 or say help'.",
    "help",
)
# Seconds of quiet after she starts speaking before Twilio sends what it heard. Silence before any word
# still waits the step's own timeout, then reaches the <Redirect> as it always did.
SPEECH_PAUSE_SECONDS = 2


def unspaced(word):
    """Chinese is written without spaces between words, and Korean joins words and their endings
    ("도움이"): such words are found as a run of letters anywhere, not as a whole word."""
    return any(unicodedata.name(char, "").startswith(("CJK UNIFIED", "HANGUL")) for char in word)


def words_of(language):
    with translation.override(language):
        return [word.strip() for word in str(HELP_WORDS).split(",") if word.strip()]


def help_words(language):
    """What counts as "help" on a call in `language` (empty while she has not chosen one).

    Before she chooses, every language's words count: she may say "ayuda" at the first menu. After, the
    words of the language the line speaks to her, and English's: "help" is the word many callers know.
    """
    chosen = [spoken_language(language), FALLBACK]
    languages = chosen if language else [code for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys(word for code in languages for word in words_of(code)))


def says_help(speech, language):
    """Whether `speech` (a SpeechResult) holds a help word of `language`, as a whole word."""
    text = phrases.plain(speech)
    for word in map(phrases.plain, help_words(language)):
        if unspaced(word) and word.replace(" ", "") in text.replace(" ", ""):
            return True
        if word and f" {word} " in f" {text} ":
            return True
    return False


def listening(call):
    """The <Gather> attributes that let her say help at a step, in the line's language for her; none (keys
    only) where Twilio cannot recognise that language (see languages.TWILIO_SPEECH_LANGUAGES)."""
    language = speech_language(call.language or FALLBACK)
    if language is None:
        return {}
    return {
        "input": "dtmf speech",
        "language": language,
        "hints": ", ".join(help_words(call.language)),
        "speech_timeout": SPEECH_PAUSE_SECONDS,
    }
