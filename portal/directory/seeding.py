"""The demo directory for `seed_demo`: the portal's taxonomy and a fictional Texas directory
in HSDS form (seed_data/), imported through the same importer operators use, then translated."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from .hsds_import import Importer, split_documents
from .indexing import reindex
from .models import Organization, Phone, RequiredDocument, Schedule, Service, Taxonomy, TaxonomyTerm
from .search_entries import written_at_the_end

SEED_DATA = Path(__file__).resolve().parent / "seed_data"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_SERVICE_FIELDS = (
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
)


def _load(name):
    return json.loads((SEED_DATA / name).read_text(encoding="utf-8"))


def seed_taxonomy():
    data = _load("taxonomy.json")
    kinds = {"categories": TaxonomyTerm.CATEGORY, "attributes": TaxonomyTerm.ATTRIBUTE}
    for taxonomy in data["taxonomies"]:
        Taxonomy.objects.get_or_create(id=taxonomy["id"], defaults={k: v for k, v in taxonomy.items() if k != "id"})
    for group, kind in kinds.items():
        for order, term in enumerate(data[group]):
            if TaxonomyTerm.objects.filter(id=term["id"]).exists():
                continue
            values = {build_localized_fieldname("name", code): term["name"][code] for code in LANGUAGES}
            TaxonomyTerm.objects.create(
                id=term["id"],
                taxonomy_id=term["taxonomy_id"],
                code=term["code"],
                kind=kind,
                sort_order=order,
                name=term["name"]["en"],
                **values,
            )


def _translate(instance, fields, translations):
    """Seed data may hold a language that is written but not yet in settings: it waits there."""
    changed = False
    for code, values in translations.items():
        if code not in LANGUAGES:
            continue
        for field in fields:
            if values.get(field):
                name = build_localized_fieldname(field, code)
                if getattr(instance, name) != values[field]:
                    setattr(instance, name, values[field])
                    changed = True
    return changed


def _translate_phrases(service_ids, organization_ids):
    """What to bring, closure notices, hours notes and phone labels repeat: translated once per phrase."""
    phrases = _load("texas_directory_phrases.json")
    rows = [
        *((document, "document") for document in RequiredDocument.objects.filter(service_id__in=service_ids)),
        *((service, "alert") for service in Service.objects.filter(id__in=service_ids).exclude(alert="")),
        *((schedule, "description") for schedule in Schedule.objects.filter(service_id__in=service_ids)),
        *(
            (phone, "description")
            for phone in Phone.objects.filter(
                Q(service_id__in=service_ids)
                | Q(organization_id__in=organization_ids)
                | Q(location__organization_id__in=organization_ids)
            )
        ),
    ]
    for instance, field in rows:
        english = getattr(instance, build_localized_fieldname(field, "en")) or ""
        if english in phrases and _translate(
            instance, (field,), {code: {field: text} for code, text in phrases[english].items()}
        ):
            instance.save()


@transaction.atomic
@written_at_the_end()
def seed_directory():
    """Returns the number of services created (0 when the directory is already there)."""
    seed_taxonomy()
    organizations = _load("texas_directory.json")
    service_ids = [service["id"] for org in organizations for service in org.get("services", [])]
    organization_ids = [org["id"] for org in organizations]
    if Service.objects.filter(id__in=service_ids).count() == len(service_ids):
        _translate_phrases(service_ids, organization_ids)
        return 0
    Importer().run(*split_documents(organizations))
    translations = _load("texas_directory_translations.json")
    for service in Service.objects.filter(id__in=service_ids):
        if _translate(service, TRANSLATED_SERVICE_FIELDS, translations.get(str(service.id), {})):
            service.save()
    for organization in Organization.objects.filter(id__in=organization_ids):
        if _translate(organization, ("description",), translations.get(str(organization.id), {})):
            organization.save()
    _translate_phrases(service_ids, organization_ids)
    reindex(service_ids)
    return len(service_ids)
