"""Moving a referral through its lifecycle: the allowed moves, who made each, and who is told.

sent -> accepted | declined; accepted -> started | not completed; started -> completed | not
completed. The survivor can close any open referral ("I don't want it anymore"); withdrawing her
consent closes the ones the receiving side was working on, and so does her consent running out
(sharing.referral_consent.close_where_consent_ran_out, daily). Every move writes one plan event
(actor, staff member, time; the detail names the referral and the new status, nothing personal)
and, after commit, the notices: an email to the receiving organisation when one is sent, a
neutral text to the survivor when the receiving side moved it, if she asked for those.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.messaging import send_sms, texts

from .models import OPEN_STATUSES, PlanEvent, Referral, record_event

logger = logging.getLogger(__name__)

S = Referral.Status

# What the receiving organisation may do from each status.
RECEIVER_MOVES = {
    S.SENT: (S.ACCEPTED, S.DECLINED),
    S.ACCEPTED: (S.STARTED, S.NOT_COMPLETED),
    S.STARTED: (S.DONE, S.NOT_COMPLETED),
}
# Moves the survivor hears about by text (if she asked): the receiving side's answers and progress.
NEWS = frozenset({S.ACCEPTED, S.DECLINED, S.STARTED, S.DONE, S.NOT_COMPLETED})


class NotAllowed(ValidationError):
    pass


def receiver_may(referral, status):
    return status in RECEIVER_MOVES.get(referral.status, ())


def move(referral, status, *, actor, staff=None, now=None, **fields):
    """The one way a referral changes status outside the plan form. Saves, records, notifies."""
    allowed = status == S.WITHDRAWN and referral.status in OPEN_STATUSES
    allowed = allowed or (status in (S.CONSENT_WITHDRAWN, S.CONSENT_ENDED) and referral.status in OPEN_STATUSES)
    allowed = allowed or (status == S.SENT and referral.status in (S.PROPOSED, S.AWAITING_CONSENT))
    allowed = allowed or (actor == PlanEvent.Actor.STAFF and receiver_may(referral, status))
    if not allowed:
        raise NotAllowed(f"A referral cannot move from {referral.status} to {status}.")
    before = referral.status
    with transaction.atomic():
        referral.status = status
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.stamp_times(now)
        referral.save()
        moved(referral, before, actor=actor, staff=staff)
    return referral


def moved(referral, before, *, actor, staff=None):
    """Record and announce a status change, however it was made (this module or the plan form)."""
    if before == referral.status:
        return
    record_event(
        referral.plan,
        PlanEvent.Kind.REFERRAL,
        actor=actor,
        staff=staff,
        detail=f"referral {referral.pk}: {before or 'new'} -> {referral.status}",
    )
    if referral.status == S.SENT:
        transaction.on_commit(lambda: tell_receiving_organization(referral.service.organization))
    if referral.status in NEWS:
        tell_survivor(referral.plan.survivor)


def tell_receiving_organization(organization):
    """A neutral email: a referral is waiting. No name, no service, no survivor number."""
    if not organization.email:
        return
    queue = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("referral_queue")
    body = f"A new referral is waiting in the portal.\nSign in to see it: {queue}\n"
    try:
        send_mail("A new referral is waiting", body, None, [organization.email])
    except Exception as error:  # the referral is saved; the admin home panel still shows it
        logger.error("referral email failed: %s", type(error).__name__)


def tell_survivor(survivor):
    """Only if she asked for news texts; the outbox applies opt-out, safe hours and her code word."""
    if survivor.news_texts and survivor.closed_at is None:
        send_sms(survivor.contact, texts.ACCOUNT_NEWS, language=survivor.preferred_language)


class Attention:
    """Why a referral needs someone's attention (shown on the team page; plain labels, no personal data)."""

    WAITING = "waiting"
    DECLINED = "declined"
    MISSED = "missed"


def needs_attention(referral, later_referrals, now=None):
    """The reason `referral` needs attention, or None.

    Waiting: sent and not answered for more than REFERRAL_WAIT_DAYS. Declined: declined and no
    referral made in the same plan since. Missed: the receiving side recorded a missed appointment
    and no new one after it. `later_referrals`: the plan's referrals, to see what came after.
    """
    now = now or timezone.now()
    if referral.status == S.SENT and referral.sent_at and referral.sent_at < now - wait_limit():
        return Attention.WAITING
    if referral.status == S.DECLINED and referral.declined_at:
        newer = [r for r in later_referrals if r.pk != referral.pk and r.created_at > referral.declined_at]
        if not newer:
            return Attention.DECLINED
    missed = referral.appointment_missed_at
    if referral.is_open and missed and (referral.next_appointment_at is None or referral.next_appointment_at <= missed):
        return Attention.MISSED
    return None


def wait_limit():
    return timedelta(days=settings.REFERRAL_WAIT_DAYS)
