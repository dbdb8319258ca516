"""Form fields every app shares."""

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .phones import InvalidPhoneNumber, may_text, normalize_phone

# The names of the countries SMS_ALLOWED_REGIONS may hold, in the reader's language; others show their code.
COUNTRY_NAMES = {
    "US": _("the United States"),
    "PR": _("Puerto Rico"),
    "CA": _("Canada"),
    "MX": _("Mexico"),
    "GU": _("Guam"),
    "VI": _("the U.S. Virgin Islands"),
}


def allowed_countries():
    return ", ".join(str(COUNTRY_NAMES.get(region, region)) for region in settings.SMS_ALLOWED_REGIONS)


class PhoneNumberField(forms.CharField):
    """A phone number that can get texts, cleaned to E.164 ('+17135550100')."""

    default_error_messages = {
        "invalid": _("Enter a phone number that can get texts, like 713-555-0100."),
        "country": _("We can only text numbers in %(countries)s. Enter a number from there, like 713-555-0100."),
    }

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
        if phone is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not may_text(phone):
            raise forms.ValidationError(
                self.error_messages["country"], code="country", params={"countries": allowed_countries()}
            )
        return phone


class PlainSelect(forms.Select):
    """A <select> of plain choices (no groups) written in Python: the same HTML as Django's Select,
    which renders two templates for every option and so cost a busy page (the directory search has
    some thirty options) more than all of its results."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(each) for each in self.format_value(value)}
        rows, has_selected = [], False
        for key, label in self.choices:
            selected = not has_selected and str(key) in chosen  # the first match only, as Select does
            has_selected = has_selected or selected
            rows.append((key, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>\n  {}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', rows),
        )
