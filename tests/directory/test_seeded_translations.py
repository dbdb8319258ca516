"""The seeded directory reads in every language: no survivor-facing field is left in English."""

import pytest
from modeltranslation.utils import build_localized_fieldname

from portal.directory.models import Phone, RequiredDocument, Schedule, Service
from portal.directory.seeding import TRANSLATED_SERVICE_FIELDS, seed_directory
from tests.conftest import TRANSLATED_LANGUAGE_CODES

pytestmark = pytest.mark.django_db
LANGUAGES = TRANSLATED_LANGUAGE_CODES


def untranslated(instances, field):
    for instance in instances:
        english = getattr(instance, build_localized_fieldname(field, "en"))
        for language in LANGUAGES:
            translated = getattr(instance, build_localized_fieldname(field, language))
            if english and (not translated or translated == english):
                yield (type(instance).__name__, instance.pk, field, language)


def test_every_seeded_service_is_translated_in_full():
    seed_directory()
    services = Service.objects.all()
    assert services.count() >= 68
    missing = [row for field in (*TRANSLATED_SERVICE_FIELDS, "alert") for row in untranslated(services, field)]
    missing += list(untranslated(RequiredDocument.objects.all(), "document"))
    missing += list(untranslated(Schedule.objects.exclude(description=""), "description"))
    missing += list(untranslated(Phone.objects.exclude(description=""), "description"))  # "Main line" and the like
    assert missing == []
