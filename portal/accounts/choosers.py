"""Organisation choosers for survivor records and partner users (see portal.directory.choosers for
how they work). Each lists only what its form accepts; others get an empty list."""

from portal.directory.choosers import OrganizationChooserViewSet
from portal.directory.models import Organization

from .models import case_organization_ids
from .partner_users import organizations_for


class OwnOrganizationChooserViewSet(OrganizationChooserViewSet):
    """A survivor's own organisation: one the staff member works for as advocate or supervisor."""

    def allowed(self, user):
        return Organization.objects.filter(pk__in=case_organization_ids(user))


class AnyOrganizationChooserViewSet(OrganizationChooserViewSet):
    """Organisations a survivor works with or shares with (care team, consent): any in the directory."""

    def allowed(self, user):
        return Organization.objects.all() if case_organization_ids(user) else Organization.objects.none()


class SupervisedOrganizationChooserViewSet(OrganizationChooserViewSet):
    """Organisations a partner user may be added to (partner_users.organizations_for)."""

    def allowed(self, user):
        return organizations_for(user)


OWN_ORGANIZATIONS = OwnOrganizationChooserViewSet(
    "own_organization_chooser", model=Organization, url_prefix="choosers/own-organizations", register_widget=False
)
CASE_WORK_ORGANIZATIONS = AnyOrganizationChooserViewSet(
    "case_work_organization_chooser",
    model=Organization,
    url_prefix="choosers/case-work-organizations",
    register_widget=False,
)
SUPERVISED_ORGANIZATIONS = SupervisedOrganizationChooserViewSet(
    "supervised_organization_chooser",
    model=Organization,
    url_prefix="choosers/supervised-organizations",
    register_widget=False,
)
