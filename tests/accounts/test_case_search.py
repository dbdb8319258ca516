"""Staff search survivors, help requests and conversations by her name or the last four digits of her
phone, and find only their own organisation's records: never a name, a number or a row of another
organisation, whatever is typed (a Hypothesis property over random names and numbers). Neither the
name nor the digits reach the database's query text or any log line, and a whole number is refused."""

import importlib
import re
import secrets

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.accounts import case_search
from portal.core.crypto import blind_index
from portal.core.phones import last_four_index
from portal.core.phrases import plain
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Contact, HelpRequest
from portal.messaging.numbers import release_number
from portal.plans.retention import forget_but_keep_opt_out
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.security.test_no_personal_data_in_logs import every_logger_at_debug, leaks, sql_logged

pytestmark = pytest.mark.django_db

LISTINGS = ("/admin/survivors/", "/admin/help-requests/", "/admin/conversations/")


def with_help_request(survivor):
    open_help_request(survivor.contact, source=HelpRequest.Source.WEB, message="Necesito ayuda")
    return survivor


def shown_ids(client, listing, query):
    """Ids of the records one listing shows for a search, read from their edit links."""
    response = client.get(listing, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    return set(map(int, re.findall(rf'href="{listing}(?:edit|thread)/(\d+)/"', html))), html


def expected_ids(listing, survivors):
    if listing == "/admin/survivors/":
        return {survivor.pk for survivor in survivors}
    contacts = [survivor.contact_id for survivor in survivors]
    if listing == "/admin/help-requests/":
        return set(HelpRequest.objects.filter(contact_id__in=contacts).values_list("pk", flat=True))
    return set(HelpRequest.objects.filter(contact_id__in=contacts).values_list("conversation_id", flat=True))


@pytest.fixture
def two_organisations():
    home, elsewhere = make_organization("Search Home"), make_organization("Search Elsewhere")
    ours = with_help_request(make_survivor(home, name="María José Search", phone="+17135554321"))
    other_ours = with_help_request(make_survivor(home, name="Teodora Search", phone="+17135551111"))
    theirs = with_help_request(make_survivor(elsewhere, name="Maria Elsewhere", phone="+12145554321"))
    client = verified_admin_client(Client(), make_staff(home, "search-advocate"))
    return client, ours, other_ours, theirs


@pytest.mark.parametrize("listing", LISTINGS)
def test_a_name_finds_her_records_whatever_the_accents_and_case(two_organisations, listing):
    client, ours, other_ours, theirs = two_organisations
    for query in ("maria jose", "MARÍA", "josé search"):
        found, html = shown_ids(client, listing, query)
        assert found == expected_ids(listing, [ours]), query
        assert "Maria Elsewhere" not in html


@pytest.mark.parametrize("listing", LISTINGS)
def test_the_last_four_digits_find_only_her_and_never_the_other_organisations_number(two_organisations, listing):
    client, ours, other_ours, theirs = two_organisations
    found, html = shown_ids(client, listing, "4321")
    assert found == expected_ids(listing, [ours])  # the other organisation's 4321 stays unseen
    found, _html = shown_ids(client, listing, "١١١١")  # Arabic-Indic digits are digits too
    assert found == expected_ids(listing, [other_ours])


def test_a_whole_number_or_too_few_digits_is_refused_and_not_shown_back(two_organisations):
    client, ours, _other, _theirs = two_organisations
    for query, problem in (
        ("713-555-4321", "Type only the last four digits of the phone number."),
        ("+17135554321", "Type only the last four digits of the phone number."),
        ("321", "Type all of the last four digits of the phone number."),
    ):
        found, html = shown_ids(client, "/admin/survivors/", query)
        assert found == set()
        assert problem in html
        # No digits beyond the four masked ones. The page's CSRF tokens are random letters and
        # digits that hold "555" now and then, so long token-like runs are left out of the look.
        assert "555" not in re.sub(r"[A-Za-z0-9]{32,}", "", html)
    assert "5554321" not in shown_ids(client, "/admin/survivors/", "713-555-4321")[1]


def test_status_filter_and_search_together(two_organisations):
    client, ours, _other, _theirs = two_organisations
    HelpRequest.objects.filter(contact=ours.contact).update(status=HelpRequest.Status.CLOSED)
    response = client.get("/admin/help-requests/", {"q": "maria", "status": HelpRequest.Status.NEW})
    assert not re.findall(r'href="/admin/help-requests/edit/(\d+)/"', response.content.decode())
    response = client.get("/admin/help-requests/", {"q": "maria", "status": HelpRequest.Status.CLOSED})
    assert re.findall(r'href="/admin/help-requests/edit/(\d+)/"', response.content.decode())


def test_names_are_decrypted_only_for_the_own_organisation_and_at_most_the_limit(two_organisations, monkeypatch):
    _client, ours, other_ours, _theirs = two_organisations
    decrypted = []
    real_decrypt = case_search.SurvivorProfile._meta.get_field("name").from_db_value

    def counting(field, value, expression, connection):
        plain = real_decrypt(value, expression, connection)
        decrypted.append(plain)
        return plain

    monkeypatch.setattr(type(case_search.SurvivorProfile._meta.get_field("name")), "from_db_value", counting)
    user = make_staff(ours.organization, "search-counter")
    decrypted.clear()
    search = case_search.CaseSearch(user, "teodora")
    assert list(search.contact_ids()) == [other_ours.contact_id]
    assert "Maria Elsewhere" not in decrypted and len(decrypted) == 2
    monkeypatch.setattr(case_search, "NAME_SEARCH_LIMIT", 1)
    decrypted.clear()
    search = case_search.CaseSearch(user, "maría")
    assert list(search.contact_ids()) == [] and search.cut_short  # the newest case only: Teodora
    assert decrypted == ["Teodora Search"]


def test_nobody_without_a_case_role_finds_anyone(two_organisations):
    _client, ours, _other, _theirs = two_organisations
    outsider = make_staff(None, "search-outsider")
    assert list(case_search.CaseSearch(outsider, "maria").contact_ids()) == []


def test_neither_name_nor_digits_reach_the_database_or_the_logs(two_organisations):
    client, _ours, _other, _theirs = two_organisations
    with every_logger_at_debug() as captured, sql_logged():
        for listing in LISTINGS:
            for query in ("María José", "Teodora", "4321", "713-555-4321"):
                client.get(listing, {"q": query})
    needles = {"name": "María José", "plain name": "Maria Jose", "other name": "Teodora", "digits": "4321"}
    assert leaks(captured.lines, needles) == []
    assert any(last_four_index("4321") in line for line in captured.lines)  # the SQL was captured


def test_every_number_has_the_index_of_its_last_four_and_a_released_or_purged_one_none():
    contact = Contact.objects.create(phone="(713) 555-0199")
    assert contact.phone_last_four_index == last_four_index("0199")
    assert last_four_index("0199") != last_four_index("0198")
    assert last_four_index("0199") != blind_index("0199", "phone")  # its own purpose, unlike any other index
    receiving = make_organization("Search Receiving")
    assert release_number(contact, contact.phone_index, receiving.pk)
    contact.refresh_from_db()
    assert contact.phone_last_four_index == ""
    assert Contact.objects.get(organization=receiving).phone_last_four_index == last_four_index("0199")
    purged = make_survivor(receiving, phone="+17135550177").contact
    forget_but_keep_opt_out(purged)
    purged.refresh_from_db()
    assert purged.phone_last_four_index == "" and purged.phone_index


def test_the_migration_fills_the_index_for_numbers_kept_before_it():
    contact = Contact.objects.create(phone="+17135550188")
    Contact.objects.filter(pk=contact.pk).update(phone_last_four_index="")
    migration = importlib.import_module("portal.messaging.migrations.0009_contact_phone_last_four_index")
    migration.fill_last_four_index(django_apps, None)
    contact.refresh_from_db()
    assert contact.phone_last_four_index == last_four_index("0188")


names = st.text(alphabet=st.sampled_from("abcdeñáéíóüzАБ中 "), min_size=1, max_size=8).filter(str.strip)
numbers = st.integers(0, 9999).map(lambda n: f"{n:04d}")
worlds = st.lists(st.tuples(st.integers(0, 1), names, numbers), min_size=1, max_size=5)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(world=worlds, query=st.one_of(names, numbers))
def test_no_search_ever_shows_another_organisations_record(world, query):
    with transaction.atomic():
        organizations = [make_organization(f"Org {n} {secrets.token_hex(3)}") for n in range(2)]
        survivors = [
            # A different area code each, so two rows may share their last four digits but never a number.
            with_help_request(
                make_survivor(
                    organizations[home], name=f"{name} q{secrets.token_hex(4)}", phone=f"+1{210 + row}555{digits}"
                )
            )
            for row, (home, name, digits) in enumerate(world)
        ]
        viewer = make_staff(organizations[0], f"viewer-{secrets.token_hex(3)}")
        client = verified_admin_client(Client(), viewer)
        ours = [survivor for survivor in survivors if survivor.organization_id == organizations[0].pk]
        theirs = [survivor for survivor in survivors if survivor.organization_id != organizations[0].pk]
        wanted = plain(query)
        matching = [
            survivor
            for survivor in ours
            if (query.isdigit() and survivor.contact.phone.endswith(query))
            or (not query.isdigit() and wanted in plain(survivor.name))
        ]
        for listing in LISTINGS:
            found, html = shown_ids(client, listing, query)
            assert found == expected_ids(listing, matching), (listing, query)
            assert not found & expected_ids(listing, theirs)
            for survivor in theirs:
                assert survivor.name.split()[-1] not in html  # her name's unique tail
        transaction.set_rollback(True)
