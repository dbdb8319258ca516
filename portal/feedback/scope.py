"""Who may look at reports, and whose data their reports are made of.

Staff see reports through a Membership as advocate, supervisor or editor (partner agency users do
not). A report is made of the records that touch one of their organisations: ratings and
referrals of their organisations' services (as the provider, in aggregate only) and of their
organisations' survivors. Superusers get no exception, as elsewhere. Only survivors who said yes
to being counted are ever included.
"""

from django.db.models import Q

from portal.accounts.models import Membership, organization_ids

REPORT_ROLES = (Membership.Role.ADVOCATE, Membership.Role.SUPERVISOR, Membership.Role.EDITOR)
# The funder's quarterly report shows the organisation's own counts in full: supervisors only, who
# answer for the programme (docs/funder-reports.md).
FUNDER_REPORT_ROLES = (Membership.Role.SUPERVISOR,)


def report_organization_ids(user, roles=REPORT_ROLES):
    return organization_ids(user, roles)


def may_see_reports(user):
    return bool(report_organization_ids(user))


def funder_report_organization_ids(user):
    return report_organization_ids(user, FUNDER_REPORT_ROLES)


def may_see_funder_reports(user):
    return bool(funder_report_organization_ids(user))


def touching(organization_ids, *, service="service", survivor="survivor"):
    """Records about a service of these organisations, or about one of their survivors."""
    return Q(**{f"{service}__organization_id__in": organization_ids}) | Q(
        **{f"{survivor}__organization_id__in": organization_ids}
    )


def counted(survivor="survivor"):
    """Only survivors who agreed to be counted."""
    return Q(**{f"{survivor}__reporting_consent__agreed": True})
