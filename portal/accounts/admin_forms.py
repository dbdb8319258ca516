"""The intake form advocates fill in for a survivor: the profile and their safe-contact settings.

The form never tells whether a number is known elsewhere in the portal. A number that is another
survivor's, or another organisation's case, is refused with words that say only that a supervisor
handles it, whoever holds it, and a request goes to the supervisors (number_requests.py).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.core.forms import PhoneNumberField
from portal.directory.models import Organization
from portal.messaging.forms import SAFE_TIMES, one_line, safe_time_of
from portal.messaging.models import TEXAS_TIME_ZONES, Contact
from portal.messaging.numbers import mergeable, move_number

from .models import case_organization_ids
from .number_requests import raise_request

NUMBER_NEEDS_SUPERVISOR = _(
    "This number cannot be saved yet. A supervisor of your organization will check it. Ask them before you try again."
)


class SurvivorIntakeForm(WagtailAdminModelForm):
    phone = PhoneNumberField(label=_("Phone number for texts"))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TEXAS_TIME_ZONES)
    safe_time = forms.ChoiceField(
        label=_("Safe to text"), choices=[(key, label) for key, (label, _s, _e) in SAFE_TIMES.items()]
    )
    may_identify = forms.BooleanField(label=_("Texts may say who we are"), required=False)
    code_word = forms.CharField(label=_("Code word"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=case_organization_ids(self.for_user))
        contact = self.instance.contact if self.instance.contact_id else None
        if contact is not None:
            self.initial.update(
                phone=contact.phone,
                time_zone=contact.time_zone,
                may_identify=contact.may_identify,
                code_word=contact.code_word,
                safe_time=safe_time_of(contact, default="daytime"),
            )

    def clean(self):
        data = super().clean()
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
        contact.time_zone = data["time_zone"]
        _label, contact.safe_hours_start, contact.safe_hours_end = SAFE_TIMES[data["safe_time"]]
        contact.may_identify = data["may_identify"]
        contact.code_word = one_line(data["code_word"])
        contact.save()
        profile.contact = contact
        if commit:
            profile.save()
        return profile
