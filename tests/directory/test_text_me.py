"""'Text me these details': the service's name and phone to the survivor's phone, via the outbox."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from portal.messaging.backends import locmem
from portal.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db
SHELTER = "07f2fd94-6a9d-5626-abb6-28cac49dd003"  # a confidential shelter in the demo directory


@pytest.fixture(autouse=True)
def clean_outbox():
    locmem.outbox.clear()
    cache.clear()
    # Inside the default safe hours (9 am to 8 pm), so texts go out at once.
    with time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        yield
    locmem.outbox.clear()


def test_sends_name_and_phone_but_never_an_address(client, django_capture_on_commit_callbacks):
    url = f"/es/services/{SHELTER}/text-me/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"phone": "(713) 555-0177"})
    assert response.status_code == 302 and response["Location"] == f"{url}?sent=1"
    [sms] = locmem.outbox
    assert "713-555-01" in sms.body
    assert "Hidden" not in sms.body
    assert OutboundMessage.objects.get().language == "es"


def test_bad_number_is_explained_and_nothing_sent(client):
    response = client.post(f"/en/services/{SHELTER}/text-me/", {"phone": "12"})
    assert response.status_code == 400
    assert b"713-555-0100" in response.content  # the example in the error
    assert not OutboundMessage.objects.exists()


def test_a_burst_cannot_text_one_number_more_than_a_few_times(client, django_capture_on_commit_callbacks, settings):
    settings.SMS_HELP_FORM_LIMITS = {"per_ip": (100, 3600), "per_phone": (3, 3600)}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            client.post(f"/en/services/{SHELTER}/text-me/", {"phone": "713-555-0178"})
    assert len(locmem.outbox) == 3


def test_detail_page_itself_sets_no_cookie(client):
    response = client.get(f"/en/services/{SHELTER}/")
    assert response.cookies == {}
    assert b"text-me/" in response.content
