"""Reports in the Wagtail admin: one table per page, its chart, and the same table as CSV.

Only aggregates leave this module: never a survivor, a rating on its own or a comment. Every
number went through `suppress` before it reaches a template or a CSV row.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.spreadsheet_cells import SafeWriter

from .charts import bar_chart
from .forms import ReportForm
from .funding import funding_summary
from .period import ended_quarters, period_for, quarter_key
from .reports import GROUPINGS, build_table
from .scope import report_organization_ids
from .suppression import MIN_COUNT, SUPPRESSED

CHART = {"key": "met_need", "maximum": 5}


def report_request(request):
    """The organisations and the question asked, or PermissionDenied for anyone without a role."""
    organization_ids = report_organization_ids(request.user)
    if not organization_ids:
        raise PermissionDenied
    latest = quarter_key(*ended_quarters()[0])
    data = request.GET if "quarter" in request.GET else {"grouping": "service", "quarter": latest}
    form = ReportForm(data)
    return organization_ids, form


class FeedbackReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "feedback/admin/report.html"
    page_title = _("Service reports")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        self.organization_ids, self.form = report_request(request)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, min_count=MIN_COUNT, hidden_marker=SUPPRESSED, funding=funding_summary())
        if self.form.is_valid():
            data = self.form.cleaned_data
            table = build_table(data["grouping"], self.organization_ids, period_for(data["quarter"]))
            context.update(
                table=table,
                grouping_label=GROUPINGS[data["grouping"]],
                chart=bar_chart(table, CHART["key"], CHART["maximum"]),
                csv_url=reverse("feedback_report_csv")
                + "?"
                + urlencode({"grouping": data["grouping"], "quarter": data["quarter"]}),
            )
        return context


@never_cache
def feedback_report_csv(request):
    organization_ids, form = report_request(request)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = form.cleaned_data
    table = build_table(data["grouping"], organization_ids, period_for(data["quarter"]))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"report-{data['grouping']}-{data['quarter']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = SafeWriter(response)
    writer.writerow([str(column.label) for column in table.columns])
    writer.writerows(table.display_rows())
    return response
