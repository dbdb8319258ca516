from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.directory.choosers import PUBLISHED_SERVICES
from portal.directory.models import Service

from .models import Goal, Referral

# What the sending advocate sets; the receiving organisation moves a referral on from "sent".
SENDER_STATUSES = (Referral.Status.PROPOSED, Referral.Status.AWAITING_CONSENT, Referral.Status.SENT)


def narrow_referral_row(form, user):
    """A referral row offers published services (or the one it has) and the statuses its sender may
    set: the next steps are the receiving organisation's."""
    published = PUBLISHED_SERVICES.allowed(user).values("pk")
    kept = Q(pk=form.instance.service_id) if form.instance.service_id else Q(pk__in=[])
    form.fields["service"].queryset = Service.objects.filter(Q(pk__in=published) | kept)
    current = form.instance.status if form.instance.pk else None
    allowed = [value for value in SENDER_STATUSES if value != current] + ([current] if current else [])
    form.fields["status"].choices = [(value, label) for value, label in Referral.Status.choices if value in allowed]


class PlanForm(WagtailAdminModelForm):
    """The advocate's plan form. A referral to another organisation without the survivor's consent
    is an error on that referral's service field, whether it is new or edited, never a failed save.
    A referral names a published service (the chooser offers only those), or keeps the one it has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("referrals")
        if formset is None:
            return
        user = self.for_user

        class ReferralRowForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                narrow_referral_row(self, user)

        # Every row, the blank one "Add referral" copies included, is built from the formset's form.
        formset.form = ReferralRowForm
        vars(formset).pop("forms", None)  # rows built before this line are built again, narrowed

    def is_valid(self):
        valid = super().is_valid()
        return self.referrals_have_consent() and valid

    def referrals_have_consent(self):
        formset = self.formsets.get("referrals")
        ok = True
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("service") or data.get("DELETE"):
                continue
            referral = form.instance
            referral.plan, referral.service = self.instance, data["service"]
            try:
                referral.check_consent()
            except ValidationError as error:
                form.add_error(None, error)
                ok = False
        return ok


class GoalProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your goal, in your own words"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your advocate will see it and talk with you about it."),
    )
    domain = forms.ChoiceField(
        label=_("What is it about? (optional)"),
        required=False,
        choices=[("", _("Choose if you want"))] + Goal.Domain.choices,
    )


class QuestionForm(forms.Form):
    message = forms.CharField(
        label=_("Your question or message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your advocate will answer by text, at the times you chose."),
    )


class DeletionRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I want you to delete my information."),
        required=True,
    )
