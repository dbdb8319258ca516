"""Forms for her second PIN. Each asks for her usual PIN first, so someone holding her phone while
she is signed in cannot set, change or remove it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .survivor_forms import ChoosePinForm


def usual_pin_field():
    return forms.CharField(
        label=_("Your usual PIN"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "inputmode": "numeric"}),
    )


class SecondPinForm(ChoosePinForm):
    usual_pin = usual_pin_field()

    field_order = ["usual_pin", "pin", "pin_again"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pin"].label = _("Choose a second PIN")
        self.fields["pin"].help_text = _("4 to 8 numbers. It must not be the same as your usual PIN.")
        self.fields["pin_again"].label = _("Type the second PIN again")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin") == (cleaned.get("usual_pin") or "").strip():
            self.add_error("pin", _("Your second PIN must be different from your usual PIN."))
        return cleaned


class RemoveSecondPinForm(forms.Form):
    usual_pin = usual_pin_field()


def usual_pin_error(confirmed):
    """The message for a usual PIN that sign_in.confirm_pin refused (False: wrong; None: too many tries)."""
    return _("That PIN did not work. Try again.") if confirmed is False else _("Too many tries. Try again later.")
