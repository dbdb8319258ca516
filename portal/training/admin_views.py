from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.spreadsheet_cells import SafeWriter

from .reports import completions_by_audience_and_county

REPORT_PERMISSION = "training.view_training_report"


def may_see_training_report(user):
    return user.is_active and user.has_perm(REPORT_PERMISSION)


class TrainingReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "training/admin/report.html"
    page_title = gettext_lazy("Training completions")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_training_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=completions_by_audience_and_county(), **kwargs)


@never_cache
def training_report_csv(request):
    if not may_see_training_report(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="training-completions.csv"'
    writer = SafeWriter(response)
    writer.writerow([_("Field of work"), _("County"), _("Certificates")])
    for row in completions_by_audience_and_county():
        writer.writerow([row["audience"], row["county"], row["total"]])
    return response
