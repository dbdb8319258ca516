"""The messaging admin's conversations and contacts: a survivor's only for their own organisation's
staff; help requests from numbers with no survivor behind them stay in the shared queue."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Contact, HelpRequest
from tests.accounts.builders import make_staff, make_survivor, verified_admin_client

pytestmark = pytest.mark.django_db


def advocate_client(organization, username):
    user = make_staff(organization, username)
    codenames = ["view_conversation", "change_conversation", "view_contact", "change_contact"]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return verified_admin_client(Client(), user)


@pytest.fixture
def cases(home_org, org_a):
    mine = make_survivor(home_org, phone="+17135550901")
    theirs = make_survivor(org_a, phone="+17135550902")
    public, _created = Contact.objects.get_or_create_for_phone("+17135550903")
    conversations = {}
    for name, contact in (("mine", mine.contact), ("theirs", theirs.contact), ("public", public)):
        help_request, _created = open_help_request(contact, source=HelpRequest.Source.WEB)
        conversations[name] = help_request.conversation
    return conversations


def test_staff_see_their_own_survivors_and_the_public_queue_not_another_organisations(cases, home_org):
    from portal.messaging.models import Conversation

    client = advocate_client(home_org, "home-adv-2")
    conversations = client.get("/admin/conversations/").content.decode()
    contacts = client.get("/admin/contacts/").content.decode()
    for name, visible in (("mine", True), ("public", True), ("theirs", False)):
        conversation = cases[name]
        assert (f"/admin/conversations/thread/{conversation.pk}/" in conversations) == visible, name
        assert (f"/admin/contacts/edit/{conversation.contact_id}/" in contacts) == visible, name
        thread = client.get(f"/admin/conversations/thread/{conversation.pk}/").status_code
        edit = client.get(f"/admin/contacts/edit/{conversation.contact_id}/").status_code
        assert (thread == 200, edit == 200) == (visible, visible), name
        if not visible:
            assert (thread, edit) == (404, 404)
            client.post(f"/admin/conversations/thread/{conversation.pk}/", {"action": "close"})
            assert Conversation.objects.get(pk=conversation.pk).status == Conversation.Status.OPEN


def test_a_superuser_without_membership_does_not_see_survivors_conversations(cases, admin_client_verified):
    html = admin_client_verified.get("/admin/conversations/").content.decode()
    assert f"/admin/conversations/thread/{cases['public'].pk}/" in html
    assert f"/admin/conversations/thread/{cases['mine'].pk}/" not in html
    assert admin_client_verified.get(f"/admin/conversations/thread/{cases['mine'].pk}/").status_code == 404
