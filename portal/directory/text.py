"""Text normalised the same way for indexing and for queries.

Lower case, accents and Arabic vowel marks removed, so "Vivienda", "vivienda" and
"vívienda" match, and a survivor can type without diacritics. Substring matching
(not word stemming) also works for Chinese, which has no spaces between words.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(text):
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Vietnamese đ has no decomposition; fold it by hand.
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


def query_terms(query, limit=8):
    """The words of a query, normalised, at most `limit` of them, each at least 2 characters
    (1 for CJK characters, which carry a whole word each)."""
    terms = []
    for word in normalize(query).split(" "):
        word = word.strip(".,;:!?¿¡\"'()[]{}")
        if len(word) >= 2 or (word and unicodedata.east_asian_width(word[0]) == "W"):
            terms.append(word)
    return terms[:limit]
