"""Text normalised the same way for indexing and for queries.

Lower case, accents and Arabic vowel marks removed, so "Vivienda", "vivienda" and
"vívienda" match, and a survivor can type without diacritics. Substring matching
(not word stemming) also works for Chinese, which has no spaces between words.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCTUATION = ".,;:!?¿¡\"'()[]{}"


def ascii_digits(text):
    """Digits in any script (Arabic-Indic, Persian, full-width...) as 0-9; nothing else changes."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in str(text))


def normalize(text):
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Vietnamese đ has no decomposition; fold it by hand.
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


def words(query):
    """The words of a query, normalised, without the punctuation around them."""
    return [word for word in (word.strip(_PUNCTUATION) for word in normalize(query).split(" ")) if word]


def is_search_word(word):
    """At least 2 characters (1 for CJK characters, which carry a whole word each)."""
    return len(word) >= 2 or bool(word and unicodedata.east_asian_width(word[0]) == "W")
