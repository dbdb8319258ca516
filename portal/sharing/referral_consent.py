"""A referral and the survivor's consent: giving it sends a referral that waited; withdrawing it, or its
running out, closes one.

The receiving side's access ends with the consent itself (policy.can_receive asks on every
request); closing the referral here is for the sender's record, so it reads "closed: consent
withdrawn" rather than waiting for an answer that cannot come.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.accounts.categories import Category
from portal.plans.models import OPEN_STATUSES, PlanEvent, Referral
from portal.plans.referrals import move

from .forms import end_of_day
from .models import DEFAULT_CONSENT_DAYS, CareTeamMember, Consent
from .policy import referral_allowed

S = Referral.Status


def waiting_for_consent(profile):
    return Referral.objects.filter(
        plan__survivor=profile, status=S.AWAITING_CONSENT, plan__status__in=["active", "on_hold"]
    ).select_related("service__organization")


def consent_for(referral, now):
    """The consent a survivor gives on her referral's page (unsaved): referrals only, to the service's organisation."""
    organization = referral.service.organization
    return Consent.build(
        survivor=referral.plan.survivor,
        recipient=organization,
        purpose=_("To receive my referral to %(service)s and help me with it.") % {"service": referral.service.name},
        permitted=[Category.REFERRALS],
        valid_from=now,
        ends_at=end_of_day(timezone.localdate(now) + timedelta(days=DEFAULT_CONSENT_DAYS)),
        language=get_language() or "en",
        given_via=Consent.Given.PORTAL,
    )


def agree_and_send(referral, now=None):
    """She said yes on the website: the consent is saved word for word, the organisation joins her
    care team (so she sees and can stop it on her sharing page), and the referral is sent."""
    now = now or timezone.now()
    with transaction.atomic():
        survivor = referral.plan.survivor
        organization_id = referral.service.organization_id
        if not referral_allowed(survivor, organization_id, now):
            consent_for(referral, now).save()
        if not survivor.care_team.filter(organization_id=organization_id).exists():
            CareTeamMember.objects.create(survivor=survivor, organization_id=organization_id)
        move(referral, S.SENT, actor=PlanEvent.Actor.SURVIVOR, now=now)


def close_unconsented(survivor, organization_id, via):
    """After a consent ends: every referral to that organisation the receiving side was working on,
    and that no other live consent covers, closes as "consent withdrawn"."""
    if organization_id == survivor.organization_id or referral_allowed(survivor, organization_id):
        return 0
    actor = PlanEvent.Actor.SURVIVOR if via == Consent.Given.PORTAL else PlanEvent.Actor.STAFF
    open_ones = Referral.objects.filter(
        plan__survivor=survivor, service__organization_id=organization_id, status__in=OPEN_STATUSES
    ).exclude(status=S.AWAITING_CONSENT)
    closed = 0
    for referral in open_ones.select_related("plan__survivor", "service"):
        move(referral, S.CONSENT_WITHDRAWN, actor=actor)
        closed += 1
    return closed


# What the receiving side works on once it was sent: what a consent running out closes.
WORKED_ON = (S.SENT, S.ACCEPTED, S.STARTED)


def close_where_consent_ran_out(now=None):
    """Every referral the receiving side was working on whose consent ran out by its date (not
    withdrawn), with no other live consent to that organisation, closes as "consent ran out".

    The receiving side's access already ended with the consent; this is for the sender's record and
    the survivor's list, which would otherwise say "sent" for ever. Referrals to her own
    organisation need no consent and stay. Daily (manage.py close_referrals_past_consent); safe to
    run again or at the same time: each referral is moved once, under a row lock."""
    now = now or timezone.now()
    worked_on = (
        Referral.objects.filter(status__in=WORKED_ON)
        .exclude(service__organization_id=F("plan__survivor__organization_id"))
        .select_related("plan__survivor", "service")
    )
    closed = 0
    for referral in worked_on.iterator():
        if referral_allowed(referral.plan.survivor, referral.service.organization_id, now):
            continue
        with transaction.atomic():
            locked = Referral.objects.select_for_update(of=("self",)).select_related("plan__survivor", "service")
            current = locked.filter(pk=referral.pk, status__in=WORKED_ON).first()
            if current is None:  # moved meanwhile
                continue
            move(current, S.CONSENT_ENDED, actor=PlanEvent.Actor.SYSTEM, now=now)
            closed += 1
    return closed
