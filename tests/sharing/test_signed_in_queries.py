"""Signed-in pages cost a fixed, small number of queries, and an unchanged session is not written."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.sharing.policy import read
from tests.accounts.builders import sign_in_directly
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

# The session, the profile and the publish count for the chrome, then each page's own reads.
PAGES = {
    "/en/my/": 8,
    "/en/my/plan/": 8,
    "/en/my/sharing/": 5,
    "/en/my/activity/": 5,
    "/en/my/check-ins/": 5,
}


@pytest.fixture
def start():
    return timezone.now()


@pytest.fixture
def me(client, survivor, org_a, org_b, partner_a, start):
    make_consent(survivor, org_a, categories=["goals", "appointments"])
    make_consent(survivor, org_b, categories=["goals"])
    for _ in range(3):
        read(partner_a, survivor, "goals")
    with time_machine.travel(start, tick=False):
        return sign_in_directly(client, survivor)


def session_writes(queries):
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


@pytest.mark.parametrize(("url", "expected"), PAGES.items())
def test_each_signed_in_page_costs_a_fixed_number_of_queries(me, start, url, expected):
    assert expected <= 10
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        me.get(url)  # the chrome is built once per process
        with CaptureQueriesContext(connection) as queries:
            assert me.get(url).status_code == 200
    assert len(queries) == expected, [q["sql"][:80] for q in queries.captured_queries]
    assert session_writes(queries.captured_queries) == []


def test_the_session_is_written_again_only_once_its_stamp_is_old(me, start, settings):
    with time_machine.travel(start, tick=False):
        me.get("/en/my/plan/")  # the first request after sign-in stamps it
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_REFRESH_SECONDS - 1), tick=False):
        with CaptureQueriesContext(connection) as queries:
            me.get("/en/my/plan/")
        assert session_writes(queries.captured_queries) == []
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_REFRESH_SECONDS), tick=False):
        with CaptureQueriesContext(connection) as queries:
            me.get("/en/my/plan/")
        assert len(session_writes(queries.captured_queries)) == 1
        with CaptureQueriesContext(connection) as queries:
            me.get("/en/my/plan/")
        assert session_writes(queries.captured_queries) == []


def test_a_public_page_read_with_a_session_writes_nothing(me, start):
    with time_machine.travel(start + timedelta(minutes=5), tick=False), CaptureQueriesContext(connection) as queries:
        assert me.get("/en/").status_code == 200
    assert session_writes(queries.captured_queries) == []


def test_a_staff_session_in_use_outlives_fifteen_minutes_and_ends_when_idle(admin_client_verified):
    start = timezone.now()
    for minutes in (0, 10, 20, 30):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert admin_client_verified.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(minutes=46), tick=False):
        assert admin_client_verified.get("/admin/").status_code == 302
