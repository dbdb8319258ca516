"""Partner agencies in the Wagtail admin, /admin/partners/: who shared with us, and exactly what.

Why the admin: partner users are staff, and everything under /admin/ already demands a password
and a second factor (StaffSecondFactorMiddleware), answers no-store, and keeps its own strict
headers. Their role ("partner") is not a case role, so every other survivor record in the admin
stays closed to them (CaseRecordPermissionPolicy); these three pages are all they can reach.

Each category page is one read: sharing.policy decides and writes exactly one access event,
allowed or refused. A refused read is a 404, the same as a survivor who does not exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.accounts.categories import Category
from portal.accounts.models import SurvivorProfile

from . import policy
from .partner_data import rows_for


class PartnerPageMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def get_breadcrumbs_items(self):
        from django.urls import reverse

        return self.breadcrumbs_items + [{"url": reverse("sharing_partner_list"), "label": _("Shared with us")}]


class SharedWithUsView(PartnerPageMixin, TemplateView):
    template_name = "sharing/admin/partner_list.html"
    page_title = _("Shared with us")

    def get_context_data(self, **kwargs):
        organization_ids = policy.partner_organization_ids(self.request.user)
        shared = policy.survivors_sharing_with(organization_ids)
        rows = [
            {
                "survivor": survivor,
                "categories": [c.label for c in Category if any(consent.covers(c) for consent in consents)],
                "until": max(consent.ends_at for consent in consents),
            }
            for survivor, consents in sorted(shared.items(), key=lambda item: item[0].pk)
        ]
        return super().get_context_data(rows=rows, **kwargs)


def live_consents_or_404(user, pk):
    survivor = get_object_or_404(SurvivorProfile.objects.filter(closed_at__isnull=True), pk=pk)
    consents = policy.live_consents(survivor, policy.partner_organization_ids(user))
    if not consents:
        raise Http404
    return survivor, consents


class SharedSurvivorView(PartnerPageMixin, TemplateView):
    """The categories one survivor shares with us, as links; no survivor data on this page."""

    model = SurvivorProfile
    template_name = "sharing/admin/partner_survivor.html"

    def get_page_title(self):
        return str(self.survivor)

    def dispatch(self, request, pk):
        self.survivor, self.consents = live_consents_or_404(request.user, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        permitted = [c for c in Category if any(consent.covers(c, now) for consent in self.consents)]
        return super().get_context_data(survivor=self.survivor, consents=self.consents, categories=permitted, **kwargs)


class SharedCategoryView(PartnerPageMixin, TemplateView):
    """One category of one survivor: decided and logged on this very request."""

    template_name = "sharing/admin/partner_category.html"

    def get_page_title(self):
        return f"{self.survivor} · {Category(self.category).label}"

    def dispatch(self, request, pk, category):
        if category not in Category.values:
            raise Http404
        self.survivor = get_object_or_404(SurvivorProfile.objects.filter(closed_at__isnull=True), pk=pk)
        self.category = category
        self.decision = policy.read(request.user, self.survivor, category, record=f"survivor {pk}")
        if not self.decision:
            raise Http404
        return super().dispatch(request, pk, category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            survivor=self.survivor,
            category=Category(self.category),
            rows=rows_for(self.survivor, self.category),
            consent=self.decision.consent,
            **kwargs,
        )
