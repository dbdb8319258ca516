"""Services as HSDS 3.0 documents, for the API and the export.

A location kept confidential (its own flag or its organization's, see
LocationQuerySet) is written without addresses or coordinates: only its
id, type, name and the flag that says it is confidential. English is the
exchange language; translations stay in the portal.
"""

import uuid
from collections import defaultdict
from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from .models import (
    Address,
    CostOption,
    Language,
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceContact,
)

HSDS_VERSION = "3.0.0"
# Schedules carry a UTC offset in HSDS; the portal keeps the IANA zone so that
# daylight saving time is right. Texas has two zones.
ZONE_BY_OFFSET = {-5: "America/New_York", -6: "America/Chicago", -7: "America/Denver", -8: "America/Los_Angeles"}
CONFIDENTIAL_CODE = "confidential-location"
ATTRIBUTE_NAMESPACE = uuid.UUID("3b0f5a4e-7d0b-4a53-8f0e-2f6f0d0f1a11")


def zone_for_offset(offset):
    try:
        hours = int(float(offset))
    except (TypeError, ValueError):
        return "America/Chicago"
    if hours in ZONE_BY_OFFSET:
        return ZONE_BY_OFFSET[hours]
    # Etc/GMT zones have the sign reversed by POSIX convention.
    return f"Etc/GMT{-hours:+d}" if hours else "UTC"


def offset_for_zone(zone_name):
    """The zone's standard-time offset in hours (January, no daylight saving)."""
    offset = datetime(2025, 1, 15, tzinfo=ZoneInfo(zone_name)).utcoffset()
    return int(offset.total_seconds() // 3600)


def _grouped(rows, key):
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    for items in groups.values():
        items.sort(key=lambda item: str(item.id))
    return groups


def with_parts(queryset):
    """The services of `queryset` with every nested part attached as plain lists.

    A fixed number of queries however many services. (Plain queries grouped by id: going
    through modelcluster's related managers costs more than the queries themselves.)
    """
    services = list(queryset.select_related("organization"))
    ids = [service.id for service in services]
    links = list(
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .prefetch_related(Prefetch("location", queryset=Location.objects.with_confidentiality()))
        .order_by("id")
    )
    location_ids = {link.location_id for link in links}
    phones = list(Phone.objects.filter(service_id__in=ids))
    location_phones = list(Phone.objects.filter(location_id__in=location_ids, service__isnull=True))
    phone_languages = _grouped(
        Language.objects.filter(phone_id__in=[p.id for p in phones + location_phones]), "phone_id"
    )
    for phone in phones + location_phones:
        phone.hsds_languages = phone_languages.get(phone.id, [])
    addresses = _grouped(Address.objects.filter(location_id__in=location_ids), "location_id")
    phones_by_location = _grouped(location_phones, "location_id")
    for link in links:
        link.location.hsds_addresses = addresses.get(link.location_id, [])
        link.location.hsds_phones = phones_by_location.get(link.location_id, [])
    tables = {
        "phones": _grouped(phones, "service_id"),
        "schedules": _grouped(Schedule.objects.filter(service_id__in=ids), "service_id"),
        "service_areas": _grouped(ServiceArea.objects.filter(service_id__in=ids), "service_id"),
        "languages": _grouped(Language.objects.filter(service_id__in=ids), "service_id"),
        "cost_options": _grouped(CostOption.objects.filter(service_id__in=ids), "service_id"),
        "required_documents": _grouped(RequiredDocument.objects.filter(service_id__in=ids), "service_id"),
        "contacts": _grouped(ServiceContact.objects.filter(service_id__in=ids), "service_id"),
        "service_at_locations": _grouped(links, "service_id"),
    }
    terms = {}
    for field in ("categories", "attributes"):
        through = getattr(Service, field).through
        rows = through.objects.filter(service_id__in=ids).select_related("taxonomyterm__taxonomy")
        terms[field] = defaultdict(list)
        for row in rows:
            terms[field][row.service_id].append(row.taxonomyterm)
    for service in services:
        service.hsds = SimpleNamespace(
            **{name: table.get(service.id, []) for name, table in tables.items()},
            categories=sorted(terms["categories"][service.id], key=lambda t: str(t.id)),
            attributes=sorted(terms["attributes"][service.id], key=lambda t: str(t.id)),
        )
    return services


def _text(value):
    return value if value not in (None, "") else None


def _date(value):
    return value.isoformat() if isinstance(value, date) else None


def _compact(document):
    """HSDS documents omit absent values rather than sending nulls."""
    return {key: value for key, value in document.items() if value is not None}


def term_document(term):
    document = {
        "id": str(term.id),
        "code": _text(term.code),
        "name": term.name_en or term.name,
        "description": term.description_en or term.description or term.name_en or term.name,
        "taxonomy_id": str(term.taxonomy_id) if term.taxonomy_id else None,
        "term_uri": _text(term.term_uri),
        "version": _text(term.taxonomy.version) if term.taxonomy_id else None,
    }
    if term.taxonomy_id:
        document["taxonomy_detail"] = _compact(
            {
                "id": str(term.taxonomy.id),
                "name": term.taxonomy.name,
                "description": term.taxonomy.description or term.taxonomy.name,
                "uri": _text(term.taxonomy.uri),
                "version": _text(term.taxonomy.version),
            }
        )
    return _compact(document)


def attribute_document(term, link_id, link_type, link_entity):
    return {
        "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{link_id}:{term.id}")),
        "link_id": str(link_id),
        "taxonomy_term_id": str(term.id),
        "link_type": link_type,
        "link_entity": link_entity,
        "taxonomy_term": term_document(term),
    }


