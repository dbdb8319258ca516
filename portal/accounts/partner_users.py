"""Adding a partner agency's user in one step: the account, its partner membership, one backup code.

A partner user needs no group: the "Shared with us" pages (portal.sharing.partner_views) open to
anyone with a partner membership, and show only what a survivor's live consent shares. The one
permission they need is Wagtail's "Can access Wagtail admin". A supervisor adds partner users to
the organisations they supervise; a superuser to any organisation.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from portal.directory.models import Organization

from .models import Membership
from .number_requests import supervised_organization_ids
from .second_factor import issue_backup_codes

# No 0/O or 1/l/I: the password is read aloud or copied by hand.
UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def organizations_for(actor):
    """The organisations `actor` may add a partner user to."""
    if actor.is_superuser and actor.is_active:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=supervised_organization_ids(actor))


def may_add_partner_users(actor):
    return organizations_for(actor).exists()


class PartnerUserForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    organization = forms.ModelChoiceField(label=_("Partner organization"), queryset=Organization.objects.none())

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = organizations_for(actor).order_by("name")
        self.fields["organization"].queryset = choices
        if len(choices) == 1:
            self.fields["organization"].initial = choices[0]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("That username is taken. Choose another one."))
        return username


def add_partner_user(actor, data):
    """Create the partner user; return (user, temporary password, single-use backup code)."""
    password = get_random_string(16, UNAMBIGUOUS_CHARACTERS)
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            data["username"],
            email=data["email"],
            password=password,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        Membership.objects.create(user=user, organization=data["organization"], role=Membership.Role.PARTNER)
        # One code, enough to reach setting up the authenticator (views.enrol), which then gives ten.
        [code] = issue_backup_codes(user, count=1)
        log(user, "wagtail.create", user=actor)
    return user, password, code
