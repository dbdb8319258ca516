"""The weekly digest: only to staff who opted in, only deadlines within 30 days, never twice a week."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from portal.funding.models import DigestSubscription

from .factories import make_opportunity

pytestmark = pytest.mark.django_db


def test_opt_in_then_the_digest_lists_only_the_next_30_days(admin_client_verified, pinned_clock):
    make_opportunity(pinned_clock + timedelta(days=29), program="Soon enough")
    make_opportunity(pinned_clock + timedelta(days=31), program="Too far")
    make_opportunity(pinned_clock - timedelta(hours=1), program="Already closed")
    response = admin_client_verified.post(reverse("funding_digest_subscription"), {"subscribe": "yes"})
    assert response.status_code == 302
    assert DigestSubscription.objects.filter(user=admin_client_verified.user).exists()

    call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ours = [message for message in mail.outbox if message.to == [admin_client_verified.user.email]]
    assert len(ours) == 1
    assert "Soon enough" in ours[0].body
    assert "Too far" not in ours[0].body and "Already closed" not in ours[0].body

    call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len([m for m in mail.outbox if m.to == [admin_client_verified.user.email]]) == 1
    with time_machine.travel(pinned_clock + timedelta(days=7), tick=False):
        call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len([m for m in mail.outbox if m.to == [admin_client_verified.user.email]]) == 2


def test_the_digest_is_in_the_staff_members_language(admin_client_verified, pinned_clock):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_client_verified.user)
    profile.preferred_language = "es"
    profile.save()
    make_opportunity(pinned_clock + timedelta(days=5), program="Pronto")
    admin_client_verified.post(reverse("funding_digest_subscription"), {"subscribe": "yes"})
    call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    message = next(m for m in mail.outbox if m.to == [admin_client_verified.user.email])
    assert "Pronto" in message.body and "Fecha límite" in message.body


def test_opting_out_stops_it(admin_client_verified, pinned_clock):
    make_opportunity(pinned_clock + timedelta(days=5))
    admin_client_verified.post(reverse("funding_digest_subscription"), {"subscribe": "yes"})
    admin_client_verified.post(reverse("funding_digest_subscription"), {"subscribe": "no"})
    call_command("send_funding_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not [m for m in mail.outbox if m.to == [admin_client_verified.user.email]]
