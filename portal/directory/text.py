"""How the directory splits text into search words, for indexing and for queries alike.

Words are folded by portal.core.phrases.plain, the same reading the portal gives a text message:
lower case, no accents or tone marks, Arabic hamza and letter forms folded, digits of any script as
0-9, punctuation as spaces. So "Vivienda", "vivienda" and "vívienda" match, and a survivor can type
without diacritics. Chinese has no spaces between words, so the full-text index takes each of its
characters as a word of its own and a Chinese word is searched as those characters in a row
(WIDE_CHARACTERS, spaced out by the database and by `full_text_words`).
"""

import re
import unicodedata

from portal.core.phrases import plain

# Kana, CJK ideographs (with extension A and compatibility forms) and Hangul syllables: scripts
# written without spaces. Migration 0005 of the directory spaces them out the same way in SQL.
WIDE_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WIDE = re.compile(f"([{WIDE_CHARACTERS}])")


def words(query):
    """The words of a query, folded as the search text is."""
    return plain(query).split()


def is_search_word(word):
    """At least 2 characters (1 for CJK characters, which carry a whole word each)."""
    return len(word) >= 2 or bool(word and unicodedata.east_asian_width(word[0]) == "W")


def full_text_words(phrase):
    """A folded phrase as the full-text index holds it: each wide character a word of its own, no
    control character (PostgreSQL refuses a NUL), and no token without a letter or digit (the
    index keeps none)."""
    printable = "".join(ch for ch in phrase if ch.isprintable() or ch.isspace())
    return [token for token in _WIDE.sub(r" \1 ", printable).split() if any(ch.isalnum() for ch in token)]
