"""Import HSDS 3.0 data: JSON documents or a CSV data package, all or nothing.

Every record is checked before anything is written; the whole import is one
transaction, so a bad record leaves the database exactly as it was. Records are
matched by their HSDS `id`, so importing the same data twice changes nothing.
"""

import csv
import json
import uuid
from datetime import date, time
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.dateparse import parse_datetime

from portal.core.spreadsheet_cells import original_cell

from .hsds import CONFIDENTIAL_CODE, zone_for_offset
from .indexing import reindex
from .models import (
    Address,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
    Taxonomy,
    TaxonomyTerm,
)
from .search_entries import written_at_the_end

STATUSES = {choice for choice, _label in Service.STATUSES}
CATEGORY_TAXONOMY = "urn:portal:taxonomy:category"
ATTRIBUTE_TAXONOMY = "urn:portal:taxonomy:attribute"


class HSDSImportError(Exception):
    """Bad input, named by record and field. Nothing was imported."""


class Record:
    """One input object, with checked accessors that name it in errors."""

    def __init__(self, kind, data):
        if not isinstance(data, dict):
            raise HSDSImportError(f"{kind}: expected an object, got {type(data).__name__}")
        self.kind, self.data = kind, data
        self.id = self.uuid("id", required=True)

    def fail(self, field, problem):
        raise HSDSImportError(f"{self.kind} {self.data.get('id', '?')}: field '{field}': {problem}")

    def raw(self, field):
        value = self.data.get(field)
        return None if value == "" else value

    def text(self, field, required=False, max_length=None):
        value = self.raw(field)
        if value is None:
            if required:
                self.fail(field, "is required")
            return ""
        if not isinstance(value, str | int | float):
            self.fail(field, "must be text")
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.fail(field, f"is longer than {max_length} characters")
        return value

    def uuid(self, field, required=False):
        value = self.raw(field)
        if value is None:
            if required:
                self.fail(field, "is required")
            return None
        try:
            return uuid.UUID(str(value))
        except ValueError:
            self.fail(field, f"'{value}' is not a UUID")

    def integer(self, field):
        value = self.raw(field)
        if value is None:
            return None
        try:
            number = int(float(value))
        except (TypeError, ValueError):
            self.fail(field, f"'{value}' is not a whole number")
        if number < 0 or number > 32767:
            self.fail(field, f"{number} is out of range")
        return number

    def number(self, field):
        value = self.raw(field)
        if value is None:
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            self.fail(field, f"'{value}' is not a number")

    def day(self, field):
        value = self.raw(field)
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            self.fail(field, f"'{value}' is not a date (YYYY-MM-DD)")

    def clock(self, field):
        value = self.raw(field)
        if value is None:
            return None
        text = str(value).strip().removesuffix("Z")
        text = text.split("+")[0]
        if text.count("-"):
            text = text.split("-")[0]
        try:
            return time.fromisoformat(text)
        except ValueError:
            self.fail(field, f"'{value}' is not a time (HH:MM)")

    def moment(self, field):
        value = self.raw(field)
        if value is None:
            return None
        parsed = parse_datetime(str(value).replace("Z", "+00:00"))
        if parsed is None:
            self.fail(field, f"'{value}' is not a date and time")
        return parsed

    def children(self, field, kind):
        value = self.data.get(field) or []
        if not isinstance(value, list):
            self.fail(field, "must be a list")
        return [Record(kind, item) for item in value]


# Reading input -------------------------------------------------------------


def read_path(path):
    """(organizations, services, terms) as lists of plain dicts, from a file or a folder."""
    path = Path(path)
    if path.is_dir():
        return read_csv_package(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HSDSImportError(f"{path}: cannot read JSON: {error}") from error
    return split_documents(document)


def split_documents(document):
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        document = document["contents"]
    items = document if isinstance(document, list) else [document]
    organizations, services, terms = [], [], []
    for item in items:
        if not isinstance(item, dict):
            raise HSDSImportError(f"expected objects, found {type(item).__name__}")
        if "status" in item or "organization_id" in item:
            services.append(item)
        else:
            organizations.append(item)
            for service in item.get("services") or []:
                if isinstance(service, dict):
                    services.append({**service, "organization_id": service.get("organization_id") or item.get("id")})
    for index, service in enumerate(services):
        nested = service.get("organization")
        if isinstance(nested, dict) and nested.get("id"):
            organizations.append(nested)
            if not service.get("organization_id"):
                services[index] = {**service, "organization_id": nested["id"]}
    return organizations, services, terms


def _csv_rows(folder, name):
    path = folder / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        # Cells an export kept from running as spreadsheet formulas are read back as they were.
        return [
            {key: original_cell(value or "") for key, value in row.items() if key} for row in csv.DictReader(handle)
        ]


def _by(rows, field):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.get(field) or "", []).append(row)
    return grouped


