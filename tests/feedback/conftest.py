from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The survivor fixtures are shared with the other survivor-facing packages.
from tests.survivor_fixtures import sms_outbox, survivor_settings  # noqa: F401


@pytest.fixture
def after_the_first_quarter_of_2026():
    """Reports cover ended quarters: the hand-built worlds are read on 20 April 2026."""
    with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        yield
