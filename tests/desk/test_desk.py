"""The desk: an organisation's urgent items, oldest first, and "Take it"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from portal.checkins.models import CheckInAlert
from portal.desk.items import open_items
from portal.messaging.help_requests import ask_question
from portal.messaging.models import Conversation, HelpRequest
from tests.accounts.builders import make_survivor
from tests.desk.conftest import missed_check_in, signed_in, unanswered_thread, urgent_request

pytestmark = pytest.mark.django_db


def keys(items):
    return [item.key for item in items]


def test_the_desk_lists_the_organisations_urgent_items_oldest_first(organization, other_organization, advocate):
    duress = urgent_request(organization, kind=HelpRequest.Kind.DURESS, waited_minutes=5)
    help_now = urgent_request(organization, waited_minutes=40)
    alert = missed_check_in(organization, waited_minutes=30)
    thread = unanswered_thread(organization, waited_minutes=20)
    question = ask_question(make_survivor(organization).contact, "Can we meet?")
    urgent_request(other_organization, waited_minutes=50)
    missed_check_in(other_organization, waited_minutes=50)
    unanswered_thread(other_organization, waited_minutes=50)

    items = open_items(advocate)

    assert keys(items) == [
        f"help-request-{help_now.pk}",
        f"alert-{alert.pk}",
        f"conversation-{thread.pk}",
        f"help-request-{duress.pk}",
        f"help-request-{question.pk}",
    ]
    assert [str(item.what) for item in items] == [
        "Help now",
        "No reply",
        "Unanswered text",
        "Duress alert",
        "Question from her page",
    ]


def test_a_text_waits_the_set_minutes_before_it_counts_as_unanswered(organization, advocate, settings):
    settings.DESK_UNANSWERED_MINUTES = 15
    fresh = unanswered_thread(organization, waited_minutes=14)
    old = unanswered_thread(organization, waited_minutes=16)
    assert keys(open_items(advocate)) == [f"conversation-{old.pk}"]
    settings.DESK_UNANSWERED_MINUTES = 10
    assert keys(open_items(advocate)) == [f"conversation-{old.pk}", f"conversation-{fresh.pk}"]


def test_taken_answered_and_resolved_items_leave_the_desk(organization, advocate, colleague):
    help_now = urgent_request(organization)
    alert = missed_check_in(organization)
    thread = unanswered_thread(organization)
    help_now.assigned_to = colleague
    help_now.save()
    CheckInAlert.objects.filter(pk=alert.pk).update(resolved_at=alert.created_at)
    Conversation.objects.filter(pk=thread.pk).update(staff_replied_at=thread.created_at.replace(year=2100))
    assert open_items(advocate) == []


def test_people_without_a_case_role_see_no_desk(organization, other_organization):
    from tests.accounts.builders import make_staff

    urgent_request(organization)
    editor = make_staff(organization, "desk-editor", role="editor")
    assert open_items(editor) == []
    assert signed_in(editor).get("/admin/desk/").status_code == 404


def desk_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/desk/").status_code == 200
    return len(queries)


def test_the_desk_reads_the_same_number_of_queries_for_one_item_or_many(organization, advocate):
    client = signed_in(advocate)
    urgent_request(organization)
    missed_check_in(organization)
    unanswered_thread(organization)
    few = desk_queries(client)
    for _ in range(4):
        urgent_request(organization)
        missed_check_in(organization)
        unanswered_thread(organization)
        ask_question(make_survivor(organization).contact, "Another question")
    assert len(open_items(advocate)) == 19
    assert desk_queries(client) == few


def test_open_items_reads_exactly_four_queries(organization, advocate):
    for _ in range(3):
        urgent_request(organization)
        missed_check_in(organization)
        unanswered_thread(organization)
    advocate = type(advocate).objects.get(pk=advocate.pk)  # nothing cached on the user
    with CaptureQueriesContext(connection) as queries:
        assert len(open_items(advocate)) == 9
    # Her memberships, then one query per kind of item (help requests, check-in alerts, threads).
    tables = [re.search(r'FROM "(\w+)"', query["sql"])[1] for query in queries]
    assert tables == ["accounts_membership", "messaging_helprequest", "checkins_checkinalert", "messaging_conversation"]


def test_the_menu_and_the_dashboard_show_the_count(organization, advocate):
    urgent_request(organization)
    missed_check_in(organization)
    html = signed_in(advocate).get("/admin/").content.decode()
    assert "Desk (2)" in html
    assert "data-desk-panel" in html and html.count("data-desk-item=") == 2


def test_take_it_assigns_the_item_and_logs_who_and_when(organization, advocate, pinned_clock):
    help_now = urgent_request(organization)
    client = signed_in(advocate)
    response = client.post("/admin/desk/", {"item": f"help-request-{help_now.pk}"})
    assert response.status_code == 303
    assert response["Location"] == f"/admin/conversations/thread/{help_now.conversation_id}/"
    help_now.refresh_from_db()
    assert (help_now.assigned_to, help_now.status) == (advocate, HelpRequest.Status.ASSIGNED)
    assert help_now.conversation.assigned_to == advocate
    entry = ModelLogEntry.objects.get(action="desk.take")
    assert (entry.user_id, entry.object_id, entry.label) == (
        advocate.pk,
        str(help_now.pk),
        f"helprequest {help_now.pk}",
    )
    assert entry.timestamp >= pinned_clock
    assert entry.message == "Taken at the desk"
    assert open_items(advocate) == []


def test_take_it_on_an_alert_and_a_thread(organization, advocate):
    alert = missed_check_in(organization)
    thread = unanswered_thread(organization)
    client = signed_in(advocate)
    client.post("/admin/desk/", {"item": f"alert-{alert.pk}"})
    client.post("/admin/desk/", {"item": f"conversation-{thread.pk}"})
    alert.refresh_from_db()
    thread.refresh_from_db()
    assert alert.taken_by == advocate and alert.taken_at is not None
    assert thread.assigned_to == advocate
    assert ModelLogEntry.objects.filter(action="desk.take").count() == 2


def test_someone_who_took_it_first_is_named_and_nothing_changes(organization, advocate, colleague):
    colleague.first_name, colleague.last_name = "Rosa", "Diaz"
    colleague.save()
    help_now = urgent_request(organization)
    first, second = signed_in(colleague), signed_in(advocate)
    page = second.get("/admin/desk/").content.decode()  # both see the button...
    assert f'value="help-request-{help_now.pk}"' in page
    first.post("/admin/desk/", {"item": f"help-request-{help_now.pk}"})  # ...one presses it first
    response = second.post("/admin/desk/", {"item": f"help-request-{help_now.pk}"}, follow=True)
    assert "Not taken: Rosa Diaz took it a moment ago. Nothing was changed." in response.content.decode()
    help_now.refresh_from_db()
    assert help_now.assigned_to == colleague
    assert ModelLogEntry.objects.filter(action="desk.take").count() == 1


def test_another_organisations_item_cannot_be_taken(organization, other_organization, advocate):
    theirs = urgent_request(other_organization)
    alert = missed_check_in(other_organization)
    client = signed_in(advocate)
    assert client.post("/admin/desk/", {"item": f"help-request-{theirs.pk}"}).status_code == 404
    assert client.post("/admin/desk/", {"item": f"alert-{alert.pk}"}).status_code == 404
    assert client.post("/admin/desk/", {"item": "nonsense"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.assigned_to is None


def test_take_it_needs_the_csrf_token(organization, advocate):
    from django.test import Client

    help_now = urgent_request(organization)
    client = Client(enforce_csrf_checks=True)
    client.cookies = signed_in(advocate).cookies  # the same verified session, now with CSRF checks on
    assert client.post("/admin/desk/", {"item": f"help-request-{help_now.pk}"}).status_code == 403
    page = client.get("/admin/desk/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post("/admin/desk/", {"item": f"help-request-{help_now.pk}", "csrfmiddlewaretoken": token})
    assert response.status_code == 303
