"""Form fields every app shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .phones import InvalidPhoneNumber, may_text, normalize_phone


class PhoneNumberField(forms.CharField):
    """A phone number that can get texts, cleaned to E.164 ('+17135550100')."""

    default_error_messages = {"invalid": _("Enter a phone number that can get texts, like 713-555-0100.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        # Not "tel": on a shared phone, autofill would offer the last person's number to the next.
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "type": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        try:
            phone = normalize_phone(value)
        except InvalidPhoneNumber:
            phone = None
        if phone is None or not may_text(phone):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return phone
