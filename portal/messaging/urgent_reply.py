"""One advocate reply outside the survivor's safe hours, to answer a text that asked for urgent help.

Safe hours protect her from a text arriving when someone else may see her phone; when she has just
written that she is in danger, an answer that waits until morning protects no one. So an advocate may
send exactly one reply at once for each urgent text. It still goes through the outbox: opt-out, "wrong
number" and the region allow-list are checked as for every text, and it expires within minutes rather
than arriving late. The reply records which urgent text it answered (one reply per text, enforced by the
database), so the choice is spent after one use and comes back only with a new urgent text.
"""

import logging

from django.db import IntegrityError, transaction

from . import keywords
from .api import send_sms
from .models import InboundMessage, OutboundMessage

logger = logging.getLogger(__name__)


class AlreadyAnswered(Exception):
    """The urgent text was answered outside safe hours already (perhaps a moment ago, in another tab)."""


def urgent_text_to_answer(conversation):
    """Her latest text in this conversation, if it asked for urgent help and has no reply outside safe
    hours yet; otherwise None."""
    latest = (
        InboundMessage.objects.filter(conversation=conversation)
        .select_related("urgent_reply")
        .order_by("-received_at", "-pk")
        .first()
    )
    if latest is None or latest.keyword != keywords.URGENT_HELP:
        return None
    if getattr(latest, "urgent_reply", None) is not None:
        return None
    return latest


def send_urgent_reply(conversation, urgent_text, template, context, *, sent_by):
    """Queue the one reply to `urgent_text` that may go out now, outside safe hours; returns it.

    Raises AlreadyAnswered if another reply took the urgent text first."""
    try:
        with transaction.atomic():
            message = send_sms(
                conversation.contact,
                template,
                context,
                purpose=OutboundMessage.Purpose.ADVOCATE,
                conversation=conversation,
                sent_by=sent_by,
                prompt_reply=True,
            )
            OutboundMessage.objects.filter(pk=message.pk).update(answers_urgent=urgent_text)
    except IntegrityError:
        raise AlreadyAnswered from None
    message.answers_urgent = urgent_text
    # Ids only: who sent it and where, never a number or words.
    logger.info(
        "user %s sent outbound message %s outside safe hours in conversation %s",
        sent_by.pk,
        message.pk,
        conversation.pk,
    )
    return message
