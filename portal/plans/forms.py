from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Goal


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
