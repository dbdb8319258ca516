"""The one decision on who may read which survivor data: `can_view`, and the log every read writes.

Default deny. Staff of the survivor's own organisation, as advocate or supervisor
(accounts.models.case_organization_ids, the rule permissions.py applies), keep their access.
Anyone else (partner agencies) sees a category only through a live consent to their
organisation that permits it. Nothing is cached between requests: a consent that expired a
second ago or was just revoked is seen as such by the very next request.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.categories import Category
from portal.accounts.models import Membership, SurvivorProfile, case_organization_ids, organization_ids

from .models import AccessEvent, Basis, Consent, LegalDisclosure

if TYPE_CHECKING:
    from portal.plans.models import Referral

# Anyone a view may be asked for: a signed-in staff member or nobody at all.
Viewer: TypeAlias = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Decision:
    permitted: bool
    basis: str
    organization_id: int | None = None
    consent: Consent | None = None
    disclosure: LegalDisclosure | None = None  # a disclosure made under a legal basis, not a read

    def __bool__(self):
        return self.permitted


def partner_organization_ids(user: Viewer) -> list[int]:
    """The organisations a user reads for as a partner agency user."""
    return organization_ids(user, (Membership.Role.PARTNER,))


def possibly_live(now: datetime) -> Q:
    """A database pre-filter; Consent.is_live has the last word."""
    return Q(valid_from__lte=now, ends_at__gte=now) & (Q(revoked_at__isnull=True) | Q(revoked_at__gt=now))


def live_consents(
    survivor: SurvivorProfile, organization_ids: Iterable[int], now: datetime | None = None
) -> list[Consent]:
    now = now or timezone.now()
    candidates = Consent.objects.filter(possibly_live(now), survivor=survivor, recipient_id__in=organization_ids)
    return [consent for consent in candidates.order_by("pk") if consent.is_live(now)]


def can_view(viewer: Viewer, survivor: SurvivorProfile | None, category: str, now: datetime | None = None) -> Decision:
    """May `viewer` (a staff User) read `category` of `survivor`'s data right now?"""
    now = now or timezone.now()
    if category not in Category.values or survivor is None:
        return Decision(False, Basis.NONE)
    if survivor.organization_id in case_organization_ids(viewer):
        return Decision(True, Basis.OWN_ORGANIZATION, survivor.organization_id)
    organization_ids = partner_organization_ids(viewer)
    for consent in live_consents(survivor, organization_ids, now):
        if consent.covers(category, now):
            return Decision(True, Basis.CONSENT, consent.recipient_id, consent)
    return Decision(False, Basis.NONE, organization_ids[0] if organization_ids else None)


def record_access(
    viewer: Viewer, survivor: SurvivorProfile, category: str, decision: Decision, record: str = ""
) -> AccessEvent:
    """Write the one access event of a read (allowed or refused)."""
    return AccessEvent.objects.create(
        survivor=survivor,
        viewer=viewer if getattr(viewer, "pk", None) else None,
        viewer_name=(viewer.get_full_name() or viewer.get_username()) if getattr(viewer, "pk", None) else "",
        organization_id=decision.organization_id,
        category=category,
        record=record[:60],
        basis=decision.basis,
        consent=decision.consent,
        disclosure=decision.disclosure,
        permitted=decision.permitted,
    )


def record_disclosure(disclosure: LegalDisclosure, staff: AbstractBaseUser) -> None:
    """Log a disclosure where the survivor sees it: one access event per category it covered."""
    decision = Decision(True, Basis(disclosure.basis), disclosure.survivor.organization_id, disclosure=disclosure)
    for category in disclosure.categories:
        record_access(staff, disclosure.survivor, category, decision, record=f"disclosure {disclosure.pk}")


def read(
    viewer: Viewer, survivor: SurvivorProfile, category: str, record: str = "", now: datetime | None = None
) -> Decision:
    """Decide and log in one call: what every view that shows survivor data to staff uses."""
    decision = can_view(viewer, survivor, category, now)
    record_access(viewer, survivor, category, decision, record)
    return decision


