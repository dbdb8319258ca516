from datetime import time

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.core.forms import PhoneNumberField

from . import texts
from .channels import Channel, whatsapp_sign_in_ready
from .models import TEXAS_TIME_ZONES, HelpRequest

# (label, start, end); equal start and end mean any time.
SAFE_TIMES = {
    "daytime": (_("Daytime (9 am to 8 pm)"), time(9), time(20)),
    "morning": (_("Morning (9 am to 12 noon)"), time(9), time(12)),
    "afternoon": (_("Afternoon (12 noon to 5 pm)"), time(12), time(17)),
    "evening": (_("Evening (5 pm to 9 pm)"), time(17), time(21)),
    "any": (_("Any time"), time(0), time(0)),
}
MAY_IDENTIFY = [
    ("no", _("No. Keep texts private.")),
    ("yes", _("Yes, that is safe.")),
]


def safe_time_of(contact, default=""):
    """The SAFE_TIMES choice that matches the contact's safe hours, or `default`."""
    hours = (contact.safe_hours_start, contact.safe_hours_end)
    return next((key for key, (_label, start, end) in SAFE_TIMES.items() if (start, end) == hours), default)


def offer_sign_in_channel(field, language, initial, not_ready_help):
    """Sign-in codes by WhatsApp are offered only while an approved template serves her language
    (channels.whatsapp_sign_in_ready). Otherwise the field shows SMS alone, cannot be changed, and its
    help says why; the choice she made before is kept for when a template is ready again."""
    if whatsapp_sign_in_ready(language):
        return
    field.choices = [(Channel.SMS.value, Channel.SMS.label)]
    field.disabled = True
    field.help_text = not_ready_help
    initial["sign_in_channel"] = Channel.SMS


def one_line(code_word):
    """A code word as texts start with it: one line, single spaces."""
    return " ".join(code_word.split())


class SafeContactFields(forms.Form):
    """How to text someone safely: time zone, safe hours, whether texts may name us, a code word.

    The one definition for the public help form, the survivor's own settings and the advocate's
    intake form. Subclasses set `field_order`.
    """

    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=TEXAS_TIME_ZONES)
    safe_time = forms.ChoiceField(
        label=_("When is it safe to text you?"),
        choices=[(key, label) for key, (label, _start, _end) in SAFE_TIMES.items()],
        help_text=_("We will wait for this time. A text that cannot arrive in time is not sent."),
    )
    may_identify = forms.ChoiceField(
        label=_("Can our texts say who we are?"),
        choices=MAY_IDENTIFY,
        help_text=_("If you say no, texts will not name us or say what they are about."),
    )
    code_word = forms.CharField(
        label=_("Code word (optional)"),
        required=False,
        max_length=20,
        help_text=_("If you choose one, our texts will start with it. Then you know the text is from us."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_code_word(self):
        return one_line(self.cleaned_data["code_word"])

    @staticmethod
    def initial_from(contact, default_time=""):
        """The answers a contact holds now, as the fields show them."""
        return {
            "time_zone": contact.time_zone,
            "safe_time": safe_time_of(contact, default=default_time),
            "may_identify": "yes" if contact.may_identify else "no",
            "code_word": contact.code_word,
        }

    def apply_to(self, contact):
        """Writes the answers on a contact, unsaved; a blank safe time keeps the hours it has."""
        data = self.cleaned_data
        contact.time_zone = data["time_zone"]
        if data["safe_time"]:
            _label, contact.safe_hours_start, contact.safe_hours_end = SAFE_TIMES[data["safe_time"]]
        contact.may_identify = data["may_identify"] == "yes"
        contact.code_word = data["code_word"]


# Kinds the portal raises itself (duress, a question from her own page), never chosen on the help form.
FOR_STAFF_ONLY = (HelpRequest.Kind.DURESS, HelpRequest.Kind.QUESTION)


class HelpRequestForm(SafeContactFields):
    """The anonymous "ask for help" form: the least we need to reach someone safely."""

    field_order = ["phone", "kind", "language", "time_zone", "safe_time", "may_identify", "code_word", "message"]

    phone = PhoneNumberField(
        label=_("Phone number for texts"),
        help_text=_("We will only text this number. We will not call unless you ask us to."),
    )
    kind = forms.ChoiceField(
        label=_("What kind of help do you need?"),
        choices=[(value, label) for value, label in HelpRequest.Kind.choices if value not in FOR_STAFF_ONLY],
    )
    language = forms.ChoiceField(label=_("Language for texts"), choices=settings.LANGUAGES)
    message = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def contact_preferences(self):
        _label, start, end = SAFE_TIMES[self.cleaned_data["safe_time"]]
        return {
            "language": self.cleaned_data["language"],
            "time_zone": self.cleaned_data["time_zone"],
            "safe_hours_start": start,
            "safe_hours_end": end,
            "may_identify": self.cleaned_data["may_identify"] == "yes",
            "code_word": self.cleaned_data["code_word"],
        }


class AdvocateReplyForm(forms.Form):
    """An advocate's answer in a conversation: a ready-made text or their own words."""

    template = forms.ChoiceField(
        label=_("Ready-made text"),
        required=False,
        choices=[("", _("None: I will write my own"))] + texts.ADVOCATE_TEMPLATES,
    )
    text = forms.CharField(
        label=_("Your text"),
        required=False,
        max_length=640,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Keep it short and neutral: no names, places or topics. Write it in the language of the person."),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("template")) == bool((cleaned.get("text") or "").strip()):
            raise forms.ValidationError(_("Choose a ready-made text or write your own, not both."))
        return cleaned

    def message(self):
        """(template, context) for send_sms."""
        if self.cleaned_data["template"]:
            return self.cleaned_data["template"], None
        return texts.FREE_TEXT, {"text": self.cleaned_data["text"].strip()}


class UrgentReplyForm(AdvocateReplyForm):
    """The reply form when her latest text asked for urgent help: this one reply may go out at once."""

    outside_safe_hours = forms.BooleanField(
        label=_("Send now, outside her safe hours"),
        required=False,
        help_text=_("Only for this urgent text. Someone else may see her phone. You can do this once."),
    )
    # Set by the confirmation step: the advocate has read the warning and still wants to send now.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class TextMeForm(forms.Form):
    phone = PhoneNumberField(
        label=_("Your phone number"),
        help_text=_("We text the name and phone number of this service. Nothing else."),
    )
