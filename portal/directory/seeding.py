"""The demo directory for `seed_demo`: the portal's taxonomy and a fictional Texas directory
in HSDS form (seed_data/), imported through the same importer operators use, then translated."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from .hsds_import import Importer, split_documents
from .indexing import reindex
from .models import Organization, Service, Taxonomy, TaxonomyTerm

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
    changed = False
    for code, values in translations.items():
        for field in fields:
            if values.get(field):
                name = build_localized_fieldname(field, code)
                if getattr(instance, name) != values[field]:
                    setattr(instance, name, values[field])
                    changed = True
    return changed


@transaction.atomic
def seed_directory():
    """Returns the number of services created (0 when the directory is already there)."""
    seed_taxonomy()
    organizations = _load("texas_directory.json")
    service_ids = [service["id"] for org in organizations for service in org.get("services", [])]
    if Service.objects.filter(id__in=service_ids).count() == len(service_ids):
        return 0
    Importer().run(*split_documents(organizations))
    translations = _load("texas_directory_translations.json")
    for service in Service.objects.filter(id__in=service_ids):
        if _translate(service, TRANSLATED_SERVICE_FIELDS, translations.get(str(service.id), {})):
            service.save()
    for organization in Organization.objects.filter(id__in=[org["id"] for org in organizations]):
        if _translate(organization, ("description",), translations.get(str(organization.id), {})):
            organization.save()
    reindex(service_ids)
    return len(service_ids)
