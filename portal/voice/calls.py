"""Finding the Call for a CallSid, and starting one: from her Contact's language, or from where her
last call dropped."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.core.phones import InvalidPhoneNumber, phone_index
from portal.messaging.channels import Channel
from portal.messaging.models import Contact, OutboundMessage

from .models import Call

# A call back within this long after a dropped call picks up where it stopped.
RESUME_WITHIN = timedelta(minutes=30)


def caller_index(caller):
    """The blind index of the caller's number, or "" for a withheld or unusable one."""
    try:
        return phone_index(caller)
    except InvalidPhoneNumber:
        return ""


def dropped_call(index):
    """Her last call if it ended without a goodbye a short while ago, else None."""
    if not index:
        return None
    since = timezone.now() - RESUME_WITHIN
    return (
        Call.objects.select_for_update(of=("self",))
        .filter(caller_index=index, ended_at__isnull=True, updated_at__gte=since, resumed_by__isnull=True)
        .exclude(step=Call.Step.DONE)
        .order_by("-updated_at")
        .first()
    )


def forget_old_calls():
    """What only a resume needed (the number's blind index, the ZIP code) goes once no call can resume.

    One short UPDATE as each call starts: a call that dropped is not kept findable by number for longer.
    """
    stale = Call.objects.filter(updated_at__lt=timezone.now() - RESUME_WITHIN, ended_at__isnull=True)
    stale.update(caller_index="", zip_code="", ended_at=F("updated_at"))


def verified_caller(attestation):
    """Whether Twilio's StirVerstat says the caller's carrier vouched that the caller holds the number
    (full attestation, "A"); partial, gateway, failed or missing attestation does not."""
    return attestation in settings.VOICE_VERIFIED_CALLER_ATTESTATIONS


def call_for(call_sid, caller, attestation=""):
    """The locked Call for `call_sid`, started if Twilio has not told us of it yet. Call in a transaction.

    Twilio retrying a request finds the same row, so nothing is done twice. Whether the caller's number
    is verified comes from this call's own attestation, never from a call it resumes.
    """
    call = Call.objects.select_for_update().filter(call_sid=call_sid).first()
    if call is not None:
        return call
    forget_old_calls()
    index = caller_index(caller)
    contact = Contact.objects.filter(phone_index=index).first() if index else None
    verified = bool(index) and verified_caller(attestation)
    fields = {"caller_index": index, "contact": contact, "caller_verified": verified}
    previous = dropped_call(index)
    if previous is not None:
        # Her language, the step she was on, the ZIP she typed and the request she made come back.
        fields.update(
            language=previous.language,
            step=previous.step,
            zip_code=previous.zip_code,
            help_request=previous.help_request,
            contact=previous.contact or contact,
            resumed_from=previous,
        )
    elif contact is not None:
        fields.update(language=contact.language, step=Call.Step.MENU)
    try:
        with transaction.atomic():
            return Call.objects.create(call_sid=call_sid, **fields)
    except IntegrityError:  # the same CallSid arrived twice at once
        return Call.objects.select_for_update().get(call_sid=call_sid)


def check_in_call_for(call_sid):
    """The locked Call for a check-in call the outbox placed, started when she answers; None for a CallSid
    the outbox did not place. Call in a transaction.

    The outbox stored Twilio's CallSid on its row when Twilio accepted the call, so the CallSid alone says
    whose call it is: nothing about her is in the URL. Her number's blind index goes on the Call, as for
    a call she makes, so the keypad's check-in step finds her waiting check-in.
    """
    call = Call.objects.select_for_update().filter(call_sid=call_sid).first()
    if call is not None:
        return call
    placed = (
        OutboundMessage.objects.filter(provider_sid=call_sid, channel=Channel.CALL).select_related("contact").first()
    )
    if placed is None or not placed.contact.phone:
        return None
    fields = {
        "caller_index": placed.contact.phone_index,
        "caller_verified": True,  # the portal dialled her number itself
        "contact": placed.contact,
        "language": placed.language,
        "step": Call.Step.CHECKIN,
    }
    try:
        with transaction.atomic():
            return Call.objects.create(call_sid=call_sid, **fields)
    except IntegrityError:  # the same CallSid arrived twice at once
        return Call.objects.select_for_update().get(call_sid=call_sid)
