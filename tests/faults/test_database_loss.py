"""When PostgreSQL goes away, requests fail fast and cleanly, nothing is half-written, and the
server comes back by itself once the database does.

Each test cuts a real gunicorn server (tests/faults/conftest.py) off from its own database:
connections killed, the database refusing connections, a connection killed in the middle of
the help form's write.
"""

import json
import re
import threading
import time

import pytest
import requests
from psycopg import sql
from twilio.request_validator import RequestValidator

from portal.messaging.models import Contact, Conversation, HelpRequest, InboundMessage, OutboundMessage
from tests.faults.conftest import BASE_DIR, PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, on_postgresql

pytestmark = pytest.mark.skipif(not on_postgresql(), reason="the database fault tests need PostgreSQL")

MESSAGING_MODELS = (Contact, Conversation, HelpRequest, InboundMessage, OutboundMessage)
MESSAGING_TABLES = [model._meta.db_table for model in MESSAGING_MODELS]
# The error page in each language (its catalogues are checked like every other string's).
ERROR_TEXT = {
    "en": ("Something went wrong. Please try again.", "Call 911"),
    "es": ("Algo salió mal. Por favor, inténtelo de nuevo.", "911"),
    "ar": ("حدث خطأ ما. يرجى المحاولة مرة أخرى.", "911"),
}
# What an error page must never show: a traceback, the driver, SQL, the server's paths or settings.
LEAKS = [
    "Traceback",
    "Error:",
    "psycopg",
    "SELECT",
    "INSERT",
    "pg_",
    'File "',
    str(BASE_DIR),
    "site-packages",
    "database",
]
# The directory's front page lists the types of help, read from the database.
CATEGORY_LINK = re.compile(r'href="\?category=[\w-]+"')
ANSWERS = {
    "kind": "talk",
    "language": "en",
    "time_zone": "America/Chicago",
    "safe_time": "any",
    "may_identify": "no",
    "code_word": "",
    "message": "Please text me after work",
}


def assert_clean_error_page(response, *private, language="en"):
    """A plain 500 page: the safety controls and the way to call for help, nothing about why it failed."""
    assert response.status_code == 500, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/html")
    body = response.text
    assert f'lang="{language}"' in body
    for text in ERROR_TEXT[language]:
        assert text in body
    assert 'href="/exit/"' in body, "the Leave this site link must survive an outage"
    for leak in [*LEAKS, *private]:
        assert leak not in body, f"the error page shows {leak!r}"
    assert "Content-Security-Policy" in response.headers
    assert "Set-Cookie" not in response.headers
    assert response.elapsed.total_seconds() < 5, "an outage must not make requests hang"


def assert_healthy(server):
    health = server.get("/healthz")
    assert (health.status_code, health.text) == (200, "ok")
    directory = server.get("/en/services/")
    assert directory.status_code == 200, directory.text[:500]
    assert CATEGORY_LINK.search(directory.text), "no type of help listed: was the page read from the database?"


def row_counts(server, tables=MESSAGING_TABLES):
    with server.connect() as connection:
        return {
            table: connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in tables
        }


def stored_inbound(server, message_sid):
    table = sql.Identifier(InboundMessage._meta.db_table)
    with server.connect() as connection:
        query = sql.SQL("SELECT count(*) FROM {} WHERE message_sid = %s").format(table)
        return connection.execute(query, [message_sid]).fetchone()[0]


def deliver_text(server, params):
    """POST an incoming text to /sms/inbound/ the way Twilio does, signed for PUBLIC_BASE_URL."""
    path = "/sms/inbound/"
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + path, params)
    return server.post(path, params, headers={"X-Twilio-Signature": signature})


def texts_to(server, number):
    """What the server's file SMS backend wrote for `number`."""
    return [
        sms
        for path in sorted(server.sms_folder.glob("sms-*.json"))
        if (sms := json.loads(path.read_text()))["to"] == number
    ]


def test_killed_connections_are_replaced_without_an_error(fault_server):
    """A PostgreSQL restart kills every client connection; the next requests reconnect and succeed."""
    for _ in range(4):  # both workers hold a persistent connection (conn_max_age)
        assert_healthy(fault_server)
    before = fault_server.backend_pids()
    assert before, "the server keeps no connection open, so there is nothing to kill"

    assert fault_server.terminate_backends() == len(before)
    assert not fault_server.backend_pids()

    # conn_health_checks: each worker notices its dead connection and opens a new one, no 500 on the way.
    for _ in range(4):
        assert_healthy(fault_server)
    after = fault_server.backend_pids()
    assert after and not after & before


