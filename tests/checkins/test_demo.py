"""The demo: seed_demo gives the demo survivor a check-in that `dispatch_checkins` sends at once."""

import io

from django.core.management import call_command

from portal.checkins.models import CheckIn, CheckInPlan
from portal.demo.survivor import DEMO_SURVIVOR_PHONE
from portal.messaging.models import Contact, OutboundMessage


def test_seed_demo_then_dispatch_checkins_sends_exactly_one(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: still one plan, one due check-in
    contact = Contact.objects.for_phone(DEMO_SURVIVOR_PHONE)
    plan = CheckInPlan.objects.get(survivor__contact=contact)
    assert plan.check_ins.filter(status=CheckIn.Status.DUE).count() == 1
    before = OutboundMessage.objects.count()

    output = io.StringIO()
    call_command("dispatch_checkins", stdout=output)
    assert "sent: 1" in output.getvalue()
    sent = OutboundMessage.objects.exclude(pk__lte=0).order_by("pk")[before:]
    assert OutboundMessage.objects.count() == before + 1
    message = list(sent)[0]
    assert message.contact == contact
    assert message.body.startswith("Girasol: ")  # the demo survivor's code word, in Spanish
    assert message.language == "es"

    call_command("dispatch_checkins", stdout=io.StringIO())
    assert OutboundMessage.objects.count() == before + 1
