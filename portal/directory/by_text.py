"""The directory for survivors without data or a browser: "SHELTER 77002" by text.

A message holding a 5-digit ZIP code, optionally with a category word in any of the
portal's languages, is answered with up to three services nearby that are open now:
name and phone only, never an address (confidential or not: a text can be read by
whoever holds the phone).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.core import phrases

from .places import zip_place
from .search import search_services

ZIP_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")
MAX_RESULTS = 3

# The category words of every language are the [directory] lists of locale/<lang>/words.toml.
CATEGORIES = ["housing", "legal", "medical", "mental-health", "basic-needs", "employment", "substance-use", "financial"]
_category_words = phrases.Matcher(dict.fromkeys(CATEGORIES, phrases.ANYWHERE), table="directory")


# A name that says what happened to the reader stays out of a text someone else may read.
SENSITIVE_WORDS = ["trafficking", "trata", "buon ban nguoi", "贩运", "拐卖", "الاتجار", "اتجار"]


def discreet_name(name):
    # Read like every text the portal reads: through the one phrase matcher's plain form.
    text = phrases.plain(name)
    if any(phrases.plain(word) in text for word in SENSITIVE_WORDS):
        return _("Help line (24 hours)")
    return name


@dataclass(frozen=True)
class DirectoryRequest:
    zip_code: str
    category: str | None
    language: str | None  # the language of the category word, when there is one


@dataclass(frozen=True)
class ServiceByText:
    name: str
    phone: str


def parse(body):
    """A directory request if the text holds a real ZIP code (in digits of any script), else None."""
    body = phrases.ascii_digits(body or "")
    match = ZIP_IN_TEXT.search(body)
    if not match or zip_place(match.group(1)) is None:
        return None
    found = _category_words.match(ZIP_IN_TEXT.sub(" ", body))
    if found is not None:
        return DirectoryRequest(match.group(1), found.list, found.language)
    return DirectoryRequest(match.group(1), None, None)


def services_for(request, now=None):
    """Up to three services open now near the ZIP code, nearest first."""
    place = zip_place(request.zip_code)
    found = search_services(category=request.category, place=place, open_now=True, now=now)
    results = []
    for card in found.page(0, MAX_RESULTS * 3):
        if card.phone:
            results.append(ServiceByText(name=discreet_name(card.name), phone=card.phone))
        if len(results) == MAX_RESULTS:
            break
    return results
