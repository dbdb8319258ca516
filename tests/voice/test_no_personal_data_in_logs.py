"""A whole call, with every logger at DEBUG and SQL logged with its parameters, writes no spelling of
the caller's number anywhere (the pattern and tools of tests/security/test_no_personal_data_in_logs.py)."""

import pytest
import time_machine

from portal.messaging.models import HelpRequest
from tests.messaging.conftest import post_form
from tests.security.test_no_personal_data_in_logs import every_logger_at_debug, leaks, spellings, sql_logged
from tests.voice.calls import INBOUND, call_in, call_params, new_sid, press
from tests.voice.test_voice_line import MONDAY_NOON

pytestmark = pytest.mark.django_db
CALLER = "+19725550164"


def test_a_whole_call_logs_no_phone_number(client, django_capture_on_commit_callbacks):
    sid = new_sid()
    with every_logger_at_debug() as captured, sql_logged(), time_machine.travel(MONDAY_NOON, tick=False):
        assert post_form(client, INBOUND, call_params(sid, CALLER)).status_code == 403  # unsigned
        call_in(client, sid, CALLER)
        press(client, sid, "language", "1", CALLER)
        press(client, sid, "menu", "1", CALLER)
        press(client, sid, "zip", "90210", CALLER)
        press(client, sid, "zip", "77002", CALLER)
        press(client, sid, "places", "1", CALLER)
        press(client, sid, "places", "", CALLER)
        press(client, sid, "menu", "9", CALLER)
        press(client, sid, "menu", "7", CALLER)
        with django_capture_on_commit_callbacks(execute=True):
            press(client, sid, "menu", "2", CALLER)
            press(client, sid, "callback", "1", CALLER)
        call_in(client, new_sid(), CALLER)  # a second call finds her again
        press(client, sid, "menu", "0", CALLER)
    assert HelpRequest.objects.get(source="voice").urgent
    assert len(captured.lines) > 50  # the capture heard the SQL
    needles = {f"caller's phone as {spelling!r}": spelling for spelling in spellings(CALLER)}
    assert leaks(captured.lines, needles) == []
