"""Every user-facing string is translated: no language may fall behind English."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

BASE_DIR = Path(settings.BASE_DIR)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(language):
    path = BASE_DIR / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def source_msgids():
    """Every translatable string in the code and templates, extracted afresh.

    makemessages writes to the first locale path that sits beside the sources,
    so the scratch catalogue lives in the project folder and is removed after.
    """
    target = BASE_DIR / ".translation-check"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=es",
            "--no-location",
            "--no-wrap",
            "--ignore=.venv",
            "--ignore=tests",
            "--ignore=bench",
            "--ignore=locale",
            "--verbosity=0",
        ],
        cwd=BASE_DIR,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "PORTAL_LOCALE_DIR": str(target)},
    )
    try:
        extracted = polib.pofile(str(target / "es" / "LC_MESSAGES" / "django.po"))
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return {entry.msgid for entry in extracted if entry.msgid}


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_has_no_empty_or_fuzzy_entry(language):
    entries = [entry for entry in catalogue(language) if not entry.obsolete]
    assert len(entries) > 50
    assert [e.msgid for e in entries if not e.translated()] == []
    assert [e.msgid for e in entries if e.fuzzy] == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_covers_every_string_in_the_source(language, source_msgids):
    """A string added without running `make makemessages` and translating it fails here."""
    assert len(source_msgids) > 50
    known = {entry.msgid for entry in catalogue(language) if not entry.obsolete and entry.translated()}
    assert sorted(source_msgids - known) == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_placeholders_survive_translation(language):
    """A translation that drops or renames %(name)s would crash or mislead."""
    for entry in catalogue(language):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(text)) <= allowed, entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid
