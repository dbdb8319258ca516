"""A confidential location's address and position never leave the portal."""

import pytest
from django.utils.translation import override

from portal.directory.export import write_package
from portal.directory.models import Address, Location, Service
from tests.conftest import LANGUAGE_CODES

pytestmark = pytest.mark.django_db


def secrets():
    """Every confidential address line and coordinate in the seeded directory."""
    values = set()
    for location in Location.objects.filter(is_confidential=True):
        if location.latitude is not None:
            values.update({f"{location.latitude}", f"{location.longitude}"})
        for address in location.addresses.all():
            values.add(address.address_1)
    assert len(values) >= 7, "the seeded directory must hold confidential shelters to scan for"
    return values


def assert_clean(text, where):
    leaked = [secret for secret in secrets() if secret in text]
    assert leaked == [], f"confidential data in {where}"


def confidential_services():
    return Service.objects.filter(live=True, service_at_locations__location__is_confidential=True).distinct()


def test_the_scan_would_catch_a_leak():
    address = Address.objects.filter(location__is_confidential=True).first()
    with pytest.raises(AssertionError):
        assert_clean(f"<p>{address.address_1}</p>", "a page that leaks")


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_html_pages(client, language):
    for params in ({"category": "housing"}, {"q": "hidden"}, {"zip": "77002"}, {"q": "shelter", "open_now": "on"}):
        assert_clean(client.get(f"/{language}/services/", params).content.decode(), f"search {params}")
    for service in confidential_services():
        with override(language):
            body = client.get(f"/{language}/services/{service.pk}/").content.decode()
        assert "tel:" in body
        assert_clean(body, f"detail of {service.name}")


def test_api(client):
    assert_clean(client.get("/api/hsds/services", {"per_page": 200}).content.decode(), "API list")
    for service in confidential_services():
        assert_clean(client.get(f"/api/hsds/services/{service.pk}").content.decode(), "API detail")


def test_export(tmp_path):
    write_package(tmp_path)
    for path in tmp_path.iterdir():
        assert_clean(path.read_text(), path.name)


def test_search_index_holds_no_confidential_address():
    for service in confidential_services():
        assert_clean(service.search_text, "the search index")
