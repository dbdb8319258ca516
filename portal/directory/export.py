"""Write the directory as an HSDS 3.0 CSV data package plus services.json.

The tables are flattened from the same documents the API serves, so the export can
never show what the API hides (confidential addresses above all). No cell can run as a
spreadsheet formula (portal.core.spreadsheet_cells).
"""

import json
from pathlib import Path

from portal.core.spreadsheet_cells import SafeWriter

from .hsds import confidential_term, service_document, with_parts
from .models import Service

TABLES = {
    "organizations": ["id", "name", "alternate_name", "description", "email", "website"],
    "services": [
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "locations": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "addresses": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "phones": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "schedules": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "languages": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "service_areas": ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
    "cost_options": [
        "id",
        "service_id",
        "valid_from",
        "valid_to",
        "option",
        "currency",
        "amount",
        "amount_description",
    ],
    "required_documents": ["id", "service_id", "document", "uri"],
    "contacts": [
        "id",
        "organization_id",
        "service_id",
        "service_at_location_id",
        "location_id",
        "name",
        "title",
        "department",
        "email",
    ],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": [
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ],
    "accessibility": ["id", "location_id", "description", "details", "url"],
}
FILE_NAMES = {name: f"{name}.csv" for name in TABLES}


def service_documents():
    term = confidential_term()
    return [service_document(service, term) for service in with_parts(Service.objects.filter(live=True).order_by("id"))]


def flatten(documents):
    """HSDS service documents -> rows per table, each row once."""
    tables = _Tables()
    for document in documents:
        tables.add_service(document)
    return {name: list(table.values()) for name, table in tables.rows.items()}


class _Tables:
    """The rows of every table, by id: a row met twice (a shared organization, phone or term) is kept once."""

    SERVICE_LISTS = ("schedules", "service_areas", "cost_options", "required_documents", "contacts", "languages")
    LOCATION_LISTS = ("addresses", "phones", "accessibility")

    def __init__(self):
        self.rows = {name: {} for name in TABLES}

    def add(self, table, row):
        self.rows[table].setdefault(row["id"], row)

    def add_attributes(self, attributes):
        for attribute in attributes:
            self.add("attributes", attribute)
            term = attribute["taxonomy_term"]
            self.add("taxonomy_terms", {**term, "taxonomy": term.get("taxonomy_detail", {}).get("name", "")})
            if term.get("taxonomy_detail"):
                self.add("taxonomies", term["taxonomy_detail"])

    def add_service(self, document):
        self.add("organizations", document["organization"])
        self.add("services", document)
        for phone in document.get("phones", []):
            self.add("phones", {**phone, "service_id": document["id"]})
            for language in phone.get("languages", []):
                self.add("languages", {**language, "phone_id": phone["id"]})
        for name in self.SERVICE_LISTS:
            for item in document.get(name, []):
                self.add(name, {**item, "service_id": document["id"]})
        self.add_attributes(document.get("attributes", []))
        for link in document.get("service_at_locations", []):
            self.add("service_at_location", link)
            self.add_location(link["location"])

    def add_location(self, location):
        self.add("locations", location)
        for name in self.LOCATION_LISTS:
            for item in location.get(name, []):
                self.add(name, {**item, "location_id": location["id"]})
        self.add_attributes(location.get("attributes", []))


def _cell(value):
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def write_package(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    documents = service_documents()
    (directory / "services.json").write_text(json.dumps(documents, ensure_ascii=False, indent=1), encoding="utf-8")
    tables = flatten(documents)
    resources = []
    for name, columns in TABLES.items():
        with (directory / FILE_NAMES[name]).open("w", encoding="utf-8", newline="") as handle:
            writer = SafeWriter(handle)
            writer.writerow(columns)
            for row in sorted(tables[name], key=lambda r: r["id"]):
                writer.writerow([_cell(row.get(column)) for column in columns])
        resources.append(
            {
                "name": name,
                "path": FILE_NAMES[name],
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": column, "type": "string"} for column in columns], "primaryKey": "id"},
            }
        )
    package = {"name": "hsds-directory", "profile": "tabular-data-package", "resources": resources}
    (directory / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
    return len(documents)
