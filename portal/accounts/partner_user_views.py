"""The admin page that adds a partner user (partner_users.py); 404 for anyone who may not."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .choosers import SUPERVISED_ORGANIZATIONS
from .partner_users import PartnerUserForm, add_partner_user, may_add_partner_users


class AddPartnerUserView(WagtailAdminTemplateMixin, FormView):
    template_name = "accounts/admin/add_partner_user.html"
    page_title = _("Add a partner user")
    header_icon = "user"
    form_class = PartnerUserForm

    def dispatch(self, request, *args, **kwargs):
        if not may_add_partner_users(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        SUPERVISED_ORGANIZATIONS.limit_field(form.fields["organization"], self.request.user)
        return form

    def form_valid(self, form):
        user, password, code = add_partner_user(self.request.user, form.cleaned_data)
        context = self.get_context_data(new_user=user, password=password, code=code)
        # Shown in this response only: the password and code are stored as hashes / one-time tokens.
        return render(self.request, "accounts/admin/partner_user_added.html", context)
