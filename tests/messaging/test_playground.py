"""The SMS playground: a development machine texts the portal through the real, signed webhook."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from portal.messaging.channels import Channel
from portal.messaging.models import InboundMessage, OutboundMessage
from portal.messaging.playground import text_the_portal

pytestmark = pytest.mark.django_db
NUMBER = "+17135550166"


def test_a_text_goes_through_the_signed_webhook_and_the_replies_come_back():
    replies = text_the_portal(NUMBER, "SHELTER 77002")
    inbound = InboundMessage.objects.latest("pk")
    assert (inbound.body, inbound.keyword) == ("SHELTER 77002", "directory")
    assert len(replies) == 1 and replies[0].body


def test_the_webhook_still_refuses_a_wrong_token(settings):
    from portal.messaging import playground

    real = playground.RequestValidator

    class WrongToken(real):
        def __init__(self, token):
            super().__init__("not-the-token")

    playground.RequestValidator = WrongToken
    try:
        with pytest.raises(RuntimeError, match="403"):
            text_the_portal(NUMBER, "hello")
    finally:
        playground.RequestValidator = real
    assert not InboundMessage.objects.exists()


def test_the_command_prints_both_sides_of_the_conversation():
    out = io.StringIO()
    call_command("sms", NUMBER, "SHELTER", "77002", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{NUMBER} -> portal: SHELTER 77002"
    assert lines[1].startswith(f"portal -> {NUMBER}: ")


def test_the_playground_is_off_outside_development(settings):
    settings.SMS_PLAYGROUND_ENABLED = False
    with pytest.raises(CommandError, match="only for development"):
        call_command("sms", NUMBER, "hello", stdout=io.StringIO())
    assert not InboundMessage.objects.exists()


def test_the_admin_page_is_for_advocates_on_a_development_machine(admin_client_verified, settings):
    response = admin_client_verified.post("/admin/sms-playground/", {"phone": "713-555-0166", "body": "SHELTER 77002"})
    assert response.status_code == 200
    assert b"data-playground-reply" in response.content
    settings.SMS_PLAYGROUND_ENABLED = False
    refused = admin_client_verified.get("/admin/sms-playground/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"


def test_the_whatsapp_switch_texts_as_whatsapp_and_the_answer_goes_back_on_whatsapp(settings):
    settings.TWILIO_WHATSAPP_FROM = "whatsapp:+14155238886"
    replies = text_the_portal(NUMBER, "SHELTER 77002", channel=Channel.WHATSAPP)
    inbound = InboundMessage.objects.latest("pk")
    assert (inbound.channel, inbound.keyword) == (Channel.WHATSAPP, "directory")
    assert [reply.channel for reply in replies] == [Channel.WHATSAPP]
    assert OutboundMessage.objects.get().channel == Channel.WHATSAPP


def test_the_admin_page_has_a_whatsapp_switch(admin_client_verified, settings):
    settings.TWILIO_WHATSAPP_FROM = "whatsapp:+14155238886"
    form = {"phone": "713-555-0166", "body": "SHELTER 77002", "whatsapp": "on"}
    response = admin_client_verified.post("/admin/sms-playground/", form)
    assert response.status_code == 200
    assert b'data-playground-channel="whatsapp"' in response.content
    assert OutboundMessage.objects.get().channel == Channel.WHATSAPP
    assert re.search(rb'<input type="checkbox" name="whatsapp"[^>]* checked', response.content)  # kept
