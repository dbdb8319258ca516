"""The advocate side: a queue with urgent first, a threaded conversation, replies through the outbox."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from portal.accounts.second_factor import issue_backup_codes
from portal.messaging import texts
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Contact, Conversation, HelpRequest, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import HOUSTON, inbound_params, make_contact, post_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def advocate(client):
    user = User.objects.create_superuser("advocate-test", "advocate@example.org", "x" * 20)
    code = issue_backup_codes(user)[0]
    client.force_login(user)
    assert client.post("/admin/second-factor/", {"code": code}).status_code == 302
    return user


def request_for(phone, *, urgent=False, status=None, capture=None):
    contact = make_contact(phone)
    help_request, _created = open_help_request(contact, source=HelpRequest.Source.WEB, urgent=urgent)
    if status:
        help_request.status = status
        help_request.save()
    return help_request


def position(html, text):
    return html.index(text)


def row_position(html, item):
    """Where a row titled with `item` starts in a listing (-1 if absent)."""
    match = re.search(rf">\s*{re.escape(str(item))}\s*<", html)
    return match.start() if match else -1


def test_the_queue_shows_urgent_first_then_new_then_assigned_then_closed(client, advocate):
    new = request_for("+17135550101")
    closed = request_for("+17135550102", status=HelpRequest.Status.CLOSED)
    urgent = request_for("+17135550103", urgent=True)
    assigned = request_for("+17135550104")
    assigned.assigned_to = advocate
    assigned.save()
    assert assigned.status == HelpRequest.Status.ASSIGNED

    html = client.get("/admin/help-requests/").content.decode()
    order = [row_position(html, item) for item in (urgent, new, assigned, closed)]
    assert -1 not in order and order == sorted(order)
    assert list(HelpRequest.objects.values_list("pk", flat=True)) == [urgent.pk, new.pk, assigned.pk, closed.pk]


def test_the_queue_filters_by_status(client, advocate):
    urgent = request_for("+17135550103", urgent=True)
    new = request_for("+17135550101")
    html = client.get("/admin/help-requests/?status=urgent").content.decode()
    assert row_position(html, urgent) > 0 and row_position(html, new) == -1


def test_the_menu_shows_how_many_requests_are_waiting(client, advocate):
    request_for("+17135550101")
    request_for("+17135550103", urgent=True)
    html = client.get("/admin/").content.decode()
    assert "Help requests (2)" in html
    assert "Help and texts (2)" in html


def test_an_urgent_text_emails_on_call_without_personal_data(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(client, "/sms/inbound/", inbound_params("AYUDA por favor, estoy en Pasadena"))
    [email] = mail.outbox
    assert email.to == ["oncall@example.org"]
    assert "https://portal.example.org/admin/desk/" in email.body
    for secret in ("Pasadena", "ayuda", "5550100", HOUSTON):
        assert secret.lower() not in (email.subject + email.body).lower()


def test_the_thread_shows_every_text_in_order(client, advocate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(client, "/sms/inbound/", inbound_params("First, I need a lawyer"))
        post_signed(client, "/sms/inbound/", inbound_params("Second, it is about my visa"))
    conversation = Conversation.objects.get()
    html = client.get(f"/admin/conversations/thread/{conversation.pk}/").content.decode()
    first = position(html, "First, I need a lawyer")
    ack = position(html, str(texts.TEMPLATES[texts.TEXT_RECEIVED]))
    second = position(html, "Second, it is about my visa")
    assert first < ack < second


def test_a_free_text_reply_goes_through_the_outbox(client, advocate, sms_outbox, django_capture_on_commit_callbacks):
    help_request = request_for(HOUSTON)
    url = f"/admin/conversations/thread/{help_request.conversation_id}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reply", "template": "", "text": "Can you talk at 3 today?"})
    assert response.status_code == 302
    message = OutboundMessage.objects.get()
    assert message.purpose == OutboundMessage.Purpose.ADVOCATE
    assert message.sent_by == advocate
    assert message.conversation_id == help_request.conversation_id
    assert message.status == DeliveryStatus.SUBMITTED
    assert [sms.body for sms in sms_outbox] == ["Can you talk at 3 today?"]
    assert "Can you talk at 3 today?" in client.get(url).content.decode()


def test_a_template_reply_is_rendered_for_the_contact(client, advocate, sms_outbox, django_capture_on_commit_callbacks):
    help_request = request_for(HOUSTON)
    Contact.objects.filter(pk=help_request.contact_id).update(code_word="Pecan", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/conversations/thread/{help_request.conversation_id}/",
            {"action": "reply", "template": texts.CALL_OK, "text": ""},
        )
    message = OutboundMessage.objects.get()
    assert (message.template, message.language) == (texts.CALL_OK, "es")
    assert sms_outbox[0].body.startswith("Pecan: ")


def test_a_reply_needs_a_template_or_words_not_both(client, advocate):
    help_request = request_for(HOUSTON)
    url = f"/admin/conversations/thread/{help_request.conversation_id}/"
    for data in ({"template": "", "text": " "}, {"template": texts.CALL_OK, "text": "and this"}):
        response = client.post(url, {"action": "reply", **data})
        assert response.status_code == 200
        assert "not both" in response.content.decode()
    assert OutboundMessage.objects.count() == 0


def test_a_reply_to_an_opted_out_number_is_recorded_not_sent(
    client, advocate, sms_outbox, django_capture_on_commit_callbacks
):
    help_request = request_for(HOUSTON)
    Contact.objects.filter(pk=help_request.contact_id).update(opted_out_at="2025-01-01T00:00:00Z")
    url = f"/admin/conversations/thread/{help_request.conversation_id}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reply", "text": "Hello?"}, follow=True)
    assert "Not sent" in response.content.decode()
    assert OutboundMessage.objects.get().status == DeliveryStatus.CANCELLED
    assert sms_outbox == []


def test_assigning_and_closing(client, advocate):
    help_request = request_for(HOUSTON, urgent=True)
    url = f"/admin/conversations/thread/{help_request.conversation_id}/"
    client.post(url, {"action": "assign_me"})
    help_request.refresh_from_db()
    assert help_request.assigned_to == advocate
    assert help_request.status == HelpRequest.Status.ASSIGNED
    assert help_request.conversation.assigned_to == advocate
    client.post(url, {"action": "close"})
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.CLOSED
    assert Conversation.objects.get().status == Conversation.Status.CLOSED


def test_admin_pages_never_show_a_full_number_or_put_personal_data_in_urls(client, advocate):
    help_request = request_for(HOUSTON)
    HelpRequest.objects.filter(pk=help_request.pk).update(message="I live at 12 Elm Street")
    pages = [
        "/admin/help-requests/",
        f"/admin/help-requests/edit/{help_request.pk}/",
        "/admin/conversations/",
        f"/admin/conversations/thread/{help_request.conversation_id}/",
        "/admin/contacts/",
        f"/admin/contacts/edit/{help_request.contact_id}/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "7135550100" not in html.replace("+1", "").replace("-", "")
        for href in re.findall(r'(?:href|action)="([^"]*)"', html):
            assert "0100" not in href and "Elm" not in href
    assert "•••0100" in client.get("/admin/contacts/").content.decode()


def test_staff_cannot_lift_her_stop_or_a_wrong_number_in_the_admin(client, advocate):
    contact = request_for(HOUSTON).contact
    Contact.objects.filter(pk=contact.pk).update(
        opted_out_at="2025-01-01T00:00:00Z", wrong_number_at="2025-01-02T00:00:00Z"
    )
    url = f"/admin/contacts/edit/{contact.pk}/"
    html = client.get(url).content.decode()
    assert 'name="opted_out_at"' not in html and 'name="wrong_number_at"' not in html
    form = {
        "language": "es",
        "time_zone": "America/Chicago",
        "safe_hours_start": "09:00",
        "safe_hours_end": "20:00",
        "code_word": "",
        "opted_out_at": "",
        "wrong_number_at": "",
    }
    assert client.post(url, form).status_code == 302
    contact.refresh_from_db()
    assert contact.language == "es"  # the form was saved...
    assert contact.opted_out_at is not None and contact.wrong_number_at is not None  # ...and neither was lifted


def test_nobody_adds_help_requests_by_hand(client, advocate):
    assert client.get("/admin/help-requests/new/").status_code in (302, 403)
    assert client.get("/admin/contacts/new/").status_code in (302, 403)


def test_staff_without_messaging_permissions_cannot_read_conversations(client):
    user = User.objects.create_user("editor-test", password="x" * 20)
    user.groups.add(Group.objects.get(name="Editors"))
    code = issue_backup_codes(user)[0]
    client.force_login(user)
    client.post("/admin/second-factor/", {"code": code})
    help_request = request_for(HOUSTON)
    assert client.get(f"/admin/conversations/thread/{help_request.conversation_id}/").status_code in (302, 403, 404)
    assert client.get("/admin/help-requests/").status_code in (302, 403)
