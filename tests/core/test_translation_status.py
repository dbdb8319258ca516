"""What "translated" means, one definition for the form, the listing and the database filter."""

import itertools

import pytest
from django.conf import settings
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from content.models import ContentPage, Hotline, SafetyAlert
from portal.core.translation_status import (
    languages_needing_translation,
    missing_fields,
    needs_translation_filter,
    target_languages,
    translatable_fields,
)
from portal.directory.models import Organization, Service

pytestmark = pytest.mark.django_db
TARGETS = [code for code, _name in settings.LANGUAGES if code != "en"]


def localized(field, language):
    return build_localized_fieldname(field, language)


def test_the_languages_are_those_of_the_settings_after_english():
    assert [code for code, _name in target_languages()] == TARGETS
    assert TARGETS  # the site is translated into something


def test_a_field_filled_in_english_and_empty_in_a_language_needs_translation():
    page = ContentPage(title_en="Rights", intro_en="What the law says.", title_es="Derechos", intro_es="")
    assert missing_fields(page, "es") == ["intro"]
    page.intro_es = "Lo que dice la ley."
    assert missing_fields(page, "es") == []


def test_a_field_empty_in_english_needs_nothing_and_spaces_count_as_empty():
    alert = SafetyAlert(message_en="", message_es="")
    assert languages_needing_translation(alert) == []
    alert.message_en = "Leaving quickly does not erase history."
    alert.message_es = "   "
    assert "es" in languages_needing_translation(alert)


def test_an_empty_body_needs_translation_and_a_body_with_a_block_does_not():
    page = ContentPage(title_en="T", title_es="T", body_en=[("paragraph", "<p>Hello</p>")], body_es=[])
    assert missing_fields(page, "es") == ["body"]
    page.body_es = [("paragraph", "<p>Hola</p>")]
    assert missing_fields(page, "es") == []


def test_the_page_fields_include_the_titles_and_search_texts_of_every_page():
    assert translatable_fields(ContentPage)[:1] == ["title"]
    assert {"title", "seo_title", "search_description", "intro", "body"} <= set(translatable_fields(ContentPage))


VALUES = ["", "   ", "written", None]


@pytest.mark.parametrize("model", [SafetyAlert, Hotline, Organization])
def test_the_database_filter_agrees_with_the_definition_for_every_combination(model):
    """Each pair of English and translated values the first text field can hold, in every language."""
    field = translatable_fields(model)[0]
    nullable = model._meta.get_field(localized(field, "es")).null
    values = [value for value in VALUES if value is not None or nullable]
    made = []
    for english, translated in itertools.product([value for value in values if value is not None], values):
        record = record_of(model, field, english, translated)
        made.append(record)
    for language in TARGETS:
        found = set(needs_translation_filter(model.objects.filter(pk__in=[r.pk for r in made]), language))
        expected = {record for record in made if language in languages_needing_translation(record)}
        assert found == expected
        assert expected  # the check has something to find


def record_of(model, field, english, translated):
    values = {localized(field, "en"): english, **{localized(field, code): translated for code in TARGETS}}
    if model is Hotline:
        return Hotline.objects.create(phone="911", **values)
    if model is Organization:
        return Organization.objects.create(name="Org", **values)
    return model.objects.create(**values)


def test_the_database_filter_finds_a_seeded_service_once_a_translation_is_removed():
    service = Service.objects.order_by("pk").first()
    assert not needs_translation_filter(Service.objects.all(), "vi").exists()
    setattr(service, localized("description", "vi"), "")
    service.save()
    assert list(needs_translation_filter(Service.objects.all(), "vi")) == [service]
    assert languages_needing_translation(service) == ["vi"]


def test_every_registered_model_has_every_language_column():
    """A language added to the settings without its migration would make the marker lie."""
    for model in translator.get_registered_models(abstract=False):
        for field in translatable_fields(model):
            for code, _name in settings.LANGUAGES:
                model._meta.get_field(localized(field, code))
