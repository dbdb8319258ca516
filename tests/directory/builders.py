"""Directory test data as HSDS documents, imported through the real importer."""

import uuid

from django.utils import translation

from portal.directory.hsds_import import import_documents
from portal.directory.models import Service, TaxonomyTerm

ORG_ID = "11111111-1111-4111-8111-111111111111"


def new_id():
    return str(uuid.uuid4())


def term_attribute(code, service_id, link_type="service_category"):
    term = TaxonomyTerm.objects.get(code=code)
    return {"id": new_id(), "taxonomy_term_id": str(term.id), "link_id": service_id, "link_type": link_type}


def schedule(byday="MO,TU,WE,TH,FR", opens="09:00:00", closes="17:00:00", timezone=-6, **extra):
    return {
        "id": new_id(),
        "freq": "WEEKLY",
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        "timezone": timezone,
        **extra,
    }


def location(lat=29.7594, lng=-95.3594, zip_code="77002", city="Houston", street="100 Main St", confidential=False):
    location_id = new_id()
    document = {
        "id": location_id,
        "location_type": "physical",
        "name": f"Office on {street}",
        "latitude": lat,
        "longitude": lng,
        "addresses": [
            {
                "id": new_id(),
                "address_1": street,
                "city": city,
                "state_province": "TX",
                "postal_code": zip_code,
                "country": "US",
                "address_type": "physical",
            }
        ],
        "phones": [{"id": new_id(), "number": "713-555-0199", "description": "Call for location"}],
    }
    if confidential:
        document["attributes"] = [term_attribute("confidential-location", location_id, "location_flag")]
    return document


def make_service(
    name="Legal help",
    categories=("legal",),
    attributes=(),
    schedules=None,
    languages=("en",),
    areas=("Harris County, TX",),
    locations=None,
    status="active",
    translations=None,
    **extra,
):
    service_id = new_id()
    document = {
        "id": service_id,
        "organization_id": ORG_ID,
        "organization": {"id": ORG_ID, "name": "Test Agency", "description": "An agency used in tests."},
        "name": name,
        "description": extra.pop("description", f"{name} for people who need it."),
        "status": status,
        "phones": [{"id": new_id(), "number": "713-555-0100"}],
        "schedules": schedules if schedules is not None else [schedule()],
        "languages": [{"id": new_id(), "name": code, "code": code} for code in languages],
        "service_areas": [{"id": new_id(), "name": area} for area in areas],
        "service_at_locations": [
            {"id": new_id(), "location": loc} for loc in (locations if locations is not None else [location()])
        ],
        "attributes": [term_attribute(code, service_id) for code in categories]
        + [term_attribute(code, service_id, "survivor_attribute") for code in attributes],
        **extra,
    }
    import_documents(document)
    service = Service.objects.get(id=service_id)
    if translations:
        with translation.override("en"):
            for field_name, value in translations.items():
                setattr(service, field_name, value)
            service.save()
        from portal.directory.indexing import reindex

        reindex([service.id])
        service.refresh_from_db()
    return service