def read_csv_package(folder):
    """Assemble nested documents from the tables of an HSDS CSV data package."""
    if not (folder / "services.csv").exists():
        raise HSDSImportError(f"{folder}: no services.csv in this folder")
    taxonomies = {row["id"]: row for row in _csv_rows(folder, "taxonomies.csv")}
    terms = []
    for row in _csv_rows(folder, "taxonomy_terms.csv"):
        detail = taxonomies.get(row.get("taxonomy_id", ""))
        terms.append({**row, "taxonomy_detail": detail} if detail else row)
    phones = _csv_rows(folder, "phones.csv")
    languages = _csv_rows(folder, "languages.csv")
    attributes = _by(_csv_rows(folder, "attributes.csv"), "link_id")
    addresses = _by(_csv_rows(folder, "addresses.csv"), "location_id")
    accessibility = _by(_csv_rows(folder, "accessibility.csv"), "location_id")
    schedules = _by(_csv_rows(folder, "schedules.csv"), "service_id")
    phones_by_service = _by(phones, "service_id")
    phones_by_location = _by([p for p in phones if not p.get("service_id")], "location_id")
    languages_by_phone = _by(languages, "phone_id")
    locations = {}
    for row in _csv_rows(folder, "locations.csv"):
        location = dict(row)
        location["addresses"] = addresses.get(row["id"], [])
        location["phones"] = [
            {**phone, "languages": languages_by_phone.get(phone["id"], [])}
            for phone in phones_by_location.get(row["id"], [])
        ]
        location["attributes"] = attributes.get(row["id"], [])
        if accessibility.get(row["id"]):
            location["accessibility"] = accessibility[row["id"]]
        locations[row["id"]] = location
    links = _by(_csv_rows(folder, "service_at_location.csv"), "service_id")
    simple = {
        name: _by(_csv_rows(folder, f"{name}.csv"), "service_id")
        for name in ("service_areas", "cost_options", "required_documents", "contacts")
    }
    services = []
    for row in _csv_rows(folder, "services.csv"):
        service = dict(row)
        service_id = row.get("id", "")
        service["phones"] = [
            {**phone, "languages": languages_by_phone.get(phone["id"], [])}
            for phone in phones_by_service.get(service_id, [])
        ]
        service["schedules"] = schedules.get(service_id, [])
        service["languages"] = [
            lang for lang in languages if lang.get("service_id") == service_id and not lang.get("phone_id")
        ]
        service["attributes"] = attributes.get(service_id, [])
        service["service_at_locations"] = [
            {**link, "location": locations.get(link.get("location_id"))} for link in links.get(service_id, [])
        ]
        for name, grouped in simple.items():
            service[name] = grouped.get(service_id, [])
        services.append(service)
    organizations = _csv_rows(folder, "organizations.csv")
    return organizations, services, terms


# Writing -------------------------------------------------------------------


