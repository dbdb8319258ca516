# The fake Twilio on loopback, shared with the messaging tests: the real twilio client posts to it.
from tests.messaging.conftest import fake_twilio, fake_twilio_server  # noqa: F401
