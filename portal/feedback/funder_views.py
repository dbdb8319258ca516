"""The funder's quarterly report in the admin: the page, a printable page (no admin chrome and no
script, with its own print stylesheet) and the same tables as CSV.

Supervisors only (scope.FUNDER_REPORT_ROLES). Only aggregates leave this module; in the "all
organizations" view every count went through suppression.protect before it reaches a template or
a CSV row (quarterly.hide).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.spreadsheet_cells import SafeWriter

from .forms import FunderReportForm
from .period import ended_quarters, period_for, quarter_key
from .quarterly import OWN, SCOPES, quarterly_report
from .scope import funder_report_organization_ids
from .suppression import MIN_COUNT, SUPPRESSED

PAGE_TITLE = _("Funder report")


def funder_report_context(request):
    """The question asked and, when it is a valid one, the report's sections; PermissionDenied for
    anyone who is not a supervisor."""
    organization_ids = funder_report_organization_ids(request.user)
    if not organization_ids:
        raise PermissionDenied
    latest = quarter_key(*ended_quarters()[0])
    form = FunderReportForm(request.GET if "quarter" in request.GET else {"quarter": latest, "scope": OWN})
    context = {"form": form, "min_count": MIN_COUNT, "hidden_marker": SUPPRESSED}
    if form.is_valid():
        data = form.cleaned_data
        query = "?" + urlencode({"quarter": data["quarter"], "scope": data["scope"]})
        context.update(
            sections=quarterly_report(data["scope"], organization_ids, period_for(data["quarter"])),
            scope=data["scope"],
            scope_label=SCOPES[data["scope"]],
            quarter_label=dict(form.fields["quarter"].choices)[data["quarter"]],
            csv_url=reverse("funder_report_csv") + query,
            print_url=reverse("funder_report_print") + query,
        )
    return context


class FunderReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "feedback/admin/funder_report.html"
    page_title = PAGE_TITLE
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        self.report = funder_report_context(request)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.report}


@never_cache
def funder_report_print(request):
    context = funder_report_context(request)
    status = 200 if "sections" in context else 400
    return render(request, "feedback/funder_print.html", {**context, "page_title": PAGE_TITLE}, status=status)


@never_cache
def funder_report_csv(request):
    context = funder_report_context(request)
    if "sections" not in context:
        return HttpResponse(status=400)
    data = context["form"].cleaned_data
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funder-report-{data["quarter"]}-{data["scope"]}.csv"'
    writer = SafeWriter(response)
    writer.writerow([str(PAGE_TITLE), str(context["quarter_label"]), str(context["scope_label"])])
    for title, table in context["sections"]:
        writer.writerow([])
        writer.writerow([str(title)])
        writer.writerow([str(column.label) for column in table.columns])
        writer.writerows(table.display_rows())
    return response
