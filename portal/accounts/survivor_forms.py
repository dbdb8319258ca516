import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core.forms import PhoneNumberField
from portal.messaging.channels import TEXT_CHANNELS, Channel, StopScope
from portal.messaging.forms import SAFE_TIMES, SafeContactFields, offer_sign_in_channel

PIN_PATTERN = re.compile(r"^\d{4,8}$")
TOO_EASY = {"0123", "1234", "2345", "3456", "4567", "5678", "6789", "9876", "4321", "123456", "654321", "12345678"}


class PhoneForm(forms.Form):
    phone = PhoneNumberField(label=_("Your phone number"), help_text=_("We will text a code to this number."))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text"),
        max_length=12,
        help_text=_("It has 6 numbers. It works for 10 minutes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "inputmode": "numeric"}),
    )


class ChoosePinForm(forms.Form):
    pin = forms.CharField(
        label=_("Choose a PIN"),
        max_length=8,
        help_text=_("4 to 8 numbers. Do not use your birthday or 1234. Keep it secret."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
    )
    pin_again = forms.CharField(
        label=_("Type the PIN again"),
        max_length=8,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
    )

    def clean_pin(self):
        pin = self.cleaned_data["pin"].strip()
        if not PIN_PATTERN.match(pin):
            raise forms.ValidationError(_("Use 4 to 8 numbers."), code="invalid")
        if len(set(pin)) == 1 or pin in TOO_EASY:
            raise forms.ValidationError(_("That PIN is too easy to guess. Choose another one."), code="easy")
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin") != (cleaned.get("pin_again") or "").strip():
            self.add_error("pin_again", _("The two PINs are not the same."))
        return cleaned


class SafeContactForm(SafeContactFields):
    """A survivor's own texting preferences: they live on their messaging Contact."""

    field_order = [
        "language",
        "time_zone",
        "safe_time",
        "may_identify",
        "voicemail_ok",
        "code_word",
        "check_in_channel",
        "channel",
        "sign_in_channel",
        "stop_scope",
    ]

    language = forms.ChoiceField(label=_("Language for texts"), choices=settings.LANGUAGES)
    safe_time = forms.ChoiceField(
        label=_("When is it safe to text you?"),
        choices=[("", _("Keep the times I have now"))]
        + [(key, label) for key, (label, _start, _end) in SAFE_TIMES.items()],
        required=False,
    )
    voicemail_ok = forms.ChoiceField(
        label=_("Can we leave a voicemail?"),
        choices=[("no", _("No")), ("yes", _("Yes, that is safe."))],
    )
    # By purpose (messaging.api.channel_for). Left out (a form from before these choices), each keeps what
    # she has. Sign-in codes by WhatsApp only while a template serves her language (offer_sign_in_channel).
    check_in_channel = forms.ChoiceField(
        label=_("How should check-ins reach you?"),
        choices=Channel.choices,
        required=False,
        help_text=_("A call says only your code word and which key to press."),
    )
    channel = forms.ChoiceField(
        label=_("How should messages from your advocate reach you?"),
        choices=TEXT_CHANNELS,
        required=False,
        help_text=_("WhatsApp shows our business name on your phone."),
    )
    sign_in_channel = forms.ChoiceField(
        label=_("How should sign-in codes reach you?"),
        choices=TEXT_CHANNELS,
        required=False,
        help_text=_("If WhatsApp does not work, we send the code again by text message (SMS)."),
    )

    stop_scope = forms.ChoiceField(
        label=_("If you text STOP, what should stop?"),
        choices=StopScope.choices,
        required=False,
        help_text=_("Text START on any app to get messages again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.initial.get("language") or get_language()
        not_ready = _("Sign-in codes come by text message (SMS). WhatsApp cannot send them in your language yet.")
        offer_sign_in_channel(self.fields["sign_in_channel"], language, self.initial, not_ready)

    @classmethod
    def for_profile(cls, profile, data=None):
        contact = profile.contact
        initial = {
            **cls.initial_from(contact),
            "language": contact.language,
            "voicemail_ok": "yes" if profile.voicemail_ok else "no",
            "check_in_channel": contact.check_in_channel,
            "channel": contact.channel,
            "sign_in_channel": contact.sign_in_channel,
            "stop_scope": contact.stop_scope,
        }
        return cls(data, initial=initial)

    def save(self, profile):
        data = self.cleaned_data
        contact = profile.contact
        contact.language = data["language"]
        contact.check_in_channel = data["check_in_channel"] or contact.check_in_channel
        contact.channel = data["channel"] or contact.channel
        contact.stop_scope = data["stop_scope"] or contact.stop_scope
        if not self.fields["sign_in_channel"].disabled:
            contact.sign_in_channel = data["sign_in_channel"] or contact.sign_in_channel
        self.apply_to(contact)
        contact.save()
        profile.voicemail_ok = data["voicemail_ok"] == "yes"
        profile.save(update_fields=["voicemail_ok"])
