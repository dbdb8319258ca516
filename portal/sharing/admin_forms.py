"""Forms advocates use in the admin: care team members and legal disclosures, for their own survivors only."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.accounts.categories import Category
from portal.accounts.choosers import CASE_WORK_ORGANIZATIONS
from portal.accounts.models import SurvivorProfile


class OwnSurvivorsFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = SurvivorProfile.objects.for_staff(self.for_user).open()


class CareTeamMemberForm(OwnSurvivorsFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CASE_WORK_ORGANIZATIONS.limit_field(self.fields["organization"], self.for_user)


class LegalDisclosureForm(OwnSurvivorsFormMixin, WagtailAdminModelForm):
    categories = forms.MultipleChoiceField(
        label=_("What was given"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )


class InPersonConsentForm(OwnSurvivorsFormMixin, WagtailAdminModelForm):
    """A consent the survivor gives in person, the advocate signing in as witness.

    The text the survivor is read is rendered from these answers in their language and stored
    with the consent, exactly as on the website."""

    permitted = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Anything not ticked is refused."),
    )
    ends_on = forms.DateField(label=_("Until"), help_text=_("At most one year from today."))

    def __init__(self, *args, **kwargs):
        from datetime import timedelta

        from django.utils import timezone

        from .models import DEFAULT_CONSENT_DAYS

        super().__init__(*args, **kwargs)
        self.fields["recipient"].required = True
        CASE_WORK_ORGANIZATIONS.limit_field(self.fields["recipient"], self.for_user)
        self.fields["purpose"].required = True
        self.initial.setdefault("ends_on", timezone.localdate() + timedelta(days=DEFAULT_CONSENT_DAYS))

    def clean_ends_on(self):
        from datetime import timedelta

        from django.utils import timezone

        from .models import MAX_CONSENT_DAYS

        ends_on = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        if not today <= ends_on <= today + timedelta(days=MAX_CONSENT_DAYS - 1):
            raise forms.ValidationError(_("Choose a day from today to less than one year from today."))
        return ends_on

    def clean(self):
        cleaned = super().clean()
        survivor, recipient = cleaned.get("survivor"), cleaned.get("recipient")
        if survivor and recipient and survivor.organization_id == recipient.pk:
            self.add_error("recipient", _("The survivor's own organization needs no consent."))
        return cleaned