def test_a_database_that_refuses_connections_gives_clean_errors_and_twilio_a_retry(fault_server):
    """PostgreSQL down: health says so, pages fail at once with a plain 500, a text waits at Twilio.

    Once PostgreSQL is back the pages serve again and Twilio's retry of the same text is stored once.
    """
    assert_healthy(fault_server)
    number, words = "+17135550177", "I need help, they took my passport"
    delivery = {"MessageSid": "SM" + "7" * 32, "From": number, "To": "+15125550199", "Body": words}
    counts = row_counts(fault_server)

    with fault_server.refusing_connections():
        health = fault_server.get("/healthz")
        assert (health.status_code, health.text) == (503, "database unavailable")
        for path in ("/en/services/", "/es/services/", "/ar/services/", "/en/"):
            assert_clean_error_page(fault_server.get(path), language=path.split("/")[1])
        webhook = deliver_text(fault_server, delivery)
        # Twilio retries a webhook that answers 5xx; any 2xx would lose the text for good.
        assert webhook.status_code == 500
        assert number not in webhook.text and "passport" not in webhook.text
        assert "Traceback" not in webhook.text and "psycopg" not in webhook.text
        assert webhook.elapsed.total_seconds() < 5

    assert row_counts(fault_server) == counts, "a refused request stored something"
    assert stored_inbound(fault_server, delivery["MessageSid"]) == 0

    assert_healthy(fault_server)
    retried = deliver_text(fault_server, delivery)
    assert retried.status_code == 200
    assert retried.headers["Content-Type"].startswith("text/xml")
    assert stored_inbound(fault_server, delivery["MessageSid"]) == 1
    stored = row_counts(fault_server)
    assert stored[InboundMessage._meta.db_table] == counts[InboundMessage._meta.db_table] + 1
    assert stored[HelpRequest._meta.db_table] == counts[HelpRequest._meta.db_table] + 1

    # Twilio may deliver it once more (its first answer lost on the way back): still stored once.
    assert deliver_text(fault_server, delivery).status_code == 200
    assert stored_inbound(fault_server, delivery["MessageSid"]) == 1
    assert row_counts(fault_server) == stored


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the help form has no CSRF token"
    return match.group(1)


def wait_for_lock_waiter(server, exclude, timeout=10):
    """The server's backend that is waiting on a table lock, once it is."""
    deadline = time.monotonic() + timeout
    with server.admin() as admin:
        while True:
            row = admin.execute(
                "SELECT pid, backend_xid IS NOT NULL, query FROM pg_stat_activity"
                " WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> %s",
                [server.database, exclude],
            ).fetchone()
            if row is not None:
                return row
            assert time.monotonic() < deadline, "the help form's write never reached the locked table"
            time.sleep(0.05)


def test_a_connection_killed_mid_write_leaves_no_half_written_help_request(fault_server):
    """The help form writes a contact, a conversation, a help request and a text in one transaction.

    Kill its connection while it waits to write the text (the other rows already written in the
    transaction): the person gets a plain 500, no row of any of them remains, no text is sent,
    and the same form sent again is stored whole.
    """
    number = "+17135550166"
    browser = requests.Session()
    form = fault_server.get("/en/help/", session=browser)
    assert form.status_code == 200
    answers = {**ANSWERS, "phone": "(713) 555-0166", "csrfmiddlewaretoken": csrf_token(form.text)}
    counts = row_counts(fault_server)
    outbox = OutboundMessage._meta.db_table
    outcome = {}

    def submit():
        try:
            outcome["response"] = fault_server.post("/en/help/", answers, session=browser)
        except requests.RequestException as error:  # reported by the assertion below
            outcome["error"] = error

    locker = fault_server.connect(autocommit=False)
    try:
        locker.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(outbox)))
        sender = threading.Thread(target=submit)
        sender.start()
        waiter, has_written, query = wait_for_lock_waiter(fault_server, exclude=locker.info.backend_pid)
        assert query.startswith("INSERT") and outbox in query, query
        with fault_server.admin() as admin:
            assert admin.execute("SELECT pg_terminate_backend(%s)", [waiter]).fetchone()[0]
        fault_server.wait_until_gone({waiter})
    finally:
        locker.rollback()
        locker.close()
    sender.join(timeout=15)
    assert not sender.is_alive(), "the help form hung after its connection was killed"

    assert "error" not in outcome, outcome.get("error")
    assert_clean_error_page(outcome["response"], number, "555-0166", "after work")
    assert row_counts(fault_server) == counts, "a killed request left part of its rows behind"
    assert texts_to(fault_server, number) == []
    # The killed transaction had written rows: this did interrupt a request half-way through its write.
    assert has_written

    # Nothing to clean up by hand: the same form, sent again, is stored whole and confirmed.
    again = fault_server.post("/en/help/", answers, session=browser)
    assert (again.status_code, again.headers.get("Location")) == (302, "/en/help/sent/")
    stored = row_counts(fault_server)
    for model in (Contact, Conversation, HelpRequest, OutboundMessage):
        assert stored[model._meta.db_table] == counts[model._meta.db_table] + 1, model.__name__
    deadline = time.monotonic() + 10
    while not texts_to(fault_server, number):
        assert time.monotonic() < deadline, "the confirmation text was never sent"
        time.sleep(0.1)
    assert_healthy(fault_server)
