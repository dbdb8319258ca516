"""Twilio's webhooks: /sms/inbound/ (incoming texts) and /sms/status/ (delivery reports of texts and of
the check-in calls the outbox places).

They answer in milliseconds: storing the message and its effects is one short transaction,
and any reply goes through the outbox, so the TwiML answer is always empty.
"""

import logging
import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.core.phones import InvalidPhoneNumber

from .backends.twilio import OPTED_OUT_CODE, OUTSIDE_WINDOW_CODE
from .inbound import receive_sms
from .models import Contact, OutboundMessage
from .opt_out import mark_opted_out
from .outbox import resend_outside_the_window, send_code_by_sms_instead
from .signatures import twilio_signature_required
from .statuses import FROM_TWILIO, FROM_TWILIO_CALL, DeliveryStatus, advance_status

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
MESSAGE_SID = re.compile(r"^[A-Za-z0-9]{2,64}$")
# Twilio's error codes, as the status callback spells them: one definition, the backend's.
OPTED_OUT = str(OPTED_OUT_CODE)
# WhatsApp refused free text outside her 24-hour window: the outbox sends it again as a template.
OUTSIDE_WINDOW = str(OUTSIDE_WINDOW_CODE)


def twiml():
    return HttpResponse(EMPTY_TWIML, content_type="text/xml; charset=utf-8")


@csrf_exempt
@require_POST
@twilio_signature_required
def inbound(request):
    message_sid = request.POST.get("MessageSid") or request.POST.get("SmsMessageSid") or ""
    if not MESSAGE_SID.match(message_sid):
        return HttpResponseBadRequest("missing MessageSid", content_type="text/plain")
    try:
        receive_sms(message_sid, request.POST.get("From", ""), request.POST.get("Body", ""))
    except InvalidPhoneNumber:
        # A short code or alphanumeric sender: nobody we can text back or help by text.
        logger.info("ignored an incoming text from a sender that is not a phone number")
    return twiml()


@csrf_exempt
@require_POST
@twilio_signature_required
def status(request):
    if "CallSid" in request.POST and "MessageSid" not in request.POST:
        return call_status(request)
    message_sid = request.POST.get("MessageSid") or request.POST.get("SmsSid") or ""
    new_status = FROM_TWILIO.get(request.POST.get("MessageStatus", "").lower())
    error_code = request.POST.get("ErrorCode", "")[:20]
    if MESSAGE_SID.match(message_sid) and new_status is not None:
        message = OutboundMessage.objects.filter(provider_sid=message_sid)
        advance_status(message, new_status, error_code=error_code)
        if error_code == OPTED_OUT:
            refused = message.values_list("channel", flat=True).first() or ""
            mark_opted_out(Contact.objects.filter(outbound_messages__provider_sid=message_sid), channel=refused)
        if new_status in (DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED):
            # A sign-in code goes once more by SMS, whatever the reason; other texts only for WhatsApp's window.
            send_code_by_sms_instead(message)
            if error_code == OUTSIDE_WINDOW:
                resend_outside_the_window(message_sid)
    return HttpResponse(status=204)


def call_status(request):
    """A check-in call's outcome: only its outbox row moves (never backwards). The check-in is left as it
    is: answered by a key, or still waiting, when the missed check-in path raises the alert in time."""
    call_sid = request.POST.get("CallSid", "")
    new_status = FROM_TWILIO_CALL.get(request.POST.get("CallStatus", "").lower())
    if MESSAGE_SID.match(call_sid) and new_status is not None:
        advance_status(OutboundMessage.objects.filter(provider_sid=call_sid), new_status)
    return HttpResponse(status=204)
