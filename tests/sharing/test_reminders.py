"""The optional text a week before a consent ends: neutral, through the outbox, once."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from portal.messaging import texts
from portal.messaging.models import OutboundMessage
from portal.sharing.models import Consent
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


def reminders_to(survivor):
    return OutboundMessage.objects.filter(contact=survivor.contact, template=texts.SHARING_ENDS_SOON)


def test_a_reminder_goes_once_a_week_before_the_end_and_names_nothing(survivor, org_a):
    consent = make_consent(survivor, org_a, days=30)
    Consent.objects.filter(pk=consent.pk).update(remind_before_end=True)
    with time_machine.travel(consent.ends_at - timedelta(days=8), tick=False):
        call_command("send_sharing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not reminders_to(survivor).exists()
    with time_machine.travel(consent.ends_at - timedelta(days=6), tick=False):
        call_command("send_sharing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_sharing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    message = reminders_to(survivor).get()
    assert "Partner A" not in message.body and "Help with housing" not in message.body
    assert "7 days" in message.body


def test_no_reminder_unless_asked_or_when_stopped(survivor, org_a, org_b):
    not_asked = make_consent(survivor, org_a, days=30)
    stopped = make_consent(survivor, org_b, days=30)
    Consent.objects.filter(pk=stopped.pk).update(remind_before_end=True)
    stopped.revoke(Consent.Given.PORTAL)
    with time_machine.travel(not_asked.ends_at - timedelta(days=3), tick=False):
        call_command("send_sharing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not reminders_to(survivor).exists()


def test_the_grant_form_offers_the_reminder(client, survivor, org_a):
    from django.utils import timezone

    from tests.accounts.builders import sign_in_directly

    sign_in_directly(client, survivor)
    ends = (timezone.localdate() + timedelta(days=60)).isoformat()
    data = {"recipient": org_a.pk, "categories": ["goals"], "purpose": "Housing help", "ends_on": ends, "remind": "on"}
    review = client.post("/en/my/sharing/new/", {**data, "step": "review"}).content.decode()
    assert 'name="remind" value="on"' in review
    client.post("/en/my/sharing/new/", {**data, "step": "confirm"})
    assert survivor.consents.get().remind_before_end