def phone_document(phone):
    return _compact(
        {
            "id": str(phone.id),
            "number": phone.number,
            "extension": int(phone.extension) if phone.extension.isdigit() else None,
            "type": _text(phone.type),
            "description": _text(phone.description_en or phone.description),
            "languages": [language_document(language) for language in phone.hsds_languages],
        }
    )


def language_document(language):
    return _compact(
        {"id": str(language.id), "name": language.name, "code": language.code, "note": _text(language.note)}
    )


def schedule_document(schedule):
    return _compact(
        {
            "id": str(schedule.id),
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "dtstart": _date(schedule.dtstart),
            "until": _date(schedule.until),
            "timezone": offset_for_zone(schedule.timezone),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": _text(schedule.byday),
            "opens_at": schedule.opens_at.strftime("%H:%M:%S") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.strftime("%H:%M:%S") if schedule.closes_at else None,
            "description": _text(schedule.description_en or schedule.description),
            "attending_type": _text(schedule.attending_type),
            "notes": _text(schedule.notes),
        }
    )


def address_document(address):
    return _compact(
        {
            "id": str(address.id),
            "attention": _text(address.attention),
            "address_1": address.address_1,
            "address_2": _text(address.address_2),
            "city": address.city,
            "region": _text(address.region),
            "state_province": address.state_province,
            "postal_code": address.postal_code,
            "country": address.country,
            "address_type": address.address_type,
        }
    )


def location_document(location, confidential_term=None):
    document = {
        "id": str(location.id),
        "location_type": location.location_type,
        "organization_id": str(location.organization_id) if location.organization_id else None,
        "name": _text(location.name),
        "description": _text(location.description_en or location.description),
        "phones": [phone_document(phone) for phone in location.hsds_phones],
    }
    if location.kept_confidential:
        if confidential_term is not None:
            document["attributes"] = [attribute_document(confidential_term, location.id, "location_flag", "location")]
        return _compact(document)
    document.update(
        {
            "transportation": _text(location.transportation_en or location.transportation),
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": _text(location.external_identifier),
            "external_identifier_type": _text(location.external_identifier_type),
            "addresses": [address_document(address) for address in location.hsds_addresses],
        }
    )
    if location.accessibility_en or location.accessibility:
        document["accessibility"] = [
            {
                "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"access:{location.id}")),
                "description": location.accessibility_en or location.accessibility,
            }
        ]
    return _compact(document)


