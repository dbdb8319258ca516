"""Who reads which case notes: her organisation's staff read them all; a partner agency reads the
care-team notes only while it is on her care team and a live consent to it covers notes. The partner's
decision comes from sharing.policy, which logs the read where she sees it (/my/activity/)."""

from portal.accounts.categories import Category
from portal.accounts.models import case_organization_ids
from portal.sharing.models import Basis, CareTeamMember
from portal.sharing.policy import partner_organization_ids, read

from .models import CaseNote


def notes_for_own_staff(user, survivor):
    """Every note her organisation wrote, for its own advocates and supervisors (nothing for anyone else)."""
    if survivor.organization_id not in case_organization_ids(user):
        return CaseNote.objects.none()
    return CaseNote.objects.filter(survivor=survivor, organization_id=survivor.organization_id)


def on_care_team(user, survivor):
    organizations = partner_organization_ids(user)
    return CareTeamMember.objects.filter(survivor=survivor, organization_id__in=organizations).exists()


def notes_shared_with_partner(user, survivor):
    """Care-team notes for a partner user, or None when no live consent lets them read notes at all.

    The consent decides whether they may look (and the look is logged for her); only an organisation on
    her care team is shown any case note: another partner with the same consent sees an empty list.
    """
    decision = read(user, survivor, Category.NOTES, record="case notes")
    if not decision or decision.basis != Basis.CONSENT:
        return None
    if not on_care_team(user, survivor):
        return CaseNote.objects.none()
    return CaseNote.objects.filter(
        survivor=survivor, organization_id=survivor.organization_id, visibility=CaseNote.Visibility.CARE_TEAM
    )
