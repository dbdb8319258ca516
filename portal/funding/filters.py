"""The staff list's filters: what the money pays for, and by when one must apply."""

from datetime import datetime, time, timedelta

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .models import CLOSING_SOON, FundingOpportunity, ServiceType, Status


class FundingOpportunityFilterSet(WagtailFilterSet):
    service_types = django_filters.ModelMultipleChoiceFilter(
        label=_("Services it pays for"), queryset=ServiceType.objects.all()
    )
    closes_by = django_filters.DateFilter(label=_("Deadline on or before"), method="filter_closes_by")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, method="filter_status")

    class Meta:
        model = FundingOpportunity
        fields = ["service_types"]

    def filter_closes_by(self, queryset, name, value):
        # The end of that day here: a deadline at 23:59 Pacific on the day is after midnight Central.
        end_of_day = datetime.combine(value + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
        return queryset.filter(closes_at__lt=end_of_day)

    def filter_status(self, queryset, name, value):
        now = timezone.now()
        if value == Status.CLOSED:
            return queryset.filter(closes_at__lte=now)
        if value == Status.CLOSING_SOON:
            return queryset.filter(closes_at__gt=now, closes_at__lte=now + CLOSING_SOON)
        return queryset.filter(closes_at__gt=now + CLOSING_SOON)
