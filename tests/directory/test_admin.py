"""Advocates edit the directory in the admin; only the explicit action marks a record verified."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.directory.models import Service
from tests.conftest import LANGUAGE_CODES
from tests.directory.builders import make_service

pytestmark = pytest.mark.django_db


def test_plain_save_does_not_move_the_verified_date(taxonomy):
    service = make_service(assured_date="2024-01-02")
    service.description = "Changed"
    service.save()
    service.refresh_from_db()
    assert service.assured_date == date(2024, 1, 2)


def test_verify_action_sets_today(admin_client_verified, taxonomy):
    service = make_service(assured_date="2024-01-02")
    url = f"/admin/directory/services/{service.pk}/verify/"
    assert admin_client_verified.get(url).status_code == 200  # asks first
    service.refresh_from_db()
    assert service.assured_date == date(2024, 1, 2)
    response = admin_client_verified.post(url)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert service.assurer_email == "root@example.org"


def test_needs_review_lists_only_stale_records(admin_client_verified, taxonomy):
    stale = make_service(name="Stale record", assured_date=(timezone.localdate() - timedelta(days=400)).isoformat())
    fresh = make_service(name="Fresh record", assured_date=timezone.localdate().isoformat())
    body = admin_client_verified.get("/admin/snippets/directory/service/", {"needs_review": "true"}).content.decode()
    assert stale.name in body
    assert fresh.name not in body


def test_draft_changes_stay_private_until_published(client, taxonomy):
    service = make_service(name="Published name")
    service.name_en = "Draft name"
    service.save_revision()  # a draft: the live row keeps the published text
    service.refresh_from_db()
    assert "Published name" in client.get(f"/en/services/{service.pk}/").content.decode()
    Service.objects.filter(pk=service.pk).update(live=False)
    assert client.get(f"/en/services/{service.pk}/").status_code == 404


def test_edit_form_has_every_language_side_by_side(admin_client_verified, taxonomy):
    service = make_service()
    body = admin_client_verified.get(f"/admin/snippets/directory/service/edit/{service.pk}/").content.decode()
    for code in LANGUAGE_CODES:
        language = code.replace("-", "_")
        assert f'name="name_{language}"' in body
        assert f'name="description_{language}"' in body
