"""The search entries the database keeps: whatever writes a service or its parts, its entry says the same.

Search filters and sorts on SearchEntry rows alone, so an entry that lags behind its service would show a
withdrawn service, hide a live one or file it under the wrong category. The property below writes through
every path there is (the ORM's save, bulk writes, queryset updates, the link tables themselves, a term's
code, a delete) in any order, and after each step compares every entry with its service's own records."""

import uuid

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from modeltranslation.utils import build_localized_fieldname

from portal.directory.models import Language, Organization, SearchEntry, Service, ServiceArea, TaxonomyTerm
from portal.directory.search import search_services
from portal.directory.search_entries import NO_AREA, written_at_the_end
from tests.directory.builders import make_service

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the database keeps the entries on PostgreSQL"),
]

CODES = ["housing", "legal", "free"]
AREAS = ["harris county", "dallas county", "texas"]
LANGUAGE_CODES = ["en", "es", "vi"]
KINDS = ["categories", "attributes"]
STATUSES = [Service.ACTIVE, Service.INACTIVE, Service.DEFUNCT, Service.TEMPORARILY_CLOSED]


def expected_entry(service):
    """What the entry of `service` must hold, read from its own records."""
    names = {}
    for code, _name in settings.LANGUAGES:
        name = getattr(service, build_localized_fieldname("name", code))
        if name:
            names[code] = name
    tags = set()
    for kind, terms in (("category", service.categories), ("attribute", service.attributes)):
        tags |= {f"{kind}:{term.code}" for term in terms.all() if term.code}
    tags |= {f"language:{code}" for code in Language.objects.filter(service=service).values_list("code", flat=True)}
    areas = set(ServiceArea.objects.filter(service=service).values_list("area_key", flat=True))
    tags |= {f"area:{key}" for key in areas} if areas else {NO_AREA}
    return {"live": service.live, "status": service.status, "names": names, "tags": tags}


def assert_entries_match(organization):
    """One entry per service, no more; and each of this organization's services' entries as expected."""
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == set(Service.objects.values_list("pk", flat=True))
    services = {service.pk: service for service in Service.objects.filter(organization=organization)}
    entries = SearchEntry.objects.in_bulk(list(services))
    for pk, service in services.items():
        entry = entries[pk]
        found = {
            "live": entry.live,
            "status": entry.status,
            "names": entry.names,
            "tags": set(entry.tags),
        }
        assert found == expected_entry(service), service.name
        # Its words are its search text's: the first word of its names is found, in its names.
        first = service.search_name.split()[0]
        in_names = SearchQuery(f"'{first}':A", search_type="raw", config="simple")
        assert SearchEntry.objects.filter(pk=pk, words=in_names).exists(), service.search_name


def term(code):
    return TaxonomyTerm.objects.filter(code=code).first() or TaxonomyTerm.objects.create(
        code=code, name=code.title(), kind=TaxonomyTerm.CATEGORY
    )


names = st.text(alphabet="abcdefghij ", min_size=1, max_size=12).map(str.strip).filter(bool)
steps = st.one_of(
    st.tuples(st.just("create"), names, st.sampled_from(STATUSES), st.booleans()),
    st.tuples(st.just("bulk_create"), names, names),
    st.tuples(st.just("rename"), st.integers(0, 5), st.sampled_from(["en", "es", "vi"]), names),
    st.tuples(st.just("update_status"), st.integers(0, 5), st.sampled_from(STATUSES)),
    st.tuples(st.just("unpublish_all"), st.integers(0, 5)),
    st.tuples(st.just("link"), st.integers(0, 5), st.sampled_from(KINDS), st.sampled_from(CODES)),
    st.tuples(st.just("unlink"), st.integers(0, 5), st.sampled_from(KINDS)),
    st.tuples(st.just("set_categories"), st.integers(0, 5), st.lists(st.sampled_from(CODES), max_size=2)),
    st.tuples(st.just("language"), st.integers(0, 5), st.sampled_from(LANGUAGE_CODES)),
    st.tuples(st.just("drop_languages"), st.integers(0, 5)),
    st.tuples(st.just("area"), st.integers(0, 5), st.sampled_from(AREAS)),
    st.tuples(st.just("move_areas"), st.integers(0, 5), st.sampled_from(AREAS)),
    st.tuples(st.just("recode"), st.sampled_from(CODES), st.sampled_from(["", "renamed"])),
    st.tuples(st.just("delete"), st.integers(0, 5)),
)


def create(organization, name, status, live):
    Service.objects.create(organization=organization, name=name, search_name=name, status=status, live=live)


def bulk_create(organization, *names):
    Service.objects.bulk_create(
        Service(id=uuid.uuid4(), organization=organization, name=name, search_name=name, live=True) for name in names
    )


def rename(service, language, name):
    setattr(service, build_localized_fieldname("name", language), name)
    service.search_name = f"{name} {service.search_name}"
    service.save()


def link(service, kind, code):
    getattr(Service, kind).through.objects.get_or_create(service_id=service.pk, taxonomyterm_id=term(code).pk)


def set_categories(service, codes):
    service.categories.set([term(code) for code in codes])
    service.save()


# Each way a service or a part of it is written, by the step's name; each takes the service a step picks.
CHANGES = {
    "rename": rename,
    "update_status": lambda service, status: Service.objects.filter(pk=service.pk).update(status=status),
    "unpublish_all": lambda service: Service.objects.filter(organization=service.organization).update(live=False),
    "link": link,
    "unlink": lambda service, kind: getattr(Service, kind).through.objects.filter(service_id=service.pk).delete(),
    "set_categories": set_categories,
    "language": lambda service, code: Language.objects.create(service=service, name=code, code=code),
    "drop_languages": lambda service: Language.objects.filter(service=service).delete(),
    "area": lambda service, name: ServiceArea.objects.create(service=service, name=name),
    "move_areas": lambda service, key: ServiceArea.objects.filter(service=service).update(area_key=key),
    "delete": lambda service: service.delete(),
}


