"""One way to read what people text: the word lists of every language, and one matcher for them all.

The lists live beside each language's catalogue, in locale/<lang>/words.toml, so a translator
can review them with the rest of the language. Each file says how its language is matched:
- `marks_matter`: Vietnamese tone marks change the meaning ("dừng" stop, "đúng" right, "dùng"
  use), so they are kept; elsewhere case, accents and Arabic hamza and vowel forms are ignored.
- `written_without_spaces`: a Chinese phrase may sit anywhere inside a message.
- `prefixes`: Arabic joins "the", "and" and "with" to the word ("المأوى" is "مأوى" with "ال").

Each app says where a list's phrases count: as the whole message (the carriers' rule for STOP),
at the start of it, or anywhere in it. Punctuation, emoji and spaces around the words never count.

`plain` is also how the directory reads words, for the search text it stores and for what people
type in its search box, so a word folds the same way by text and on the web.
"""

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import to_locale

WHOLE = "whole"
START = "start"
ANYWHERE = "anywhere"

# Arabic letters people write either way: alef maqsura and ya, ta marbuta and ha.
ARABIC_SAME = str.maketrans({"ى": "ي", "ة": "ه", "\u0640": None})


@dataclass(frozen=True)
class Rules:
    marks_matter: bool
    written_without_spaces: bool
    prefixes: tuple = ()


@dataclass(frozen=True)
class Match:
    list: str
    language: str
    phrase: str


def languages():
    return [code for code, _name in settings.LANGUAGES]


@cache
def load(language):
    """The parsed words file of one language, read once per process."""
    path = settings.BASE_DIR / "locale" / to_locale(language) / "words.toml"
    with open(path, "rb") as file:
        return tomllib.load(file)


@cache
def rules(language):
    data = load(language)
    prefixes = tuple(plain(prefix) for prefix in data.get("prefixes", []))
    return Rules(bool(data.get("marks_matter")), bool(data.get("written_without_spaces")), prefixes)


def words(language, name, table="words"):
    return load(language)[table][name]


def ascii_digits(text):
    """Arabic-Indic, full-width and other script digits as 0-9, so "٣" is 3."""
    return "".join(str(digit) if (digit := unicodedata.decimal(char, None)) is not None else char for char in text)


def _words_only(text):
    """Letters, marks and digits; everything else (punctuation, emoji) becomes a space."""
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return " ".join(kept.split())


def marked(text):
    """Lower case with every mark kept (Vietnamese)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _words_only(unicodedata.normalize("NFC", ascii_digits(text)))


def plain(text):
    """Lower case, without accents, tone marks, Arabic vowel or hamza marks; digits as 0-9.

    Also folds what people write either way (Vietnamese đ as d, Arabic ى as ي and ة as ه, no
    tatweel) and turns punctuation, symbols and emoji into single spaces, so "¡Refugio!" reads
    as "refugio" wherever it is typed."""
    text = unicodedata.normalize("NFKD", ascii_digits(unicodedata.normalize("NFKC", text or "")))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("đ", "d").replace("Đ", "D").casefold().translate(ARABIC_SAME)
    return _words_only(text)


def key(text, language):
    """The form of `text` that a phrase of `language` is compared in."""
    return marked(text) if rules(language).marks_matter else plain(text)


def has_marks(text):
    """True if the text carries any accent or tone mark (or đ) that plain() would drop."""
    return marked(text) != plain(text) and plain(text) != ""


def _contains(text, phrase, unspaced):
    if unspaced:
        return phrase in text
    return f" {phrase} " in f" {text} "


def _found(text, phrase, where, unspaced):
    if where == WHOLE:
        return text == phrase
    if where == START:
        return text == phrase or text.startswith(phrase if unspaced else phrase + " ")
    return _contains(text, phrase, unspaced)


class Matcher:
    """Matches a message against some lists, in the order given: the first list that matches wins.

    `placement` maps a list name to WHOLE, START or ANYWHERE. Within a list the longest phrase
    is tried first, so "necesito ayuda" wins over "ayuda".
    """

    def __init__(self, placement, table="words"):
        self.placement = dict(placement)
        self.rows = []
        for rank, (name, where) in enumerate(self.placement.items()):
            for language in languages():
                language_rules = rules(language)
                prefixes = ("", *language_rules.prefixes) if where == ANYWHERE else ("",)
                for phrase in words(language, name, table):
                    for prefix in prefixes:
                        phrase_key = prefix + key(phrase, language)
                        self.rows.append(
                            (rank, name, where, language, phrase_key, language_rules.written_without_spaces)
                        )
        self.rows.sort(key=lambda row: (row[0], -len(row[4])))

    def match(self, text):
        keys = {language: key(text, language) for language in languages()}
        if not any(keys.values()):
            return None
        for _rank, name, where, language, phrase, unspaced in self.rows:
            if phrase and _found(keys[language], phrase, where, unspaced):
                return Match(name, language, phrase)
        return None

    def near(self, text, name):
        """True if the text looks like a phrase of list `name` without being one: it opens or
        closes with one, or it is one written without the marks its language needs."""
        for _rank, row_name, _where, language, phrase, unspaced in self.rows:
            if row_name != name:
                continue
            text_key = key(text, language)
            if text_key != phrase and _edge(text_key, phrase, unspaced):
                return True
            if rules(language).marks_matter and not has_marks(text) and plain(text) == plain(phrase):
                return True
        return False


def _edge(text, phrase, unspaced):
    if unspaced:
        return text.startswith(phrase) or text.endswith(phrase)
    return text.startswith(phrase + " ") or text.endswith(" " + phrase)
