# The SMS tests' hermetic settings (known webhook origin and token) and their signing helpers, and the
# fake Twilio on loopback that check-in calls are placed through.
from tests.messaging.conftest import fake_twilio, fake_twilio_server, messaging_settings, sms_outbox  # noqa: F401
