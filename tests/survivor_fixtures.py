"""Fixtures shared by the survivor-facing test packages (accounts, plans): in-memory texts, fresh limits."""

import pytest
from django.core.cache import cache

from portal.messaging.backends import locmem


@pytest.fixture(autouse=True)
def survivor_settings(settings):
    """In-memory texts, fresh limits, and no padding of answers (one timing test turns it back on)."""
    settings.SMS_BACKEND = "portal.messaging.backends.locmem.LocmemBackend"
    settings.SURVIVOR_SIGN_IN_MIN_SECONDS = 0
    locmem.outbox.clear()
    cache.clear()
    yield settings
    locmem.outbox.clear()
    cache.clear()


@pytest.fixture
def sms_outbox():
    return locmem.outbox
