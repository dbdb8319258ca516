"""A service with a phone number goes through the whole draft life in the admin: an advocate creates
it, saves it as a draft, saves it again and publishes it, and an administrator deletes it, each
without a server error."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from portal.directory.models import Organization, Service
from tests.accounts.builders import make_staff, verified_admin_client
from tests.admin_forms import form_fields

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/directory/service/add/"


def first_phone(fields, number):
    fields.update(
        {
            "phones-TOTAL_FORMS": "1",
            "phones-0-id": "",
            "phones-0-number": number,
            "phones-0-extension": "",
            "phones-0-type": "voice",
            "phones-0-DELETE": "",
        }
    )
    return fields


def test_a_draft_service_with_phones_can_be_saved_published_and_deleted(admin_client_verified, taxonomy):
    organization = Organization.objects.create(name="Phone Test Org")
    advocate = make_staff(organization, "directory-advocate")
    advocate.groups.add(Group.objects.get(name="Advocates"))
    client = verified_admin_client(Client(), advocate)
    fields = first_phone(form_fields(client.get(ADD).content.decode()), "713-555-0123")
    fields.update({"organization": str(organization.pk), "name_en": "Phone draft service"})
    assert client.post(ADD, fields).status_code == 302  # saved as a draft
    service = Service.objects.get(name_en="Phone draft service")
    assert service.live is False

    edit = f"/admin/snippets/directory/service/edit/{service.pk}/"
    fields = form_fields(client.get(edit).content.decode())
    assert fields["phones-0-number"] == "713-555-0123"
    fields.update({"phones-TOTAL_FORMS": "2", "phones-1-id": "", "phones-1-number": "832-555-0456"})
    fields.update({"phones-1-extension": "", "phones-1-type": "text", "phones-1-DELETE": ""})
    assert client.post(edit, fields).status_code == 302  # a second draft, now with two phones

    fields = form_fields(client.get(edit).content.decode())
    assert {fields["phones-0-number"], fields["phones-1-number"]} == {"713-555-0123", "832-555-0456"}
    assert client.post(edit, {**fields, "action-publish": "action-publish"}).status_code == 302
    service.refresh_from_db()
    assert service.live is True
    assert sorted(service.phones.values_list("number", flat=True)) == ["713-555-0123", "832-555-0456"]

    delete = f"/admin/snippets/directory/service/delete/{service.pk}/"
    client.post(delete)  # deleting a record stays with administrators: Wagtail says so and sends her home
    assert Service.objects.filter(pk=service.pk).exists()
    assert admin_client_verified.post(delete).status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
