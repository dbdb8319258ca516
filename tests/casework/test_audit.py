"""Every change staff make to a case record is in Wagtail's log with who and when, on her timeline too,
and no log label carries anything personal: the table, read in plain text, names only kinds and ids."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.checkins.models import CheckInAlert
from portal.core import audit
from portal.directory.models import Service

from .builders import HER_NAME, HER_TEXT, make_partner

pytestmark = pytest.mark.django_db


def logged(action):
    return ModelLogEntry.objects.filter(action=action).select_related("user")


def do_everything(case):
    """Assign, reply, close (conversation and help request), dealt with, consent recorded and stopped."""
    survivor, client = case["survivor"], case["advocate"]
    conversation = survivor.contact.conversations.get()
    thread = reverse("conversations:thread", args=[conversation.pk])
    client.post(thread, {"action": "assign_me"})
    client.post(thread, {"action": "reply", "template": "", "text": "Are you somewhere safe to talk?"})
    client.post(thread, {"action": "close"})
    alert = CheckInAlert.objects.get(check_in__plan__survivor=survivor)
    client.post(reverse("checkins_today"), {"alert": alert.pk})
    partner_org, _consent = make_partner(survivor, categories=())
    response = client.post(
        reverse("consent:add"),
        {
            "survivor": survivor.pk,
            "recipient": partner_org.pk,
            "purpose": "Her court date in Houston",
            "permitted": ["contact"],
            "ends_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    consent = survivor.consents.get()
    client.post(reverse("consent:edit", args=[consent.pk]))
    return conversation, alert, consent


def test_each_change_records_its_actor_and_time(case):
    conversation, alert, consent = do_everything(case)
    advocate = case["advocate"].user
    help_request = conversation.help_requests.get()
    expected = {
        audit.ASSIGNED: {("conversation", conversation.pk), ("helprequest", help_request.pk)},
        audit.REPLIED: {("conversation", conversation.pk)},
        audit.CLOSED: {("conversation", conversation.pk), ("helprequest", help_request.pk)},
        audit.DEALT_WITH: {("checkinalert", alert.pk)},
        audit.CONSENT_RECORDED: {("consent", consent.pk)},
        audit.CONSENT_STOPPED: {("consent", consent.pk)},
    }
    for action, records in expected.items():
        entries = list(logged(action))
        assert {(e.content_type.model, int(e.object_id)) for e in entries} == records, action
        assert all(e.user == advocate for e in entries)
        assert all(abs((timezone.now() - e.timestamp).total_seconds()) < 60 for e in entries)


def test_assigning_in_the_help_request_form_is_logged_too(case):
    survivor, client = case["survivor"], case["advocate"]
    help_request = survivor.contact.help_requests.get()
    response = client.post(
        reverse("help-requests:edit", args=[help_request.pk]),
        {"kind": help_request.kind, "status": "closed", "urgent": "on", "assigned_to": client.user.pk},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert {e.action for e in ModelLogEntry.objects.filter(object_id=str(help_request.pk), user=client.user)} >= {
        audit.ASSIGNED,
        audit.CLOSED,
    }


def test_mark_verified_is_logged(case):
    advocate = case["advocate"]
    advocate.user.groups.add(Group.objects.get(name="Advocates"))  # who keeps the directory up to date
    service = Service.objects.first()
    assert advocate.post(reverse("directory_verify_service", args=[service.pk])).status_code == 302
    entry = logged(audit.VERIFIED).get()
    assert (entry.object_id, entry.user, entry.label) == (str(service.pk), advocate.user, f"service {service.pk}")


def test_the_changes_are_on_her_timeline_and_in_wagtails_history(case):
    conversation, _alert, _consent = do_everything(case)
    html = case["advocate"].get(reverse("cases:case", args=[case["survivor"].pk]) + "?tab=timeline").content.decode()
    for label in (
        "Assign: conversation",
        "Reply: conversation",
        "Close: conversation",
        "Dealt with: checkinalert",
        "Consent recorded: consent",
        "Sharing stopped: consent",
    ):
        assert label in html, label
    # Wagtail's own history pages, as the advocate sees them: one click on the conversation closed
    # both it and her help request, and each keeps its own entries.
    help_request = conversation.help_requests.get()
    for history_url in (
        reverse("help-requests:history", args=[help_request.pk]),
        reverse("conversations:history", args=[conversation.pk]),
    ):
        listing = case["advocate"].get(history_url).content.decode().split('id="listing-results"')[1]
        for message in ("Assigned", "Closed"):
            assert message in listing, (history_url, message)


def test_no_log_label_holds_anything_personal(case):
    do_everything(case)
    survivor = case["survivor"]
    secrets = [
        HER_NAME,
        HER_TEXT,
        "lighthouse",
        "Are you somewhere safe",
        "court date",
        survivor.contact.phone,
        survivor.contact.phone[-4:],
        survivor.contact.masked_phone,
    ]
    rows = list(ModelLogEntry.objects.values_list("label", "data"))
    assert len(rows) >= 8
    leaked = [(label, secret) for label, data in rows for secret in secrets if secret in f"{label} {data}"]
    assert leaked == []
