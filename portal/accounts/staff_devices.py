"""A staff member's second factor over time: a new phone, new backup codes, a colleague's lost phone.

Self-service changes need a session that already passed the second factor (every admin page does,
StaffSecondFactorMiddleware). A reset removes every authenticator and backup code of a colleague, so
their next sign-in leads to setting up an authenticator again (views.enrol). Only a supervisor of an
organisation the colleague belongs to, or a superuser, may reset; only a superuser resets a superuser.
Each change is written to Wagtail's log with who, whom and when; never a code or a key.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .models import Membership
from .number_requests import supervised_organization_ids
from .second_factor import issue_backup_codes

NEW_PHONE = "portal.second_factor.new_phone"
NEW_BACKUP_CODES = "portal.second_factor.new_backup_codes"
RESET = "portal.second_factor.reset"

LOG_ACTIONS = [
    (NEW_PHONE, _("New authenticator"), _("Moved their sign-in to a new authenticator app")),
    (NEW_BACKUP_CODES, _("New backup codes"), _("Made new backup codes; the old ones no longer work")),
    (RESET, _("Sign-in devices reset"), _("Removed their authenticator and backup codes; they set up again")),
]


def _as_logged(user):
    """request.user is a lazy object wrapped twice (auth, then django-otp); Wagtail's log finds its
    log model by the instance's type, so it needs the user itself."""
    return get_user_model().objects.get(pk=user.pk)


def confirm_new_authenticator(user, device):
    """Make the confirmed `device` the user's only authenticator: the old phone stops working."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        log(_as_logged(user), NEW_PHONE, user=user)


def replace_backup_codes(user):
    with transaction.atomic():
        codes = issue_backup_codes(user)
        log(_as_logged(user), NEW_BACKUP_CODES, user=user)
    return codes


def colleagues(actor):
    """The staff whose devices `actor` may reset: members of the organisations they supervise,
    or, for a superuser, every active user. Never the actor themselves (they use self-service)."""
    users = get_user_model().objects.filter(is_active=True).exclude(pk=actor.pk)
    if actor.is_superuser and actor.is_active:
        return users
    supervised = supervised_organization_ids(actor)
    members = Membership.objects.filter(organization_id__in=supervised).values("user_id")
    return users.filter(Q(pk__in=members), is_superuser=False)


def may_reset_anyone(actor):
    return (actor.is_superuser and actor.is_active) or bool(supervised_organization_ids(actor))


def reset_devices(actor, colleague):
    """Remove every authenticator and backup code of `colleague`. Their signed-in sessions lose the
    second factor with the device (django-otp finds it gone), so they must set up again to go on."""
    if not colleagues(actor).filter(pk=colleague.pk).exists():
        raise PermissionError("not allowed to reset this colleague's devices")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=colleague).delete()
        StaticDevice.objects.filter(user=colleague).delete()
        log(colleague, RESET, user=actor)
