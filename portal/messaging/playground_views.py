"""The SMS playground in the admin (development only): text the portal as a number, see its answers."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.core.forms import PhoneNumberField

from .playground import text_the_portal


class PlaygroundForm(forms.Form):
    phone = PhoneNumberField(label=_("Text from this number"))
    body = forms.CharField(label=_("Message"), max_length=1600, widget=forms.Textarea(attrs={"rows": 3}))


class SmsPlaygroundView(WagtailAdminTemplateMixin, FormView):
    template_name = "messaging/admin/playground.html"
    form_class = PlaygroundForm
    page_title = _("SMS playground")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        # Development only, and only for people who may read texts anyway.
        if not settings.SMS_PLAYGROUND_ENABLED or not request.user.has_perm("messaging.view_helprequest"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        phone, body = form.cleaned_data["phone"], form.cleaned_data["body"]
        replies = text_the_portal(phone, body)
        # The same page again, the number kept and the message box empty for the next text.
        fresh = self.form_class(initial={"phone": phone})
        return self.render_to_response(self.get_context_data(form=fresh, sent=body, replies=replies))