def service_document(service, confidential_term=None):
    """One service as HSDS 3.0 `service.json`, with its nested parts."""
    organization = service.organization
    attributes = [
        attribute_document(term, service.id, "service_category", "service") for term in service.hsds.categories
    ]
    attributes += [
        attribute_document(term, service.id, "survivor_attribute", "service") for term in service.hsds.attributes
    ]
    return _compact(
        {
            "id": str(service.id),
            "organization_id": str(organization.id),
            "name": service.name_en or service.name,
            "alternate_name": _text(service.alternate_name),
            "description": _text(service.description_en or service.description),
            "url": _text(service.url),
            "email": _text(service.email),
            "status": service.status,
            "interpretation_services": _text(service.interpretation_services),
            "application_process": _text(service.application_process_en or service.application_process),
            "fees_description": _text(service.fees_description_en or service.fees_description),
            "wait_time": _text(service.wait_time),
            "accreditations": _text(service.accreditations),
            "licenses": _text(service.licenses),
            "eligibility_description": _text(service.eligibility_description_en or service.eligibility_description),
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _date(service.assured_date),
            "assurer_email": _text(service.assurer_email),
            "alert": _text(service.alert_en or service.alert),
            "last_modified": service.last_modified.isoformat().replace("+00:00", "Z")
            if service.last_modified
            else None,
            "organization": _compact(
                {
                    "id": str(organization.id),
                    "name": organization.name,
                    "description": organization.description_en or organization.description or organization.name,
                    "email": _text(organization.email),
                    "website": _text(organization.website),
                }
            ),
            "phones": [phone_document(phone) for phone in service.hsds.phones],
            "schedules": [schedule_document(schedule) for schedule in service.hsds.schedules],
            "service_areas": [
                _compact(
                    {
                        "id": str(area.id),
                        "name": area.name,
                        "description": _text(area.description),
                        "extent": _text(area.extent),
                        "extent_type": _text(area.extent_type),
                        "uri": _text(area.uri),
                    }
                )
                for area in service.hsds.service_areas
            ],
            "service_at_locations": [
                _compact(
                    {
                        "id": str(link.id),
                        "service_id": str(service.id),
                        "location_id": str(link.location_id),
                        "description": _text(link.description),
                        "location": location_document(link.location, confidential_term),
                    }
                )
                for link in service.hsds.service_at_locations
            ],
            "languages": [language_document(language) for language in service.hsds.languages],
            "cost_options": [
                _compact(
                    {
                        "id": str(option.id),
                        "valid_from": _date(option.valid_from),
                        "valid_to": _date(option.valid_to),
                        "option": _text(option.option),
                        "currency": _text(option.currency),
                        "amount": float(option.amount) if option.amount is not None else None,
                        "amount_description": _text(option.amount_description),
                    }
                )
                for option in service.hsds.cost_options
            ],
            "required_documents": [
                _compact({"id": str(doc.id), "document": _text(doc.document_en or doc.document), "uri": _text(doc.uri)})
                for doc in service.hsds.required_documents
            ],
            "contacts": [
                _compact(
                    {
                        "id": str(contact.id),
                        "name": _text(contact.name),
                        "title": _text(contact.title),
                        "department": _text(contact.department),
                        "email": _text(contact.email),
                    }
                )
                for contact in service.hsds.contacts
            ],
            "attributes": attributes,
        }
    )


def confidential_term():
    from .models import TaxonomyTerm

    return TaxonomyTerm.objects.select_related("taxonomy").filter(code=CONFIDENTIAL_CODE).first()
