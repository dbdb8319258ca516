"""Which portal language a short text is written in, so a new number is answered in it.

The five portal languages are easy to tell apart without a statistical model: Arabic and
Chinese by their scripts; Vietnamese by letters Spanish never uses (ơ, ư, ă, đ, â, ê, ô, a
hook above, a dot below); Spanish by ñ, ¿ and ¡. What is left is Latin text with at most
Spanish accents, which may be English, Spanish, Vietnamese typed without marks, or Arabic in
Latin letters ("sa3edni"); common words from each language's words file decide, and a tie is
no answer (the caller falls back to what it knew of the number, then English).
"""

import re
import unicodedata

from .phrases import key, languages, load

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SPANISH_ONLY = re.compile(r"[ñÑ¿¡]")
# Marks a Spanish word can carry: acute, diaeresis and the tilde of ñ.
SPANISH_MARKS = {"\u0301", "\u0308"}
# Arabic written in Latin letters uses digits for sounds Latin has no letter for: 2 ء, 3 ع, 5 خ, 7 ح.
ARABIZI = re.compile(r"\b[a-z]+[2357][a-z0-9]*\b|\b[2357][a-z]+\b", re.IGNORECASE)


def _vietnamese_letters(text):
    """True if a Latin letter carries a mark Spanish never uses (or is đ)."""
    for char in unicodedata.normalize("NFD", text):
        if char in "đĐ":
            return True
        if unicodedata.combining(char) and char not in SPANISH_MARKS and char != "\u0303":
            return True
    # A tilde on a vowel (ã, ẽ, ĩ, õ, ũ, ỹ) is Vietnamese; on n it is Spanish.
    return bool(re.search(r"[aeiouyAEIOUY]\u0303", unicodedata.normalize("NFD", text)))


def _common_word_scores(text):
    scores = {}
    for language in languages():
        common = {key(word, language) for word in load(language).get("detect", {}).get("common", [])}
        scores[language] = sum(1 for word in key(text, language).split() if word in common)
    return scores


def guess_language(text):
    """A portal language code, or None when the text does not say."""
    text = text or ""
    if ARABIC_SCRIPT.search(text):
        return "ar"
    if HAN.search(text):
        return "zh-hans"
    if _vietnamese_letters(text):
        return "vi"
    if SPANISH_ONLY.search(text):
        return "es"
    if ARABIZI.search(text):
        return "ar"
    scores = sorted(_common_word_scores(text).items(), key=lambda item: -item[1])
    (best, best_score), (_second, second_score) = scores[0], scores[1]
    if best_score and best_score > second_score:
        return best
    return None
