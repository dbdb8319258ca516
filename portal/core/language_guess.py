"""Which portal language a short text is written in, so a new number is answered in it.

The portal's languages are easy to tell apart without a statistical model, and what tells them
apart lives in each language's words file (`[detect]`), not here:
- `script`: the writing system (latin when not said). A script only one portal language uses,
  like Hangul or Devanagari, decides alone.
- `letters`: letters only this language uses among the portal's languages of its script (Spanish
  ñ ¿ ¡, Vietnamese ơ ư ă đ and the dot below, Urdu ے ٹ ڈ ڑ, traditional 這 們 說).
- `romanized`: a pattern for the language written in Latin letters (Arabic "sa3edni": digits
  for sounds Latin has no letter for).
- `common`: everyday words, which decide what letters leave open.
Latin text that nothing decides (a tie, or no word known) is no answer: the caller falls back to
what it knew of the number, then English. Text in another script that nothing decides is the first
of its languages in settings.LANGUAGES (Arabic before Urdu, simplified before traditional Chinese).
"""

import re
import unicodedata

from .phrases import key, languages, load

LATIN = "latin"
SCRIPTS = {
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "hangul": re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "devanagari": re.compile(r"[\u0900-\u097f\ua8e0-\ua8ff]"),
}


def _detect(language):
    return load(language).get("detect", {})


def _script_of(text):
    return next((name for name, pattern in SCRIPTS.items() if pattern.search(text)), LATIN)


def _uses_own_letters(text, language):
    folded = unicodedata.normalize("NFC", text).casefold()
    return any(letter in folded for letter in _detect(language).get("letters", ""))


def _written_romanized(text, language):
    pattern = _detect(language).get("romanized")
    return bool(pattern and re.search(pattern, text, re.IGNORECASE))


def _by_common_words(text, candidates):
    scores = {
        language: sum(
            1 for word in key(text, language).split() if word in {key(w, language) for w in _detect(language)["common"]}
        )
        for language in candidates
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _one_or_all(chosen, candidates):
    return chosen if chosen else candidates


def guess_language(text):
    """A portal language code, or None when the text does not say."""
    text = text or ""
    script = _script_of(text)
    candidates = [
        language
        for language in languages()
        if _detect(language).get("script", LATIN) == script or (script == LATIN and _detect(language).get("romanized"))
    ]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    candidates = _one_or_all([language for language in candidates if _uses_own_letters(text, language)], candidates)
    if len(candidates) == 1:
        return candidates[0]
    romanized = [language for language in candidates if _written_romanized(text, language)]
    if script == LATIN and len(romanized) == 1:
        return romanized[0]
    guess = _by_common_words(text, candidates)
    if guess or script == LATIN:
        return guess
    return candidates[0]
