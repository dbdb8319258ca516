from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import log

from portal.core.forms import PlainSelect

from .models import TaxonomyTerm
from .places import zip_place

# Languages a survivor can ask for, each named in its own script.
SPOKEN_LANGUAGES = [
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ar", "العربية"),
    ("en", "English"),
    ("fr", "Français"),
    ("hi", "हिन्दी"),
    ("tl", "Tagalog"),
]
POPULATION_CODES = ["serves-sex-trafficking", "serves-labor-trafficking", "serves-minors", "serves-men", "serves-lgbtq"]


class ServiceSearchForm(forms.Form):
    """The directory search. GET only, so results can be bookmarked and shared safely
    (nothing personal is ever in these parameters)."""

    q = forms.CharField(label=_("What do you need?"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Type of help"), required=False, widget=PlainSelect)
    zip = forms.CharField(
        label=_("ZIP code"),
        required=False,
        max_length=10,
        help_text=_("We use it only to find services near you. It is not saved."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    language = forms.ChoiceField(
        label=_("Language spoken"),
        required=False,
        choices=[("", _("Any language")), *SPOKEN_LANGUAGES],
        widget=PlainSelect,
    )
    serves = forms.ChoiceField(label=_("Who it serves"), required=False, widget=PlainSelect)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        terms = list(terms if terms is not None else TaxonomyTerm.objects.filter(code__gt="").exclude(kind="other"))
        self.fields["category"].choices = [("", _("All types of help"))] + [
            (term.code, term.name) for term in terms if term.kind == TaxonomyTerm.CATEGORY
        ]
        by_code = {term.code: term for term in terms}
        self.fields["serves"].choices = [("", _("Everyone"))] + [
            (code, by_code[code].name) for code in POPULATION_CODES if code in by_code
        ]

    def clean_zip(self):
        value = self.cleaned_data["zip"].strip()
        if not value:
            return None
        place = zip_place(value)
        if place is None:
            raise forms.ValidationError(_("Enter a 5-digit US ZIP code, for example 77002."))
        return place


class ConfidentialAdminForm(WagtailAdminModelForm):
    """Anyone who edits these records may mark one confidential; making it public again needs
    the "clear_confidential" permission, and each time it is logged in the admin history."""

    CLEARED = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_confidential = bool(self.instance.pk and self.instance.is_confidential)

    def clean_is_confidential(self):
        confidential = self.cleaned_data.get("is_confidential")
        allowed = self.for_user is not None and self.for_user.has_perm("directory.clear_confidential")
        if self.was_confidential and not confidential and not allowed:
            raise forms.ValidationError(
                _("Only staff allowed to make a place public can clear this. It stays confidential.")
            )
        return confidential

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if self.was_confidential and not instance.is_confidential:
            log(instance, self.CLEARED, user=self.for_user)
        return instance


class LocationAdminForm(ConfidentialAdminForm):
    CLEARED = "directory.location.confidential_cleared"


class OrganizationAdminForm(ConfidentialAdminForm):
    """An organization marked confidential hides where all its places are (see LocationQuerySet)."""

    CLEARED = "directory.organization.confidential_cleared"
