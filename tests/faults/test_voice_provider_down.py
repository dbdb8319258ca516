"""The voice line while Twilio's REST API is down (it answers 500, or nothing listens on its port).

A call never waits on the REST API: Twilio's voice webhooks reach us, and the line answers them from the
database alone. So with the REST API down the caller still hears the right TwiML in her language, her
call-back request is stored and marked urgent, on call is told, and the text her advocate then queues
waits in the outbox (nothing lost) and goes out, once, when Twilio is back.

In process, through the signed webhooks and the real twilio client posting to the fake Twilio on
loopback, with the clock pinned.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from portal.messaging import send_sms, texts
from portal.messaging.backends.twilio import twilio_client
from portal.messaging.models import HelpRequest, OutboundMessage
from portal.messaging.outbox import drain_outbox
from portal.messaging.statuses import DeliveryStatus
from portal.voice import prompts
from portal.voice.models import Call
from tests.accounts.builders import make_organization, make_staff, make_survivor
from tests.messaging.conftest import fake_twilio, fake_twilio_server, messaging_settings  # noqa: F401
from tests.messaging.test_whatsapp import closed_port
from tests.voice.calls import call_in, new_sid, press, said

pytestmark = pytest.mark.django_db
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))
HER_PHONE = "+17135550191"


@pytest.fixture(params=["500", "closed port"])
def twilio_down(request, fake_twilio, settings):  # noqa: F811
    """Twilio's REST API down one way or the other; `back()` brings it back."""
    if request.param == "500":
        fake_twilio.then(*["500"] * 10)
    else:
        settings.TWILIO_API_BASE_URL = f"http://127.0.0.1:{closed_port()}"
        twilio_client.cache_clear()

    def back():
        fake_twilio.behaviours.clear()
        settings.TWILIO_API_BASE_URL = fake_twilio.base_url
        twilio_client.cache_clear()

    fake_twilio.back = back
    return fake_twilio


@pytest.mark.parametrize("language", ["es", "vi"])
def test_a_call_back_request_with_twilio_down_loses_nothing(
    twilio_down, client, language, django_capture_on_commit_callbacks
):
    organization = make_organization("Voice Fault Organisation")
    survivor = make_survivor(organization, phone=HER_PHONE, language=language)
    advocate = make_staff(organization, "voice-fault-advocate")
    sid = new_sid()
    with time_machine.travel(MONDAY_NOON, tick=False) as traveller:
        menu = call_in(client, sid, HER_PHONE)
        assert said(prompts.MAIN_MENU, language) in menu.text  # her number: straight to the menu in her language

        asked = press(client, sid, "menu", "2", HER_PHONE)
        assert said(prompts.CALLBACK_ASKED, language) in asked.text
        assert said(prompts.ASK_UNSAFE, language) in asked.text
        request = HelpRequest.objects.get(contact=survivor.contact, source=HelpRequest.Source.VOICE)
        assert not request.urgent

        with django_capture_on_commit_callbacks(execute=True):
            urgent = press(client, sid, "callback", "1", HER_PHONE)
        assert said(prompts.MARKED_URGENT, language) in urgent.text and urgent.has("Hangup")
        request.refresh_from_db()
        assert request.urgent and request.status == HelpRequest.Status.URGENT
        call = Call.objects.get(call_sid=sid)
        assert call.help_request == request and call.step == Call.Step.DONE
        # On call is told (by email, never through Twilio), without her number.
        [notice] = mail.outbox
        assert notice.to == ["oncall@example.org"] and HER_PHONE[-4:] not in notice.body
        # The call asked nothing of the REST API: the line does not wait on it.
        assert twilio_down.requests == []

        # Her advocate asks when it is safe to call: the text waits in the outbox while Twilio is down.
        with django_capture_on_commit_callbacks(execute=True):
            message = send_sms(
                survivor.contact,
                texts.CALL_OK,
                purpose=OutboundMessage.Purpose.ADVOCATE,
                conversation=request.conversation,
                sent_by=advocate,
            )
        message.refresh_from_db()
        assert message.status == DeliveryStatus.PENDING and message.attempts == 1
        assert message.next_attempt_at > MONDAY_NOON
        assert twilio_down.accepted == []

        # Twilio is back: the retry sends it, once, to her number.
        twilio_down.back()
        traveller.move_to(message.next_attempt_at + timedelta(seconds=1))
        assert drain_outbox() == {"submitted": 1}
        assert drain_outbox() == {}
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SUBMITTED and message.attempts == 2
    [sent] = twilio_down.accepted
    assert sent["To"] == HER_PHONE and sent["Body"] == message.body
    assert HelpRequest.objects.filter(contact=survivor.contact).count() == 1
