"""Which way a portal language is written.

Django's language table lacks some languages the portal speaks (Tagalog), so the direction is read
the way Django reads it for the current language: the base language in settings.LANGUAGES_BIDI."""

from django.conf import settings


def is_right_to_left(language):
    return (language or "").split("-")[0] in settings.LANGUAGES_BIDI
