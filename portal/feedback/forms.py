from django import forms
from django.utils.translation import gettext_lazy as _

SCALE = [
    ("1", _("1 - Not at all")),
    ("2", _("2")),
    ("3", _("3")),
    ("4", _("4")),
    ("5", _("5 - Very much")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]

COUNT_ME_LABEL = _("You may count my answers in reports. My name is never shown.")


class FeedbackForm(forms.Form):
    met_need = forms.TypedChoiceField(
        label=_("Did it help with what you needed?"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from 1 to 5."),
            "invalid_choice": _("Choose a number from 1 to 5."),
        },
    )
    respect = forms.TypedChoiceField(
        label=_("Did they treat you with respect?"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from 1 to 5."),
            "invalid_choice": _("Choose a number from 1 to 5."),
        },
    )
    language_ok = forms.TypedChoiceField(
        label=_("Could you talk with them in a language you understand?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The service never sees what you write here or who you are."),
    )
    count_me = forms.BooleanField(label=COUNT_ME_LABEL, required=False)


class ReportingConsentForm(forms.Form):
    count_me = forms.BooleanField(label=COUNT_ME_LABEL, required=False)


class ReportForm(forms.Form):
    """The report's question: which grouping, over which quarter. A GET form, so it works without JS."""

    grouping = forms.ChoiceField(label=_("Show"), choices=[])
    quarter = forms.ChoiceField(
        label=_("Quarter"),
        choices=[],
        help_text=_("Only whole quarters that have ended, so no two reports can be compared to single anyone out."),
    )

    def __init__(self, *args, **kwargs):
        from .period import quarter_choices
        from .reports import GROUPINGS

        super().__init__(*args, **kwargs)
        self.fields["grouping"].choices = list(GROUPINGS.items())
        self.fields["quarter"].choices = quarter_choices()


class FunderReportForm(forms.Form):
    """The funder report's question: which quarter, and whose clients. A GET form, so it works without JS."""

    quarter = forms.ChoiceField(label=_("Quarter"), choices=[], help_text=ReportForm.base_fields["quarter"].help_text)
    scope = forms.ChoiceField(label=_("Whose clients"), choices=[])

    def __init__(self, *args, **kwargs):
        from .period import quarter_choices
        from .quarterly import SCOPES

        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()
        self.fields["scope"].choices = list(SCOPES.items())
