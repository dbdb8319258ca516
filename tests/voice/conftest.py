# The SMS tests' hermetic settings (known webhook origin and token) and their signing helpers.
from tests.messaging.conftest import messaging_settings  # noqa: F401