def survivors_sharing_with(
    organization_ids: Iterable[int], now: datetime | None = None
) -> dict[SurvivorProfile, list[Consent]]:
    """{survivor: [live consents]} for the partner list, newest consent first."""
    now = now or timezone.now()
    consents = Consent.objects.filter(possibly_live(now), recipient_id__in=organization_ids).select_related(
        "survivor", "recipient"
    )
    shared: dict[SurvivorProfile, list[Consent]] = {}
    for consent in consents:
        if consent.is_live(now) and consent.survivor.closed_at is None:
            shared.setdefault(consent.survivor, []).append(consent)
    return shared


def referral_allowed(survivor: SurvivorProfile, organization_id: int, now: datetime | None = None) -> bool:
    """A referral shares the survivor with the receiving organisation: their own needs nothing more,
    any other needs a live consent to that organisation that permits referrals."""
    if organization_id == survivor.organization_id:
        return True
    return any(consent.covers(Category.REFERRALS, now) for consent in live_consents(survivor, [organization_id], now))


def check_referral(referral: "Referral") -> None:
    """Refuse a new referral to an organisation the survivor has not agreed to share with."""
    survivor = referral.plan.survivor
    if not referral_allowed(survivor, referral.service.organization_id):
        raise ValidationError(
            {"service": _("The survivor has not agreed to share referrals with this organization. Ask them first.")}
        )


# What the receiving organisation may see of a referral it was sent: never one that waits for
# her OK, was only suggested, or closed because she withdrew her consent.
RECEIVER_VISIBLE = frozenset({"sent", "accepted", "declined", "started", "done", "not_completed", "withdrawn"})


def receiving_organization_ids(user: Viewer) -> list[int]:
    """The organisations whose incoming referrals a user works on: any membership, partner or case role."""
    return organization_ids(user)


def can_receive(viewer: Viewer, referral: "Referral", now: datetime | None = None) -> Decision:
    """May `viewer` see `referral` as its receiving organisation right now?

    Only staff of the service's organisation; only while the survivor's case is open; only a
    referral the receiving side was meant to get; and, unless it is her own organisation, only
    under her live consent to that organisation covering referrals. Nothing else of hers follows.
    """
    now = now or timezone.now()
    organization_id = referral.service.organization_id
    survivor = referral.plan.survivor
    if organization_id not in receiving_organization_ids(viewer):
        return Decision(False, Basis.NONE)
    if referral.status not in RECEIVER_VISIBLE or survivor.closed_at is not None:
        return Decision(False, Basis.NONE, organization_id)
    if organization_id == survivor.organization_id:
        return Decision(True, Basis.OWN_ORGANIZATION, organization_id)
    for consent in live_consents(survivor, [organization_id], now):
        if consent.covers(Category.REFERRALS, now):
            return Decision(True, Basis.CONSENT, organization_id, consent)
    return Decision(False, Basis.NONE, organization_id)


def read_referral(viewer: Viewer, referral: "Referral", now: datetime | None = None) -> Decision:
    """Decide and log one read of a referral by its receiving side; the survivor sees it on her activity page."""
    decision = can_receive(viewer, referral, now)
    record_access(viewer, referral.plan.survivor, str(Category.REFERRALS), decision, f"referral {referral.pk}")
    return decision


def incoming_referrals(viewer: Viewer, now: datetime | None = None) -> list["Referral"]:
    """The referrals a user's organisations received and may see now (not yet logged: the caller reads them)."""
    from portal.plans.models import Referral

    now = now or timezone.now()
    candidates = (
        Referral.objects.filter(
            service__organization_id__in=receiving_organization_ids(viewer),
            status__in=RECEIVER_VISIBLE,
            plan__survivor__closed_at__isnull=True,
        )
        .select_related("service__organization", "plan__survivor")
        .order_by("-sent_at", "-pk")
    )
    return [referral for referral in candidates if can_receive(viewer, referral, now)]
