"""The search text kept on each service so word search needs no joins.

`search_name` holds the service's name in every language; `search_text` holds every language's
name, description and eligibility, the organization's name and the category names; neither
holds an address. Each also ends with the words of the synonym groups it has a phrase of
(directory.synonyms.group_words_in), so a search for any word of a group asks for one word. On
PostgreSQL the database turns both into the service's SearchEntry (names first). Positions are not copied
here: search works distance out from the locations themselves.
"""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from portal.core.phrases import plain

from .models import Service
from .synonyms import group_words_in

SEARCHED_FIELDS = ("name", "description", "eligibility_description")


def _all_languages(instance, field):
    return [getattr(instance, build_localized_fieldname(field, code), "") or "" for code, _name in settings.LANGUAGES]


def with_group_words(text):
    """Folded search text followed by the words of the synonym groups it holds."""
    return " ".join([text, *group_words_in(text)]).strip()


def search_name_for(service):
    return with_group_words(plain(" ".join(dict.fromkeys(name for name in _all_languages(service, "name") if name))))


def search_text_for(service):
    parts = []
    for field in SEARCHED_FIELDS:
        parts.extend(_all_languages(service, field))
    parts.append(service.organization.name)
    for term in service.categories.all():
        parts.extend(_all_languages(term, "name"))
    return with_group_words(plain(" ".join(dict.fromkeys(part for part in parts if part))))


def reindex(service_ids=None):
    services = Service.objects.select_related("organization").prefetch_related("categories")
    if service_ids is not None:
        services = services.filter(pk__in=service_ids)
    for service in services:
        Service.objects.filter(pk=service.pk).update(
            search_name=search_name_for(service), search_text=search_text_for(service)
        )


def reindex_every_service(service_model):
    """Write every service's search text again, through a migration's own (historical) model."""
    services = service_model.objects.select_related("organization").prefetch_related("categories")
    for each in services.iterator(chunk_size=500):
        service_model.objects.filter(pk=each.pk).update(
            search_name=search_name_for(each), search_text=search_text_for(each)
        )
