"""The intake form advocates fill in for a survivor: the profile and their safe-contact settings.

The form never tells whether a number is known elsewhere in the portal. A number that is another
survivor's, or another organisation's case, is refused with words that say only that a supervisor
handles it, whoever holds it, and a request goes to the supervisors (number_requests.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.core.forms import PhoneNumberField
from portal.directory.choosers import directory_chooser
from portal.directory.models import Organization
from portal.messaging.channels import TEXT_CHANNELS, Channel
from portal.messaging.forms import SafeContactFields, offer_sign_in_channel
from portal.messaging.models import Contact
from portal.messaging.numbers import mergeable, move_number

from .choosers import OWN_ORGANIZATIONS
from .models import case_organization_ids
from .number_requests import raise_request

NUMBER_NEEDS_SUPERVISOR = _(
    "This number cannot be saved yet. A supervisor of your organization will check it. Ask them before you try again."
)

CHANNELS_NEED_CONSENT = _("Ask her first. We change how we reach her only when she agrees.")


# The safe-contact questions are the survivor's own (messaging.forms.SafeContactFields), asked
# here by an advocate about her, so only their labels change.
STAFF_LABELS = {
    "time_zone": _("Time zone"),
    "safe_time": _("Safe to text"),
    "may_identify": _("Texts may say who we are"),
    "code_word": _("Code word"),
}


# Asked for the funder's quarterly counts. Left out, each means "prefer not to say or unknown".
FUNDER_REPORT_FIELDS = ("age_group", "trafficking_type", "nationality_group")


class SurvivorIntakeForm(SafeContactFields, WagtailAdminModelForm):
    phone = PhoneNumberField(label=_("Phone number for texts"))
    # Her choices, by purpose (messaging.api.channel_for); she makes them on her own settings page too.
    # WhatsApp shows the sender's business name on her phone and a call can be heard, so an advocate
    # changes them only with her: the consent box must be ticked for any change.
    channel = forms.ChoiceField(
        label=_("Advocate messages go by"),
        choices=TEXT_CHANNELS,
        required=False,
        help_text=_(
            "WhatsApp shows our business name on her phone. An answer to her text goes back the way she wrote."
        ),
    )
    check_in_channel = forms.ChoiceField(
        label=_("Check-ins go by"),
        choices=Channel.choices,
        required=False,
        help_text=_("A call says only her code word and which key to press."),
    )
    sign_in_channel = forms.ChoiceField(
        label=_("Sign-in codes go by"),
        choices=TEXT_CHANNELS,
        required=False,
        help_text=_("If WhatsApp does not work, the code goes again by SMS."),
    )
    channel_consent = forms.BooleanField(
        label=_("She agreed to these ways of reaching her"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in STAFF_LABELS.items():
            self.fields[name].label = label
        # Left out, as an unticked box used to be, it means the safe answer: texts stay private.
        self.fields["may_identify"].required = False
        for name in FUNDER_REPORT_FIELDS:
            self.fields[name].required = False
        OWN_ORGANIZATIONS.limit_field(self.fields["organization"], self.for_user)
        contact = self.instance.contact if self.instance.contact_id else None
        if contact is None:
            self.initial.setdefault("may_identify", "no")
            self.initial.setdefault("channel", Channel.SMS)
            self.initial.setdefault("check_in_channel", Channel.SMS)
            self.initial.setdefault("sign_in_channel", Channel.SMS)
        else:
            self.initial.update(
                phone=contact.phone,
                channel=contact.channel,
                check_in_channel=contact.check_in_channel,
                sign_in_channel=contact.sign_in_channel,
                **self.initial_from(contact, default_time="daytime"),
            )
        # A new survivor's texts start in her preferred language (save below).
        language = contact.language if contact else self.instance.preferred_language
        not_ready = _("Sign-in codes go by SMS: WhatsApp cannot send them in her language yet.")
        offer_sign_in_channel(self.fields["sign_in_channel"], language, self.initial, not_ready)

    def clean(self):
        data = super().clean()
        for name in FUNDER_REPORT_FIELDS:
            data[name] = data.get(name) or self._meta.model._meta.get_field(name).default
        self.check_channel_consent(data)
        phone, organization = data.get("phone"), data.get("organization")
        existing = Contact.objects.for_phone(phone) if phone and organization else None
        if existing is None or existing.pk == self.instance.contact_id:
            return data
        if not mergeable(existing, case_organization_ids(self.for_user)):
            raise_request(
                staff=self.for_user,
                organization=organization,
                holder=existing,
                number_index=existing.phone_index,
                survivor=self.instance if self.instance.pk else None,
            )
            self.add_error("phone", NUMBER_NEEDS_SUPERVISOR)
        return data

    def check_channel_consent(self, data):
        """A way of reaching her changes only with her consent ticked; left out, a field keeps what she has."""
        changed = [
            name
            for name in ("channel", "check_in_channel", "sign_in_channel")
            if data.get(name) and data[name] != self.initial.get(name, Channel.SMS)
        ]
        if changed and not data.get("channel_consent"):
            self.add_error("channel_consent", CHANNELS_NEED_CONSENT)

    def save(self, commit=True):
        profile = super().save(commit=False)
        data = self.cleaned_data
        if profile.contact_id:
            # Her texts, requests and settings go with her to the new number (messaging.numbers).
            contact = move_number(profile.contact, data["phone"])
        else:
            contact = Contact.objects.for_phone(data["phone"]) or Contact(phone=data["phone"])
        if not profile.pk:
            contact.language = profile.preferred_language
            profile.created_by = self.for_user
        self.apply_to(contact)
        # Left out (a form from before these choices), each keeps what she has: SMS for a new number.
        contact.channel = data.get("channel") or contact.channel
        contact.check_in_channel = data.get("check_in_channel") or contact.check_in_channel
        if not self.fields["sign_in_channel"].disabled:
            contact.sign_in_channel = data.get("sign_in_channel") or contact.sign_in_channel
        contact.save()
        profile.contact = contact
        if commit:
            profile.save()
        return profile


class MembershipForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        directory_chooser(Organization).limit_field(self.fields["organization"], self.for_user)
