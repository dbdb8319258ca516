# The SMS tests' hermetic settings (known webhook origin and token) and their signing helpers, and the
# fake Twilio on loopback that check-in calls are placed through.
import pytest

from tests.accounts.builders import make_organization, make_staff
from tests.messaging.conftest import fake_twilio, fake_twilio_server, messaging_settings, sms_outbox  # noqa: F401


@pytest.fixture
def organization(db):
    """The organisation of the survivors whose check-ins the voice tests answer."""
    return make_organization("Voice Check-in Org")


@pytest.fixture
def advocate(organization):
    return make_staff(organization, "voice-checkin-advocate")
