"""Twilio's voice webhooks: /voice/inbound/ when a call comes in, /voice/step/<name>/ for each key
(or the words she said instead, read once and never kept: voice.speech).

Signed exactly like the SMS webhooks (X-Twilio-Signature over PUBLIC_BASE_URL + path); anything else
gets 403 and nothing is stored. Each request is one short transaction that locks its Call row, so two
deliveries of the same request cannot both act. Nothing is logged about the caller.
"""

import re

from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from portal.messaging.signatures import twilio_signature_required

from . import menu
from .calls import call_for, check_in_call_for

CALL_SID = re.compile(r"^[A-Za-z0-9]{2,64}$")
# What a key press may hold: up to five digits (a ZIP), * or #.
DIGITS = re.compile(r"^[0-9*#]{0,5}$")
# Twilio's AnsweredBy for a call we placed (answering-machine detection): anything but a person.
MACHINE = re.compile(r"^(machine|fax)")


def twiml(answer):
    return HttpResponse(str(answer), content_type="text/xml; charset=utf-8")


def call_sid_of(request):
    """The request's CallSid, or "" when it is missing or not the shape Twilio sends."""
    call_sid = request.POST.get("CallSid", "")
    return call_sid if CALL_SID.match(call_sid) else ""


@csrf_exempt
@require_POST
@twilio_signature_required
def inbound(request):
    call_sid = call_sid_of(request)
    if not call_sid:
        return HttpResponseBadRequest("missing CallSid", content_type="text/plain")
    with transaction.atomic():
        call = call_for(call_sid, request.POST.get("From", ""), request.POST.get("StirVerstat", ""))
        answer = menu.current(call, greet=True)
        call.save()
    return twiml(answer)


def her_number(request):
    """The survivor's end of the call: who rang us, or, on a call the portal placed, whom we rang."""
    outbound = request.POST.get("Direction", "").startswith("outbound")
    return request.POST.get("To" if outbound else "From", "")


@csrf_exempt
@require_POST
@twilio_signature_required
def check_in_call(request):
    """She (or her voicemail) answered a check-in call the outbox placed. Her answer is taken at the
    check-in step, exactly as on a call she makes (menu.on_checkin); a retry finds the same Call."""
    call_sid = call_sid_of(request)
    if not call_sid:
        return HttpResponseBadRequest("missing CallSid", content_type="text/plain")
    with transaction.atomic():
        call = check_in_call_for(call_sid)
        if call is None:  # not a call the outbox placed: say nothing
            nothing = menu.VoiceResponse()
            nothing.hangup()
            return twiml(nothing)
        if MACHINE.match(request.POST.get("AnsweredBy", "")):
            answer = menu.machine_answered(call)
        else:
            answer = menu.ask_called_check_in(call, menu.Answer(call))
        call.save()
    return twiml(answer)


@csrf_exempt
@sensitive_post_parameters("SpeechResult", "UnstableSpeechResult")  # never in an error report
@require_POST
@twilio_signature_required
@sensitive_variables("spoken")
def step(request, name):
    handler = menu.HANDLERS.get(name)
    if handler is None:
        raise Http404("no such step")
    call_sid = call_sid_of(request)
    if not call_sid:
        return HttpResponseBadRequest("missing CallSid", content_type="text/plain")
    digits = request.POST.get("Digits", "").strip()
    if not DIGITS.match(digits):
        digits = menu.WRONG_KEY  # not a key anyone can press: heard as a wrong key
    # What she said, when she spoke instead of pressing a key: read here, turned into a key below, and
    # never stored or logged (Twilio sends Digits or SpeechResult, not both; a key would win).
    spoken = request.POST.get("SpeechResult", "")
    caller = her_number(request)
    with transaction.atomic():
        call = call_for(call_sid, caller)
        # The request answers the step it was asked at, even when it is a retry of one already taken.
        call.step = name
        if spoken.strip() and not digits:
            digits = menu.heard(call, spoken)
        if name == menu.Call.Step.LANGUAGE:
            # The first menu's page is in the URL Twilio was given (and signed).
            answer = handler(call, digits, caller, page=menu.language_page(request.GET.get("page")))
        else:
            answer = handler(call, digits, caller)
        call.save()
    return twiml(answer)
