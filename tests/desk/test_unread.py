"""A thread is unread for the organisation when she wrote after a staff member last opened or answered it."""

import re

import pytest
from django.utils import timezone

from portal.messaging.help_requests import ask_question
from portal.messaging.models import Conversation
from tests.accounts.builders import make_survivor
from tests.desk.conftest import signed_in
from tests.messaging.conftest import inbound_params, post_signed

pytestmark = pytest.mark.django_db


def unread_marks(response):
    """How many times "Unread" stands alone in a cell of the listing (the column heading included)."""
    return len(re.findall(r">\s*Unread\s*<", response.content.decode()))


def texted(client, survivor, body="Are you there?"):
    assert post_signed(client, "/sms/inbound/", inbound_params(body, sender=survivor.contact.phone)).status_code == 200
    return Conversation.objects.get(contact=survivor.contact, status="open")


def test_a_text_is_unread_until_staff_open_the_thread(client, organization, advocate):
    survivor = make_survivor(organization)
    conversation = texted(client, survivor)
    assert conversation.unread and Conversation.objects.unread().filter(pk=conversation.pk).exists()
    staff = signed_in(advocate)
    unread_before = unread_marks(staff.get("/admin/conversations/"))

    assert staff.get(f"/admin/conversations/thread/{conversation.pk}/").status_code == 200
    conversation.refresh_from_db()
    assert not conversation.unread
    assert unread_marks(staff.get("/admin/conversations/")) == unread_before - 1
    assert conversation.staff_replied_at is None  # opened is not answered: still on the desk after a while

    texted(client, survivor, "One more thing")
    conversation.refresh_from_db()
    assert conversation.unread


def test_a_staff_reply_marks_the_thread_read_and_answered(client, organization, advocate):
    survivor = make_survivor(organization)
    conversation = texted(client, survivor)
    staff = signed_in(advocate)
    response = staff.post(
        f"/admin/conversations/thread/{conversation.pk}/", {"action": "reply", "template": "", "text": "Yes, here."}
    )
    assert response.status_code in (200, 302)
    conversation.refresh_from_db()
    assert conversation.outbound_messages.filter(sent_by=advocate).exists()
    assert not conversation.unread
    assert not Conversation.objects.unanswered().filter(pk=conversation.pk).exists()


def test_a_question_from_her_page_is_unread(organization):
    survivor = make_survivor(organization)
    question = ask_question(survivor.contact, "Can we meet?")
    assert question.conversation.__class__.objects.get(pk=question.conversation_id).unread
    Conversation.objects.filter(pk=question.conversation_id).update(staff_seen_at=timezone.now())
    assert not Conversation.objects.get(pk=question.conversation_id).unread
