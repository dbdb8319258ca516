"""A survivor's texts go with her when her number changes, never into the shared queue, and the purge
of her case leaves nothing of hers in any table."""

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.utils import timezone

from portal.accounts.models import SurvivorProfile
from portal.core.phones import phone_index
from portal.messaging.inbound import receive_sms
from portal.messaging.models import Contact, HelpRequest, InboundMessage
from portal.plans.retention import purge_due
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client

pytestmark = pytest.mark.django_db

OLD = "+17135550711"
NEW = "+17135550722"
CODE_WORD = "quetzal-morado"
HER_TEXT = "I am at the bus station on Elm, please call after nine"
FROM_NEW_PHONE = "this is my new phone, the old one was taken"


def intake_data(profile, phone):
    return {
        "organization": profile.organization_id,
        "name": "Lucia Hiddenname",
        "preferred_language": "es",
        "phone": phone,
        "time_zone": "America/Chicago",
        "safe_time": "daytime",
        "may_identify": "",
        "code_word": CODE_WORD,
        "voicemail_ok": "",
    }


def every_stored_value():
    """Every value of every row of every table the portal's models reach, decrypted as the app reads it."""
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                if value not in (None, ""):
                    yield model._meta.label, name, str(value)


@time_machine.travel("2026-03-10 15:00 -05:00", tick=False)
def test_her_texts_move_with_her_are_hidden_from_others_and_purged_with_her_case():
    hers, other = make_organization("Her Organisation"), make_organization("Another Organisation")
    her_advocate = verified_admin_client(Client(), make_staff(hers, "her-advocate"))
    other_advocate = verified_admin_client(Client(), make_staff(other, "other-advocate"))
    already = set(Contact.objects.values_list("pk", flat=True))
    requests_before = set(HelpRequest.objects.values_list("pk", flat=True))
    profile = make_survivor(hers, phone=OLD, name="Lucia Hiddenname")
    receive_sms("SM" + "1" * 32, OLD, HER_TEXT)
    old_conversation = profile.contact.conversations.get()
    # She texts from her new phone before her advocate records it: an unknown number, in the shared queue.
    receive_sms("SM" + "2" * 32, NEW, FROM_NEW_PHONE)
    assert Contact.objects.for_phone(NEW).organization_id is None

    response = her_advocate.post(f"/admin/survivors/edit/{profile.pk}/", intake_data(profile, NEW))
    assert response.status_code == 302, response.content.decode()[:2000]

    profile.refresh_from_db()
    contact = profile.contact
    assert contact.phone == NEW and contact.code_word == CODE_WORD and contact.organization_id == hers.pk
    assert Contact.objects.for_phone(OLD) is None
    assert list(Contact.objects.exclude(pk__in=already)) == [contact], "the number she texted from joined hers"
    bodies = {message.body for message in InboundMessage.objects.filter(contact=contact)}
    assert bodies == {HER_TEXT, FROM_NEW_PHONE}
    assert contact.conversations.filter(pk=old_conversation.pk).exists()
    assert set(HelpRequest.objects.exclude(pk__in=requests_before).values_list("contact", flat=True)) == {contact.pk}

    # Another organisation's advocate reaches none of it, by any id.
    for url in (
        f"/admin/conversations/thread/{old_conversation.pk}/",
        f"/admin/conversations/edit/{old_conversation.pk}/",
        f"/admin/contacts/edit/{contact.pk}/",
        *(f"/admin/help-requests/edit/{pk}/" for pk in contact.help_requests.values_list("pk", flat=True)),
    ):
        response = other_advocate.get(url)
        assert response.status_code == 404, url
        assert HER_TEXT not in response.content.decode()
    queue = other_advocate.get("/admin/help-requests/").content.decode()
    assert f"/admin/help-requests/edit/{contact.help_requests.first().pk}/" not in queue

    # Someone texting from her old number later is a new, empty contact.
    receive_sms("SM" + "3" * 32, OLD, "hello?")
    stranger = Contact.objects.for_phone(OLD)
    assert stranger.pk != contact.pk and stranger.code_word == "" and stranger.organization_id is None
    assert set(stranger.inbound_messages.values_list("body", flat=True)) == {"hello?"}
    stranger.delete()  # not hers; the scan below looks for her old number anywhere

    profile.deletion_requested_at = timezone.now()
    profile.save(update_fields=["deletion_requested_at"])
    profile.close_case()
    assert purge_due() == 1

    assert not SurvivorProfile.objects.filter(pk=profile.pk).exists()
    secrets = {phone_index(OLD), phone_index(NEW), OLD, NEW, CODE_WORD, HER_TEXT, FROM_NEW_PHONE, "Lucia Hiddenname"}
    values = list(every_stored_value())
    assert len(values) > 1000  # a live database with the seeded site, not an empty one
    leftovers = [(table, column, s) for table, column, value in values for s in secrets if s in value]
    assert leftovers == []


@time_machine.travel("2026-03-10 15:00 -05:00", tick=False)
def test_intake_never_says_a_number_is_another_organisations_survivors():
    hers, other = make_organization("Her Organisation"), make_organization("Another Organisation")
    make_survivor(other, phone=NEW)
    advocate = verified_admin_client(Client(), make_staff(hers, "her-advocate"))
    profile = make_survivor(hers, phone=OLD)
    response = advocate.post(f"/admin/survivors/edit/{profile.pk}/", intake_data(profile, NEW))
    page = response.content.decode()
    assert response.status_code == 200
    assert "A supervisor of your organization will check it" in page
    for revealing in ("already", "belongs", "someone"):
        assert revealing not in page.split("A supervisor of your organization")[0][-200:]
    profile.refresh_from_db()
    assert profile.contact.phone == OLD
