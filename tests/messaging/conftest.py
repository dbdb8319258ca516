from datetime import time
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from twilio.request_validator import RequestValidator

from portal.messaging.backends import locmem
from portal.messaging.backends.twilio import twilio_client
from portal.messaging.models import Contact
from tests.messaging.fake_twilio import FakeTwilio

PUBLIC_BASE_URL = "https://portal.example.org"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
HOUSTON = "+17135550100"
EL_PASO = "+19155550100"


@pytest.fixture(autouse=True)
def messaging_settings(settings):
    """Hermetic SMS settings: in-memory backend, known webhook origin and token, fresh caches."""
    settings.SMS_BACKEND = "portal.messaging.backends.locmem.LocmemBackend"
    settings.PUBLIC_BASE_URL = PUBLIC_BASE_URL
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.ONCALL_EMAIL = "oncall@example.org"
    locmem.outbox.clear()
    cache.clear()
    yield settings
    locmem.outbox.clear()
    cache.clear()


@pytest.fixture
def sms_outbox():
    return locmem.outbox


@pytest.fixture(scope="session")
def fake_twilio_server():
    server = FakeTwilio(hang_seconds=2.0)
    yield server
    server.stop()


@pytest.fixture
def fake_twilio(fake_twilio_server, settings):
    """The real twilio client, posting to the fake Twilio on loopback."""
    fake_twilio_server.reset()
    settings.SMS_BACKEND = "portal.messaging.backends.twilio.TwilioBackend"
    settings.TWILIO_API_BASE_URL = fake_twilio_server.base_url
    settings.TWILIO_FROM_NUMBER = "+15125550199"
    settings.TWILIO_CALL_FROM = "+15125550199"
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_TIMEOUT = 0.5
    twilio_client.cache_clear()
    yield fake_twilio_server
    twilio_client.cache_clear()


def make_contact(phone=HOUSTON, *, time_zone="America/Chicago", start=time(0), end=time(0), **fields):
    """A contact; by default any time is safe, so only the safe-hours tests depend on the clock."""
    contact, _created = Contact.objects.get_or_create_for_phone(
        phone, time_zone=time_zone, safe_hours_start=start, safe_hours_end=end, **fields
    )
    return contact


def sign(path, params, *, token=AUTH_TOKEN, base_url=PUBLIC_BASE_URL):
    return RequestValidator(token).compute_signature(base_url + path, params)


def post_form(client, path, params, **headers):
    """POST the way Twilio does: application/x-www-form-urlencoded."""
    return client.post(path, urlencode(params), content_type="application/x-www-form-urlencoded", **headers)


def post_signed(client, path, params, **kwargs):
    return post_form(client, path, params, HTTP_X_TWILIO_SIGNATURE=sign(path, params, **kwargs))


_sid_counter = iter(range(10**9))


def inbound_params(body, sender=HOUSTON, sid=None):
    return {
        "MessageSid": sid or f"SM{next(_sid_counter):032d}",
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": "+15125550199",
        "Body": body,
        "NumMedia": "0",
    }


WHATSAPP_FROM = "whatsapp:+14155238886"


@pytest.fixture
def whatsapp(fake_twilio, settings):
    """WhatsApp switched on, through the real twilio client to the fake Twilio."""
    settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
    settings.TWILIO_WHATSAPP_TEMPLATES = {}
    return fake_twilio
