"""The real `twilio` client, pointed at TWILIO_API_BASE_URL when an operator or a test sets one."""

from functools import lru_cache

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from ..channels import Channel, whatsapp_address
from . import OutsideWhatsAppWindow, PermanentSendError, RecipientOptedOut, SendResult, TransientSendError
from .base import BaseSMSBackend

TWILIO_ORIGIN = "https://api.twilio.com"
OPTED_OUT_CODE = 21610
# "Failed to send freeform message because you are outside the allowed window" (WhatsApp's 24 hours).
OUTSIDE_WINDOW_CODE = 63016
# HTTP statuses worth another try later: throttling and the provider's own failures.
TRANSIENT_HTTP = {408, 429}
# A check-in call rings this long before Twilio gives up (no answer: the check-in stays unanswered).
CALL_RING_SECONDS = 30


class RebasedHttpClient(TwilioHttpClient):
    """Sends what the twilio library would send to api.twilio.com to another origin instead."""

    def __init__(self, base_url, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_ORIGIN):
            url = self.base_url + url[len(TWILIO_ORIGIN) :]
        return super().request(method, url, *args, **kwargs)


@lru_cache(maxsize=4)
def twilio_client(account_sid, auth_token, base_url, timeout):
    """One client (and one connection pool) per configuration, reused by every send."""
    http_client = RebasedHttpClient(base_url, timeout=timeout)
    return Client(account_sid, auth_token, http_client=http_client)


class TwilioBackend(BaseSMSBackend):
    def __init__(self):
        self.client = twilio_client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            settings.TWILIO_API_BASE_URL or TWILIO_ORIGIN,
            settings.TWILIO_TIMEOUT,
        )

    def send(self, sms):
        if sms.channel == Channel.CALL:
            return self.place_call(sms)
        params = self.whatsapp_params(sms) if sms.channel == Channel.WHATSAPP else self.sms_params(sms)
        if sms.validity_period:
            params["validity_period"] = sms.validity_period
        if sms.status_callback:
            params["status_callback"] = sms.status_callback
        return self.create(params)

    @staticmethod
    def sms_params(sms):
        params = {"to": sms.to, "body": sms.body}
        if settings.TWILIO_MESSAGING_SERVICE_SID:
            params["messaging_service_sid"] = settings.TWILIO_MESSAGING_SERVICE_SID
        else:
            params["from_"] = settings.TWILIO_FROM_NUMBER
        return params

    @staticmethod
    def whatsapp_params(sms):
        """The same Messages API with "whatsapp:" addresses; a template replaces the body outside the window.

        Always from TWILIO_WHATSAPP_FROM, never the Messaging Service: a service's sender pool could
        pick an SMS number, and a WhatsApp message must never leave as an SMS.
        """
        if not settings.TWILIO_WHATSAPP_FROM:
            raise PermanentSendError("WhatsApp is not configured", code="whatsapp-off")
        params = {"to": whatsapp_address(sms.to), "from_": settings.TWILIO_WHATSAPP_FROM}
        if sms.content_sid:
            params["content_sid"] = sms.content_sid
            if sms.content_variables:
                params["content_variables"] = sms.content_variables
        else:
            params["body"] = sms.body
        return params

    def place_call(self, sms):
        """A check-in call through the Calls API, from the portal's own voice number.

        Twilio asks `call_url` (a signed voice step) what to say once she answers. Answering-machine
        detection is on: the step hangs up on a voicemail, so nothing is ever left on her phone.
        """
        if not settings.TWILIO_CALL_FROM:
            raise PermanentSendError("no number to call from", code="voice-off")
        params = {
            "to": sms.to,
            "from_": settings.TWILIO_CALL_FROM,
            "url": sms.call_url,
            "method": "POST",
            "machine_detection": "Enable",
            "timeout": CALL_RING_SECONDS,
        }
        if sms.status_callback:
            params["status_callback"] = sms.status_callback
            params["status_callback_method"] = "POST"
        return self.create(params, self.client.calls)

    def create(self, params, api=None):
        try:
            message = (api or self.client.messages).create(**params)
        except TwilioRestException as error:
            if error.code == OPTED_OUT_CODE:
                raise RecipientOptedOut("recipient opted out", code=error.code) from None
            if error.code == OUTSIDE_WINDOW_CODE:
                raise OutsideWhatsAppWindow("outside the WhatsApp window", code=error.code) from None
            if error.status >= 500 or error.status in TRANSIENT_HTTP:
                raise TransientSendError(f"provider answered {error.status}", code=error.code or error.status) from None
            raise PermanentSendError(f"provider refused: {error.status}", code=error.code or error.status) from None
        except (requests.Timeout, requests.ConnectionError) as error:
            raise TransientSendError(type(error).__name__, code="timeout") from None
        return SendResult(provider_sid=message.sid, status=message.status or "queued")
