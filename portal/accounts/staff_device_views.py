"""Admin pages for the second factor over time (staff_devices.py): a staff member's own new phone and
new backup codes, reached from their account page, and a supervisor's reset of a colleague's devices.

A colleague the user may not reset is not found (404), the same as a user who does not exist.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_views import ConfirmForm
from .forms import OneTimeCodeForm
from .second_factor import authenticator_secret, has_authenticator, pending_authenticator, qr_code_svg
from .staff_devices import colleagues, confirm_new_authenticator, may_reset_anyone, replace_backup_codes, reset_devices


class NewAuthenticatorCodeForm(OneTimeCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = gettext_lazy("The 6-digit code the app on your new phone shows.")


class NewPhoneView(WagtailAdminTemplateMixin, FormView):
    """The old authenticator keeps working until a code from the new one is confirmed."""

    template_name = "accounts/admin/new_phone.html"
    page_title = gettext_lazy("Move sign-in to a new phone")
    header_icon = "mobile-alt"
    form_class = NewAuthenticatorCodeForm

    def dispatch(self, request, *args, **kwargs):
        self.device = pending_authenticator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_svg=qr_code_svg(self.device), secret=authenticator_secret(self.device), **kwargs
        )

    def form_valid(self, form):
        if not self.device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", _("That code did not work. Check the time on your phone and try again."))
            return self.form_invalid(form)
        confirm_new_authenticator(self.request.user, self.device)
        # The session was verified with a device that may now be gone: keep it verified with the new one.
        otp_login(self.request, self.device)
        messages.success(self.request, _("Your new phone is set up. The old one no longer works for signing in."))
        return redirect("wagtailadmin_account")


class NewBackupCodesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/new_backup_codes.html"
    page_title = gettext_lazy("New backup codes")
    header_icon = "key"

    def post(self, request):
        codes = replace_backup_codes(request.user)
        return render(request, "accounts/admin/backup_codes_shown.html", self.get_context_data(codes=codes))


class SupervisorOrSuperuserMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_reset_anyone(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ColleaguesView(SupervisorOrSuperuserMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/colleagues.html"
    page_title = gettext_lazy("Colleagues' sign-in")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        rows = [
            {"user": user, "has_authenticator": has_authenticator(user)}
            for user in colleagues(self.request.user).order_by("username")
        ]
        return super().get_context_data(rows=rows, **kwargs)


class ResetDevicesView(SupervisorOrSuperuserMixin, WagtailAdminTemplateMixin, FormView):
    model = get_user_model()  # what the id in the URL names: a staff user, never a case record
    template_name = "accounts/admin/reset_devices.html"
    page_title = gettext_lazy("Reset sign-in devices")
    header_icon = "lock"
    form_class = ConfirmForm

    def dispatch(self, request, pk):
        self.colleague = get_object_or_404(colleagues(request.user), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.colleague.get_username()

    def get_context_data(self, **kwargs):
        return super().get_context_data(colleague=self.colleague, cancel_url=reverse("staff_colleagues"), **kwargs)

    def form_valid(self, form):
        reset_devices(self.request.user, self.colleague)
        messages.success(
            self.request,
            _("Sign-in devices reset for %(username)s. They set up an authenticator at their next sign-in.")
            % {"username": self.colleague.get_username()},
        )
        return redirect("staff_colleagues")
