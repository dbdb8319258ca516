"""What a survivor's text does to their check-ins. Called through checkins.text_handlers, once,
after STOP, START and "wrong number" have had their say (so STOP still opts out everywhere).

OK records the answer. "Call me" and "help now" open a help request in the advocate's queue,
assign the conversation to the survivor's advocate and raise an alert; "help now" makes it
urgent, which also emails the on-call address (messaging's help_requests). Anything else
joins the survivor's conversation for a person to read. A pause word pauses every active plan.
A reply after the grace period still counts and resolves the "no reply" alert. Her not-safe word
(checkins/duress_word.py), as the whole answer, is answered as OK is and raises the silent alert.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from portal.accounts import duress
from portal.accounts.models import DuressSignal, SurvivorProfile
from portal.messaging import keywords, send_sms, texts
from portal.messaging.help_requests import open_conversation, open_help_request
from portal.messaging.models import Conversation, HelpRequest, OutboundMessage

from . import words
from .alerts import raise_alert, resolve_silence_alerts
from .models import CheckIn, CheckInAlert, CheckInPlan
from .pausing import active_plans, pause

# A reply this long after the check-in was sent is ordinary text, not an answer to it.
ANSWER_WINDOW = timedelta(days=3)

OUTCOMES = {
    words.OK: (CheckIn.Status.OK, None),
    words.CALL_ME: (CheckIn.Status.CALL_ME, CheckInAlert.Kind.CALL_ME),
    words.HELP_NOW: (CheckIn.Status.HELP_NOW, CheckInAlert.Kind.HELP_NOW),
}


@dataclass(frozen=True)
class Answer:
    keyword: str  # stored on the InboundMessage (max 20 characters)
    conversation: Conversation | None


def answer_check_in(contact, body, action, language, channel=None):
    """Act on a survivor's reply to a check-in and return an Answer, or None if it is not one.

    `channel` is the way her text came (SMS or WhatsApp): any answer goes back the same way.
    """
    profile = SurvivorProfile.objects.filter(contact=contact).first()
    if profile is None:
        return None
    meaning = words.parse(body)
    if meaning is None and action == keywords.URGENT_HELP:
        meaning = words.HELP_NOW
    if meaning == words.PAUSE:
        if not pause(active_plans(profile), CheckInPlan.PausedBy.SURVIVOR):
            return None
        _reply(contact, texts.CHECK_INS_PAUSED, None, language, channel)
        return Answer("checkin_pause", None)

    now = timezone.now()
    check_in = waiting_check_in(profile, now)
    if check_in is None:
        return None
    if duress.is_duress_word(profile, body):
        return _duress_answer(profile, check_in, now)
    conversation = record_answer(contact, check_in, meaning, source=HelpRequest.Source.SMS, message=body, now=now)
    status = OUTCOMES.get(meaning, (CheckIn.Status.REPLIED, None))[0]
    if meaning in (words.CALL_ME, words.HELP_NOW):
        _reply(contact, texts.TEXT_RECEIVED, conversation, language, channel)
    elif status == CheckIn.Status.REPLIED:
        conversation = open_conversation(contact)[0]
    return Answer(f"checkin_{status}", conversation)


def waiting_check_in(profile, now=None):
    """Her newest check-in still waiting for an answer (sent, or missed but not long ago), else None."""
    now = now or timezone.now()
    return (
        CheckIn.objects.filter(
            plan__survivor=profile,
            status__in=(CheckIn.Status.SENT, CheckIn.Status.MISSED),
            sent_at__gte=now - ANSWER_WINDOW,
        )
        .select_related("plan")
        .order_by("-sent_at")
        .first()
    )


def record_answer(contact, check_in, meaning, *, source, message="", now=None):
    """The one way an answer is recorded, by text or by keypad: OK, CALL_ME, HELP_NOW (words.*), or None
    for an ordinary reply. "Call me" and "help now" open a help request (urgent for help now, which tells
    on call), assign her conversation to her advocate and raise the alert. Returns the help request's
    conversation, or None."""
    now = now or timezone.now()
    status, alert_kind = OUTCOMES.get(meaning, (CheckIn.Status.REPLIED, None))
    CheckIn.objects.filter(pk=check_in.pk).update(status=status, answered_at=now)
    resolve_silence_alerts(check_in, now)
    if alert_kind is None:
        return None
    urgent = alert_kind == CheckInAlert.Kind.HELP_NOW
    help_request, _created = open_help_request(contact, source=source, message=message, urgent=urgent)
    conversation = help_request.conversation
    advocate = check_in.plan.advocate
    if advocate is not None:
        Conversation.objects.filter(pk=conversation.pk, assigned_to__isnull=True).update(assigned_to=advocate)
    raise_alert(check_in, alert_kind, advocate)
    return conversation


def _duress_answer(profile, check_in, now):
    """Her not-safe word: answered exactly as an OK is (nothing goes back), and the silent alert."""
    CheckIn.objects.filter(pk=check_in.pk).update(status=CheckIn.Status.DURESS, answered_at=now)
    resolve_silence_alerts(check_in, now)
    raise_alert(check_in, CheckInAlert.Kind.DURESS, check_in.plan.advocate)
    signal = duress.raise_duress_alert(profile, DuressSignal.Source.CHECK_IN_WORD)
    return Answer(f"checkin_{CheckIn.Status.DURESS}", signal.help_request.conversation)


def _reply(contact, template, conversation, language, channel):
    return send_sms(
        contact,
        template,
        language=language or contact.language,
        purpose=OutboundMessage.Purpose.REPLY,
        conversation=conversation,
        prompt_reply=True,
        channel=channel,
    )
