import pytest
from django.core.cache import cache

from portal.messaging.backends import locmem


@pytest.fixture(autouse=True)
def feedback_settings(settings):
    """In-memory texts and fresh limits, as in the plans tests."""
    settings.SMS_BACKEND = "portal.messaging.backends.locmem.LocmemBackend"
    settings.SURVIVOR_SIGN_IN_MIN_SECONDS = 0
    locmem.outbox.clear()
    cache.clear()
    yield settings
    locmem.outbox.clear()
    cache.clear()
