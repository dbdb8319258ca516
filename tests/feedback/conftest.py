# The survivor fixtures are shared with the other survivor-facing packages.
from tests.survivor_fixtures import sms_outbox, survivor_settings  # noqa: F401
