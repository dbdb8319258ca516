from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CaseNote

MAX_NOTE_LENGTH = 5000


class CaseNoteForm(forms.ModelForm):
    body = forms.CharField(
        label=_("Note"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the note before you save it.")},
    )

    class Meta:
        model = CaseNote
        fields = ["body", "visibility"]
        widgets = {"visibility": forms.RadioSelect}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the note before you save it."))
        return body
