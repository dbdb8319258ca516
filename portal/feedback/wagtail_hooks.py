"""The reports in the Wagtail admin menu. Only staff with a reporting role see a report's menu item:
service reports for advocates, supervisors and editors, the funder report for supervisors."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import FeedbackReportView, feedback_report_csv
from .funder_views import FunderReportView, funder_report_csv, funder_report_print
from .scope import may_see_funder_reports, may_see_reports


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


class FunderReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_funder_reports(request.user)


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [
        path("reports/services/", FeedbackReportView.as_view(), name="feedback_report"),
        path("reports/services/csv/", feedback_report_csv, name="feedback_report_csv"),
        path("reports/funder/", FunderReportView.as_view(), name="funder_report"),
        path("reports/funder/print/", funder_report_print, name="funder_report_print"),
        path("reports/funder/csv/", funder_report_csv, name="funder_report_csv"),
    ]


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return ReportsMenuItem(_("Service reports"), reverse("feedback_report"), icon_name="table", order=900)


@hooks.register("register_admin_menu_item")
def funder_report_menu_item():
    return FunderReportMenuItem(_("Funder report"), reverse("funder_report"), icon_name="table", order=910)
