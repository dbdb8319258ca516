"""Staff second factor: TOTP from an authenticator app, plus single-use backup codes."""

from base64 import b32encode

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10


def has_confirmed_device(user):
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user):
    """The unconfirmed TOTP device a staff member is enrolling, made once."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "authenticator"})
    return device


def qr_code_svg(device):
    """The enrolment QR code as inline SVG, drawn here: no third-party service sees the key."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def authenticator_secret(device):
    """The key in the form authenticator apps accept when typed by hand."""
    return b32encode(device.bin_key).decode()


def issue_backup_codes(user, count=BACKUP_CODE_COUNT):
    """Replace the user's backup codes with a fresh set and return them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
