"""`manage.py every_minute --once` runs both one-minute jobs: what `make run` keeps doing each minute."""

import io
from datetime import time

from django.core.management import call_command

from portal.checkins.models import CheckIn
from portal.messaging.models import OutboundMessage
from tests.accounts.builders import make_survivor

from .conftest import due_now, make_checkin_plan


def test_one_round_sends_due_check_ins_and_queued_texts(db, organization, advocate):
    plan = make_checkin_plan(make_survivor(organization), advocate=advocate, start=time(0), end=time(0))
    check_in = due_now(plan)
    out = io.StringIO()
    call_command("every_minute", "--once", stdout=out)
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT
    assert OutboundMessage.objects.filter(contact=plan.survivor.contact).count() == 1
    assert out.getvalue().startswith("nothing due\nCheck-ins: ")  # both jobs reported
