"""Worker for bench/directory.py (its own process: Django is configured once per process)."""

import json
import os
import random
import statistics
import time
import uuid

import psycopg
import time_machine

from tests.clock import INSTANTS

ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")
DATABASE = f"portal_bench_directory_{os.getpid()}"  # two runs on one server never drop each other's
SERVICES = int(os.environ.get("BENCH_DIRECTORY_SERVICES", "100000"))
FIRST_STEP = 1_000  # query counts are taken here and again at SERVICES: they must not differ
REQUESTS = int(os.environ.get("BENCH_DIRECTORY_REQUESTS", "200"))
ZIPS = ["77002", "77036", "75201", "75228", "78205", "78228", "78701", "78741", "79901", "79912", "78501", "78520"]
WORDS = ["shelter", "legal", "clinic", "counseling", "food", "jobs", "visa", "housing", "recovery", "youth"]


def emit(name, value, unit, note=""):
    print(json.dumps({"name": name, "value": value, "unit": unit, "note": note}), flush=True)


def create_database():
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/{DATABASE}"


def drop_database():
    from django.db import connections

    connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def build_directory(count, first=0):
    """Add `count` generated services, numbered from `first`, and ANALYZE."""
    from portal.core.phrases import plain
    from portal.directory.indexing import with_group_words
    from portal.directory.models import (
        Language,
        Location,
        Organization,
        Schedule,
        Service,
        ServiceArea,
        ServiceAtLocation,
        TaxonomyTerm,
    )
    from portal.directory.models.service import area_key
    from portal.directory.places import zip_place
    from portal.directory.search_entries import written_at_the_end
    from portal.directory.seeding import seed_taxonomy

    seed_taxonomy()
    rng = random.Random(7)
    categories = list(TaxonomyTerm.objects.filter(kind=TaxonomyTerm.CATEGORY))
    attributes = list(TaxonomyTerm.objects.filter(kind=TaxonomyTerm.ATTRIBUTE))
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Agency {n}", description="A generated agency.") for n in range(first, first + 500)
    )
    services, areas, schedules, languages, links, locations, category_links, attribute_links = ([] for _ in range(8))
    through_categories = Service.categories.through
    through_attributes = Service.attributes.through
    group_words = {}  # the synonym groups of each generated text, found once (the number holds none)

    def indexed(text, number):
        if text not in group_words:
            group_words[text] = with_group_words(plain(text)).removeprefix(plain(text))
        return plain(text.replace("#", str(number))) + group_words[text]

    for n in range(first, first + count):
        place = zip_place(rng.choice(ZIPS))
        word = rng.choice(WORDS)
        category = rng.choice(categories)
        name = f"{word.title()} service {n}"
        service = Service(
            id=uuid.uuid4(),
            organization=rng.choice(organizations),
            name=name,
            name_en=name,
            description=f"Generated {word} service number {n}.",
            live=True,
            search_name=indexed(f"{word.title()} service #", n),
            search_text=indexed(
                f"{word.title()} service # generated {word} service {category.name_en} {category.name_es}", n
            ),
        )
        services.append(service)
        areas.append(ServiceArea(service=service, name=f"{place.county_key.title()}, TX", area_key=place.county_key))
        zone = place.timezone
        schedules.append(
            Schedule(service=service, byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="12:00", timezone=zone)
        )
        schedules.append(
            Schedule(service=service, byday="MO,TU,WE,TH,FR", opens_at="13:00", closes_at="17:00", timezone=zone)
        )
        for code in rng.sample(["en", "es", "vi", "zh", "ar"], 2):
            languages.append(Language(service=service, name=code, code=code))
        location = Location(
            name=name,
            latitude=place.latitude + rng.uniform(-0.05, 0.05),
            longitude=place.longitude + rng.uniform(-0.05, 0.05),
        )
        locations.append(location)
        links.append(ServiceAtLocation(service=service, location=location))
        category_links.append(through_categories(service_id=service.id, taxonomyterm_id=category.id))
        for term in rng.sample(attributes, 2):
            attribute_links.append(through_attributes(service_id=service.id, taxonomyterm_id=term.id))
    with written_at_the_end():  # as an import does: each entry once, after all of its service's parts
        Service.objects.bulk_create(services, batch_size=1000)
        for model, rows in (
            (ServiceArea, areas),
            (Schedule, schedules),
            (Language, languages),
            (Location, locations),
            (ServiceAtLocation, links),
            (through_categories, category_links),
            (through_attributes, attribute_links),
        ):
            model.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk write: the statistics of the new rows.
        cursor.execute("VACUUM (ANALYZE)")
    assert area_key  # imported for the same keys the importer writes


def timed(client, url, params=None):
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, params or {})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def load_note():
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


# Typed words are never cached: every one of these reaches the database.
SEARCHES = {
    "typed search (one common word)": ("/en/services/", {"q": "food"}),
    "typed search (a synonym group, in Spanish)": ("/es/services/", {"q": "abogado"}),
    "search page (text + category + ZIP)": ("/en/services/", {"q": "shelter", "category": "housing", "zip": "77002"}),
    "search page (text + language + open now)": ("/es/services/", {"q": "legal", "language": "es", "open_now": "on"}),
    "browse a category (page 3)": ("/en/services/", {"category": "housing", "page": "3"}),
    "a ZIP code alone": ("/en/services/", {"zip": "77002"}),
}


def query_counts(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, (url, params) in SEARCHES.items():
        client.get(url, params)  # per-process chrome and terms
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        counts[label] = len(queries)
    return counts


def main():
    create_database()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", "--noinput", verbosity=0)
        client = Client()
        build_directory(FIRST_STEP)
        small = query_counts(client)
        started = time.perf_counter()
        build_directory(SERVICES - FIRST_STEP, first=FIRST_STEP)
        emit(f"directory: generate {SERVICES:,} services", time.perf_counter() - started, "s", load_note())
        large = query_counts(client)
        for label, count in large.items():
            same = "unchanged" if count == small[label] else f"CHANGED from {small[label]}"
            emit(
                f"directory: {label} queries at {SERVICES:,} services",
                count,
                "queries",
                f"{small[label]} at {FIRST_STEP:,}: {same}",
            )
        client.get("/healthz")
        base_median, _base_p95 = timed(client, "/healthz")
        emit("directory: /healthz median (baseline)", base_median, "ms", load_note())
        for label, (url, params) in SEARCHES.items():
            timed(client, url, params)  # warm the database's buffers once
            median, p95 = timed(client, url, params)
            note = f"{median / base_median:.1f}x healthz; single client, {SERVICES:,} services; {load_note()}"
            emit(f"directory: {label} median", median, "ms", note)
            emit(f"directory: {label} p95", p95, "ms", f"target < 50 ms; {load_note()}")
        for label, url, params in (
            ("HSDS API /services (50 per page)", "/api/hsds/services", {}),
            ("HSDS API /services?search=clinic", "/api/hsds/services", {"search": "clinic"}),
        ):
            median, p95 = timed(client, url, params)
            emit(f"directory: {label} median", median, "ms", f"{median / base_median:.1f}x healthz")
            emit(f"directory: {label} p95", p95, "ms", f"target < 100 ms; {load_note()}")
    finally:
        drop_database()


if __name__ == "__main__":
    # Time is an input: "open now" and hours must mean the same at 1,000 and at 100,000 services
    # however long the generation takes and at whatever hour the bench runs (a weekday noon, Central).
    with time_machine.travel(INSTANTS["noon"], tick=True):
        main()
