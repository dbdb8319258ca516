from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.categories import Category

from .categories import PLAIN_WORDS
from .models import DEFAULT_CONSENT_DAYS, MAX_CONSENT_DAYS


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class ConsentForm(forms.Form):
    """Grant or renew: who, what, why and until when. Nothing is saved until the survivor confirms."""

    recipient = forms.ModelChoiceField(
        label=_("Who may see it"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    categories = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=[(value, PLAIN_WORDS[value]) for value in Category],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Anything you do not tick stays private."),
    )
    purpose = forms.CharField(
        label=_("Why they need it"),
        max_length=300,
        help_text=_("For example: to help me find housing."),
    )
    ends_on = forms.DateField(
        label=_("Until when"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most one year from today."),
    )
    remind = forms.BooleanField(
        label=_("Send me a text a week before it ends"),
        required=False,
        help_text=_("The text will not say what it is about."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = organizations
        if not self.is_bound:
            self.initial.setdefault("ends_on", timezone.localdate() + timedelta(days=DEFAULT_CONSENT_DAYS))

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 5:
            raise forms.ValidationError(_("Please say a little more about why."))
        return purpose

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        today = timezone.localdate()
        if ends_on < today:
            raise forms.ValidationError(_("Choose a day from today on."))
        if ends_on > today + timedelta(days=MAX_CONSENT_DAYS - 1):
            raise forms.ValidationError(_("Choose a day less than one year from today."))
        return ends_on
