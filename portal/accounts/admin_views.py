"""Admin views for survivors: the scoped listing and editing, and the case actions an advocate
takes for one survivor (reset the PIN after an in-person identity check, unlock, close the case)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import CreateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .case_admin import NotFoundWhenDeniedMixin
from .models import SurvivorProfile
from .signals import case_opened


class SurvivorCreateView(CreateView):
    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            # The survivor's first plan, with the advocate who opened the case (plans.cases).
            case_opened.send(sender=type(instance), survivor=instance, staff=self.request.user)
        return instance


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("I am sure."), required=True)


class ResetPinForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I met this person and checked who they are, in person, today."), required=True
    )


ACTIONS = {
    "reset_pin": (
        gettext_lazy("Reset PIN"),
        gettext_lazy("They will choose a new PIN the next time they sign in. All their sessions end now."),
        ResetPinForm,
    ),
    "unlock": (
        gettext_lazy("Unlock sign-in"),
        gettext_lazy("Sets their count of wrong codes and PINs back to zero, so they can sign in again."),
        ConfirmForm,
    ),
    "close": (
        gettext_lazy("Close case"),
        gettext_lazy(
            "Their plan closes and they can no longer sign in. Their personal data is deleted after the "
            "retention period, or at the next purge if they asked for deletion."
        ),
        ConfirmForm,
    ),
}


class SurvivorActionView(NotFoundWhenDeniedMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One case action on one survivor of the user's own organisations (404 for anyone else's)."""

    model = SurvivorProfile
    permission_required = "change"
    template_name = "accounts/admin/survivor_action.html"
    header_icon = "user"
    action = None
    edit_url_name = None

    def dispatch(self, request, pk):
        allowed = self.permission_policy.instances_user_has_any_permission_for(request.user, ["change"])
        self.object = get_object_or_404(allowed, pk=pk)
        self.title, self.explanation, self.form_class = ACTIONS[self.action]
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            explanation=self.explanation,
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        if self.action == "reset_pin":
            self.object.reset_pin()
            messages.success(self.request, _("PIN reset. They choose a new one at their next sign-in."))
        elif self.action == "unlock":
            self.object.unlock()
            messages.success(self.request, _("Sign-in unlocked."))
        elif self.action == "close":
            self.object.close_case(staff=self.request.user)
            messages.success(self.request, _("Case closed."))
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))