def run(step, organization):
    action, *args = step
    if action == "create":
        create(organization, *args)
    elif action == "bulk_create":
        bulk_create(organization, *args)
    elif action == "recode":
        recode(*args)
    else:
        services = list(Service.objects.filter(organization=organization).order_by("pk"))
        if services:
            index, *rest = args
            CHANGES[action](services[index % len(services)], *rest)


def recode(code, suffix):
    """A term's code changed in place, to another code or to none."""
    target = TaxonomyTerm.objects.filter(code=code).first()
    if target is not None:
        TaxonomyTerm.objects.filter(pk=target.pk).update(code=f"{code}-{suffix}" if suffix else "")


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(steps, min_size=1, max_size=12))
def test_every_entry_says_what_its_service_says_after_any_writes(taxonomy, plan):
    organization = Organization.objects.create(name="Agency")
    for name in ("First", "Second"):  # so that every step has a service to change
        Service.objects.create(organization=organization, name=name, search_name=name.lower(), live=True)
    for step in plan:
        run(step, organization)
        assert_entries_match(organization)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(steps, max_size=4), block=st.lists(steps, min_size=1, max_size=12))
def test_a_block_of_bulk_writes_writes_each_entry_once_at_its_end(taxonomy, before, block):
    """Inside the block entries stay as they were; after it they say what their services say, and each
    changed entry was written once (one row version, not one per statement)."""
    organization = Organization.objects.create(name="Agency")
    for name in ("First", "Second"):
        Service.objects.create(organization=organization, name=name, search_name=name.lower(), live=True)
    for step in before:
        run(step, organization)
    was = {entry.pk: (entry.tags, entry.names, entry.live, entry.status) for entry in SearchEntry.objects.all()}
    with written_at_the_end():
        for step in block:
            run(step, organization)
        still = {entry.pk: (entry.tags, entry.names, entry.live, entry.status) for entry in SearchEntry.objects.all()}
        assert still == {pk: values for pk, values in was.items() if pk in still}
        with written_at_the_end():  # an enclosed block leaves the writing to the outer one
            run(("create", "inner", Service.ACTIVE, True), organization)
        assert not SearchEntry.objects.filter(service__name="inner", service__organization=organization).exists()
    assert_entries_match(organization)


def entry_writes():
    """Rows of search entries inserted or updated so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'directory_searchentry'"
        )
        return cursor.fetchone()[0]


def write_in_six_statements():
    service = Service.objects.create(organization=Organization.objects.create(name="Agency"), name="Clinic", live=True)
    ServiceArea.objects.create(service=service, name="Harris County, TX")
    Language.objects.create(service=service, name="Spanish", code="es")
    link(service, "categories", "housing")
    link(service, "attributes", "free")
    Service.objects.filter(pk=service.pk).update(search_name="clinic")
    return service


def test_a_service_written_in_six_statements_has_its_entry_written_once_in_a_block(taxonomy):
    before = entry_writes()
    write_in_six_statements()
    assert entry_writes() - before == 6  # without a block: once a statement
    before = entry_writes()
    with written_at_the_end():
        service = write_in_six_statements()
    assert entry_writes() - before == 1
    assert_entries_match(service.organization)


def test_a_failed_block_writes_nothing(taxonomy):
    service = make_service(name="Food bank")
    with pytest.raises(RuntimeError), written_at_the_end():
        Service.objects.filter(pk=service.pk).update(live=False)
        raise RuntimeError("the import stops")
    assert SearchEntry.objects.get(pk=service.pk).live
    with written_at_the_end():  # and the next block starts clean
        Service.objects.filter(pk=service.pk).update(live=False)
    assert not SearchEntry.objects.get(pk=service.pk).live


def test_the_database_writes_a_name_for_every_language_of_the_portal(empty_directory):
    """A language added to settings.LANGUAGES needs a migration that writes its names too."""
    translations = {build_localized_fieldname("name", code): f"Name in {code}" for code, _name in settings.LANGUAGES}
    service = make_service(name="Name in en", translations=translations)
    assert SearchEntry.objects.get(pk=service.pk).names == {code: f"Name in {code}" for code, _ in settings.LANGUAGES}


def test_results_sort_by_the_name_she_reads_or_the_fallback_languages(empty_directory):
    make_service(name="Banco de comida", translations={"name_es": "Alimentos gratis"})
    make_service(name="Clothes closet", translations={"name_es": "Ropa"})
    make_service(name="Apple orchard jobs")  # no Spanish name: sorted by its English one
    with translation.override("es"):
        assert [service.name for service in search_services(category="legal").page(0)] == [
            "Alimentos gratis",
            "Apple orchard jobs",
            "Ropa",
        ]
    with translation.override("en"):
        names = [service.name for service in search_services(category="legal").page(0)]
    assert names == ["Apple orchard jobs", "Banco de comida", "Clothes closet"]


def test_a_page_reads_only_its_own_services(empty_directory):
    for number in range(5):
        make_service(name=f"Food bank {number}")
    found = search_services(q="food")
    assert [service.name for service in found.page(1, 3)] == ["Food bank 1", "Food bank 2"]
    assert [service.name for service in found.page(4)] == ["Food bank 4"]
    assert found.page(5) == []