class Importer:
    def __init__(self):
        self.terms = {}
        self.service_ids = []
        self.warnings = []
        # Incoming locations that carried an address or position for a place kept confidential.
        self.confidential_addresses = []

    def run(self, organizations, services, terms):
        # Each service is written in several statements (itself, each kind of its parts, its search text):
        # its search entry once, at the end.
        with translation.override("en"), transaction.atomic(), written_at_the_end():
            for data in terms:
                self.term(Record("taxonomy_term", data))
            for data in organizations:
                self.organization(Record("organization", data))
            for data in services:
                self.service(Record("service", data))
            reindex(self.service_ids)
        return len(self.service_ids)

    def taxonomy(self, record):
        taxonomy, _created = Taxonomy.objects.update_or_create(
            id=record.id,
            defaults={
                "name": record.text("name", required=True, max_length=255),
                "description": record.text("description"),
                "uri": record.text("uri", max_length=500),
                "version": record.text("version", max_length=50),
            },
        )
        return taxonomy

    def term(self, record):
        if record.id in self.terms:
            return self.terms[record.id]
        taxonomy = None
        if isinstance(record.raw("taxonomy_detail"), dict):
            taxonomy = self.taxonomy(Record("taxonomy", record.raw("taxonomy_detail")))
        else:
            taxonomy_id = record.uuid("taxonomy_id")
            taxonomy = Taxonomy.objects.filter(id=taxonomy_id).first() if taxonomy_id else None
        kind = TaxonomyTerm.OTHER
        if taxonomy is not None and taxonomy.uri == CATEGORY_TAXONOMY:
            kind = TaxonomyTerm.CATEGORY
        elif taxonomy is not None and taxonomy.uri == ATTRIBUTE_TAXONOMY:
            kind = TaxonomyTerm.ATTRIBUTE
        existing = TaxonomyTerm.objects.filter(id=record.id).first()
        defaults = {
            "code": record.text("code", max_length=100),
            "taxonomy": taxonomy,
            "kind": kind,
            "term_uri": record.text("term_uri", max_length=500),
        }
        # Names are translated in the portal: an import only fills the English ones.
        defaults["name_en"] = record.text("name", required=True, max_length=255)
        defaults["description_en"] = record.text("description")
        if existing is None:
            defaults["name"] = defaults["name_en"]
        term, _created = TaxonomyTerm.objects.update_or_create(id=record.id, defaults=defaults)
        self.terms[record.id] = term
        return term

    def term_of(self, attribute):
        nested = attribute.raw("taxonomy_term")
        if isinstance(nested, dict):
            return self.term(Record("taxonomy_term", nested))
        term_id = attribute.uuid("taxonomy_term_id", required=True)
        term = self.terms.get(term_id) or TaxonomyTerm.objects.filter(id=term_id).first()
        if term is None:
            attribute.fail("taxonomy_term_id", f"unknown taxonomy term {term_id}")
        return term

    def organization(self, record):
        # is_confidential is never in the defaults: an import leaves an organization's flag as it is.
        organization, _created = Organization.objects.update_or_create(
            id=record.id,
            defaults={
                "name": record.text("name", required=True, max_length=255),
                "alternate_name": record.text("alternate_name", max_length=255),
                "description_en": record.text("description"),
                "email": record.text("email", max_length=254),
                "website": record.text("website", max_length=200),
                "tax_status": record.text("tax_status", max_length=100),
                "tax_id": record.text("tax_id", max_length=100),
                "year_incorporated": record.integer("year_incorporated"),
                "legal_status": record.text("legal_status", max_length=100),
                "uri": record.text("uri", max_length=500),
            },
        )
        return organization

    def service(self, record):
        status = record.text("status", required=True)
        if status not in STATUSES:
            record.fail("status", f"'{status}' is not one of {', '.join(sorted(STATUSES))}")
        organization_id = record.uuid("organization_id", required=True)
        if not Organization.objects.filter(id=organization_id).exists():
            record.fail("organization_id", f"unknown organization {organization_id}")
        categories, attributes = [], []
        for attribute in record.children("attributes", "attribute"):
            term = self.term_of(attribute)
            (categories if term.kind == TaxonomyTerm.CATEGORY else attributes).append(term)
        service, _created = Service.objects.update_or_create(
            id=record.id,
            defaults={
                "organization_id": organization_id,
                "name_en": record.text("name", required=True, max_length=255),
                "alternate_name": record.text("alternate_name", max_length=255),
                "description_en": record.text("description"),
                "url": record.text("url", max_length=200),
                "email": record.text("email", max_length=254),
                "status": status,
                "interpretation_services": record.text("interpretation_services"),
                "application_process_en": record.text("application_process"),
                "fees_description_en": record.text("fees_description"),
                "wait_time": record.text("wait_time", max_length=255),
                "accreditations": record.text("accreditations"),
                "licenses": record.text("licenses"),
                "eligibility_description_en": record.text("eligibility_description"),
                "minimum_age": record.integer("minimum_age"),
                "maximum_age": record.integer("maximum_age"),
                "alert_en": record.text("alert"),
                "live": True,
            },
        )
        # Imported data was reviewed at its source: it keeps its own dates.
        Service.objects.filter(id=service.id).update(
            assured_date=record.day("assured_date"),
            assurer_email=record.text("assurer_email", max_length=254),
            last_modified=record.moment("last_modified") or service.last_modified,
        )
        _set_terms(service, "categories", categories)
        _set_terms(service, "attributes", attributes)
        self.replace_children(service, record)
        self.service_ids.append(service.id)

    def replace_children(self, service, record):
        keep = {
            "phones": [self.phone(p, service=service) for p in record.children("phones", "phone")],
            "schedules": [self.schedule(s, service) for s in record.children("schedules", "schedule")],
            "languages": [self.language(lang, service=service) for lang in record.children("languages", "language")],
            "service_areas": [self.area(a, service) for a in record.children("service_areas", "service_area")],
            "cost_options": [self.cost(c, service) for c in record.children("cost_options", "cost_option")],
            "required_documents": [
                self.document(d, service) for d in record.children("required_documents", "required_document")
            ],
            "contacts": [self.contact(c, service) for c in record.children("contacts", "contact")],
            "service_at_locations": [
                self.link(link, service) for link in record.children("service_at_locations", "service_at_location")
            ],
        }
        for relation, ids in keep.items():
            getattr(service, relation).exclude(id__in=ids).delete()

    def phone(self, record, service=None, location=None):
        phone, _created = Phone.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "location": location,
                "number": record.text("number", required=True, max_length=50).strip('"'),
                "extension": record.text("extension", max_length=20),
                "type": record.text("type", max_length=20) or "voice",
                "description_en": record.text("description", max_length=255),
            },
        )
        for language in record.children("languages", "language"):
            self.language(language, phone=phone)
        return phone.id

    def schedule(self, record, service):
        zone = zone_for_offset(record.raw("timezone")) if record.raw("timezone") is not None else "America/Chicago"
        freq = (record.text("freq") or "WEEKLY").upper()
        if freq not in {"WEEKLY", "DAILY", "MONTHLY", "YEARLY"}:
            record.fail("freq", f"'{freq}' is not an iCal frequency")
        Schedule.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "freq": freq if freq in {"WEEKLY", "DAILY"} else "WEEKLY",
                "interval": record.integer("interval") or 1,
                "byday": record.text("byday", max_length=50).upper().replace(" ", ""),
                "opens_at": record.clock("opens_at"),
                "closes_at": record.clock("closes_at"),
                "valid_from": record.day("valid_from"),
                "valid_to": record.day("valid_to"),
                "dtstart": record.day("dtstart"),
                "until": record.day("until"),
                "timezone": zone,
                "description_en": record.text("description"),
                "attending_type": record.text("attending_type", max_length=255),
                "notes": record.text("notes"),
            },
        )
        return record.id

    def language(self, record, service=None, phone=None):
        Language.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "phone": phone,
                "name": record.text("name", max_length=100) or record.text("code", max_length=10),
                "code": record.text("code", max_length=10).lower(),
                "note": record.text("note", max_length=255),
            },
        )
        return record.id

    def area(self, record, service):
        ServiceArea.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "name": record.text("name", required=True, max_length=255),
                "description": record.text("description"),
                "extent": record.text("extent"),
                "extent_type": record.text("extent_type", max_length=20),
                "uri": record.text("uri", max_length=500),
            },
        )
        return record.id

    def cost(self, record, service):
        amount = record.number("amount")
        CostOption.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "valid_from": record.day("valid_from"),
                "valid_to": record.day("valid_to"),
                "option": record.text("option", max_length=255),
                "currency": record.text("currency", max_length=3),
                "amount": round(amount, 2) if amount is not None else None,
                "amount_description": record.text("amount_description", max_length=255),
            },
        )
        return record.id

    def document(self, record, service):
        RequiredDocument.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "document_en": record.text("document", required=True),
                "uri": record.text("uri", max_length=500),
            },
        )
        return record.id

    def contact(self, record, service):
        ServiceContact.objects.update_or_create(
            id=record.id,
            defaults={
                "service": service,
                "name": record.text("name", max_length=255),
                "title": record.text("title", max_length=255),
                "department": record.text("department", max_length=255),
                "email": record.text("email", max_length=254),
            },
        )
        return record.id

    def link(self, record, service):
        nested = record.raw("location")
        if isinstance(nested, dict):
            location_id = self.location(Record("location", nested), service)
        else:
            location_id = record.uuid("location_id", required=True)
            if not Location.objects.filter(id=location_id).exists():
                record.fail("location_id", f"unknown location {location_id}")
        ServiceAtLocation.objects.update_or_create(
            id=record.id,
            defaults={"service": service, "location_id": location_id, "description": record.text("description")},
        )
        return record.id

    def location(self, record, service=None):
        location_type = record.text("location_type") or "physical"
        if location_type not in {"physical", "postal", "virtual"}:
            record.fail("location_type", f"'{location_type}' is not physical, postal or virtual")
        confidential = any(
            self.term_of(attribute).code == CONFIDENTIAL_CODE
            for attribute in record.children("attributes", "attribute")
        )
        latitude, longitude = record.number("latitude"), record.number("longitude")
        if (latitude is not None and not -90 <= latitude <= 90) or (
            longitude is not None and not -180 <= longitude <= 180
        ):
            # The schema allows any number; a position off the Earth is kept out of distance search.
            self.warnings.append(f"location {record.id}: latitude/longitude ({latitude}, {longitude}) left empty")
            latitude = longitude = None
        accessibility = [Record("accessibility", item) for item in (record.raw("accessibility") or [])]
        organization_id = record.uuid("organization_id")
        if organization_id and not Organization.objects.filter(id=organization_id).exists():
            organization_id = None  # a dangling reference in shared data: keep the location, drop the link
        defaults = {
            "organization_id": organization_id,
            "location_type": location_type,
            "name": record.text("name", max_length=255),
            "alternate_name": record.text("alternate_name", max_length=255),
            "description_en": record.text("description"),
            "transportation_en": record.text("transportation"),
            "url": record.text("url", max_length=200),
            "latitude": latitude,
            "longitude": longitude,
            "external_identifier": record.text("external_identifier", max_length=100),
            "external_identifier_type": record.text("external_identifier_type", max_length=100),
            "accessibility_en": " ".join(item.text("description") for item in accessibility).strip(),
            "is_confidential": confidential,
        }
        existing = Location.objects.filter(id=record.id).first()
        # Kept confidential here: flagged in the portal, or an organization keeps it secret
        # (its own, the one the feed names, or the one of the service given there).
        kept_confidential = (
            Location.objects.filter(id=record.id).kept_confidential().exists()
            or Organization.objects.filter(id=organization_id, is_confidential=True).exists()
            or (service is not None and service.organization.is_confidential)
        )
        carries_place = record.raw("addresses") or latitude is not None or longitude is not None
        if (confidential or kept_confidential) and carries_place:
            self.confidential_addresses.append(f"location {record.id} ({defaults['name'] or 'no name'})")
        if kept_confidential:
            # Confidential is sticky: an import never clears it (only permitted staff can, in the
            # admin) and never writes an address or position over what advocates entered.
            for field in ("latitude", "longitude", "transportation_en", "accessibility_en"):
                defaults.pop(field)
            defaults["is_confidential"] = confidential or (existing is not None and existing.is_confidential)
        location, _created = Location.objects.update_or_create(id=record.id, defaults=defaults)
        if not kept_confidential:
            kept = [self.address(address, location) for address in record.children("addresses", "address")]
            location.addresses.exclude(id__in=kept).delete()
        phones = [self.phone(phone, location=location) for phone in record.children("phones", "phone")]
        location.phones.exclude(id__in=phones).delete()
        return location.id

    def address(self, record, location):
        Address.objects.update_or_create(
            id=record.id,
            defaults={
                "location": location,
                "attention": record.text("attention", max_length=255),
                "address_1": record.text("address_1", required=True, max_length=255),
                "address_2": record.text("address_2", max_length=255),
                "city": record.text("city", required=True, max_length=100),
                "region": record.text("region", max_length=100),
                "state_province": record.text("state_province", required=True, max_length=100),
                "postal_code": record.text("postal_code", required=True, max_length=20),
                "country": record.text("country", required=True, max_length=2).upper(),
                "address_type": record.text("address_type", max_length=20) or "physical",
            },
        )
        return record.id


def _set_terms(service, field, terms):
    """Write a service's terms straight to the link table (a ParentalManyToManyField
    otherwise waits for the next save, which would bump last_modified)."""
    through = getattr(Service, field).through
    through.objects.filter(service_id=service.id).delete()
    through.objects.bulk_create(
        through(service_id=service.id, taxonomyterm_id=term.id) for term in dict.fromkeys(terms)
    )


def import_path(path):
    """Import a file or folder. Returns the importer (counts and warnings); raises HSDSImportError."""
    organizations, services, terms = read_path(path)
    if not services and not organizations:
        raise HSDSImportError(f"{path}: no organizations or services found")
    importer = Importer()
    importer.run(organizations, services, terms)
    return importer


def import_documents(document):
    return Importer().run(*split_documents(document))
