from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.time_zones import US_TIME_ZONES

from .models import Audience, Learner, TrainingOrganization
from .webinars import Registration


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )


class ProfileForm(forms.ModelForm):
    name = forms.CharField(
        label=_("Your name, as it should be on your certificate"),
        max_length=120,
        error_messages={"required": _("Enter your name.")},
    )
    audience = forms.ChoiceField(
        label=_("Your field of work"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your field of work.")},
    )
    county = forms.CharField(
        label=_("The Texas county where you work"),
        max_length=60,
        error_messages={"required": _("Enter the county where you work.")},
    )
    organization = forms.ModelChoiceField(
        label=_("Your organisation (if it is listed)"),
        queryset=TrainingOrganization.objects.all(),
        required=False,
        empty_label=_("Not listed"),
    )

    class Meta:
        model = Learner
        fields = ["name", "audience", "county", "organization"]

    def clean_county(self):
        # "harris", "Harris County" and " HARRIS " are one county in the coalition's counts.
        county = " ".join(self.cleaned_data["county"].split()).title()
        return county.removesuffix(" County")


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        error_messages={"required": _("Enter the code printed on the certificate.")},
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").upper()


class RegistrationForm(forms.ModelForm):
    name = forms.CharField(label=_("Your name"), max_length=120, error_messages={"required": _("Enter your name.")})
    email = forms.EmailField(
        label=_("Your work email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    organization = forms.CharField(
        label=_("Your organisation"), max_length=200, error_messages={"required": _("Enter your organisation.")}
    )
    audience = forms.ChoiceField(
        label=_("Your field of work"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your field of work.")},
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone, for the reminder"), choices=US_TIME_ZONES, initial="America/Chicago"
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "organization", "audience", "time_zone"]


class TimeZoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times in"), choices=US_TIME_ZONES, required=False)
