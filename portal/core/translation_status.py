"""Whether a page, snippet or service is translated into each of the site's languages.

The one definition, used by the edit form's language tabs, the admin listings and their filter:
a record is *translated* into a language when every translatable field that is filled in the source
language (English) is filled in that language too. A field left empty in English needs nothing;
an empty translation falls back to English on the site, so "needs translation" means a reader of
that language sees English there. Child rows edited inside the form (a service's phones, opening
hours) are not counted: each is its own record.

The languages come from settings.LANGUAGES, so a new language is covered without code.
"""

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Trim
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def source_language() -> str:
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def target_languages() -> list[tuple[str, str]]:
    """(code, name) of every language editors translate into, in settings order."""
    return [(code, name) for code, name in settings.LANGUAGES if code != source_language()]


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def translatable_fields(model: type[Model]) -> list[str]:
    """The model's translatable field names (without a language suffix), in declaration order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    declared = [field.name for field in model._meta.get_fields()]
    return sorted(options.all_fields, key=lambda name: declared.index(name) if name in declared else len(declared))


def language_of_field(model: type[Model], field_name: str) -> str | None:
    """'es' for a model's `title_es`; None for a field that is not one language's copy."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - panels may name relations and non-fields; they have no language
        return None
    return field.language if isinstance(field, TranslationField) else None


def is_filled(value) -> bool:
    """Text with something besides spaces, or a body with at least one block."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def _value(instance: Model, field_name: str, language: str):
    return getattr(instance, build_localized_fieldname(field_name, language))


def missing_fields(instance: Model, language: str) -> list[str]:
    """Fields filled in English and empty in `language`."""
    source = source_language()
    return [
        name
        for name in translatable_fields(type(instance))
        if is_filled(_value(instance, name, source)) and not is_filled(_value(instance, name, language))
    ]


def languages_needing_translation(instance: Model) -> list[str]:
    return [code for code, _name in target_languages() if missing_fields(instance, code)]


def needs_translation_filter(queryset: QuerySet, language: str) -> QuerySet:
    """The records of `queryset` that need translation into `language`, found by the database.

    For text fields only (snippets and directory records); page bodies are blocks and are checked
    with missing_fields() instead.
    """
    source = source_language()
    condition = Q()
    aliases = {}
    for name in translatable_fields(queryset.model):
        english, translated = (build_localized_fieldname(name, code) for code in (source, language))
        aliases[f"{english}_trimmed"] = Trim(english)
        aliases[f"{translated}_trimmed"] = Trim(translated)
        condition |= (
            ~Q(**{f"{english}_trimmed": ""})
            & Q(**{f"{english}__isnull": False})
            & (Q(**{f"{translated}_trimmed": ""}) | Q(**{f"{translated}__isnull": True}))
        )
    if not aliases:
        return queryset.none()
    return queryset.alias(**aliases).filter(condition)
