"""The demo advocate `seed_demo` creates, with a second factor ready to use."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticToken

from portal.accounts.second_factor import issue_backup_codes

DEMO_ADVOCATE = "advocate"
DEMO_GROUPS = ("Editors", "Moderators", "Advocates")


def demo_password():
    return os.environ.get("DEMO_PASSWORD", "demo-advocate-portal")


@transaction.atomic
def seed_demo_advocate():
    """Return (username, password, one unused backup code)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_ADVOCATE,
        defaults={"first_name": "Demo", "last_name": "Advocate", "email": "advocate@example.org"},
    )
    if created or not user.check_password(demo_password()):
        user.set_password(demo_password())
        user.save()
    groups = Group.objects.filter(name__in=DEMO_GROUPS)
    if set(user.groups.all()) != set(groups):
        user.groups.set(groups)
    token = StaticToken.objects.filter(device__user=user, device__name="backup").order_by("pk").first()
    code = token.token if token else issue_backup_codes(user)[0]
    return user.username, demo_password(), code
