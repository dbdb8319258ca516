"""Two dispatchers at once on PostgreSQL: every due check-in is sent exactly once.

Real commits are needed for two connections to see the same rows, so this test writes
outside the per-test transaction and deletes what it made afterwards. It runs only on
PostgreSQL (SKIP LOCKED); SQLite has a single writer and is covered by the other tests.
"""

import threading
from collections import Counter
from datetime import UTC, datetime, time

import pytest
from django.db import connection, connections

from portal.accounts.models import SurvivorProfile
from portal.checkins.dispatch import dispatch_checkins
from portal.checkins.models import CheckIn, CheckInPlan
from portal.directory.models import Organization
from portal.messaging.models import Contact, OutboundMessage

DUE = 300
# Long before the demo survivor's check-in (due when the test database was seeded), so only ours are due.
NOW = datetime(2026, 1, 15, 18, 0, tzinfo=UTC)


@pytest.fixture
def committed_check_ins(django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
        organization = Organization.objects.create(name="Concurrency Test Org")
        contacts = [
            Contact.objects.get_or_create_for_phone(
                f"+1915555{n:04d}", safe_hours_start=time(0), safe_hours_end=time(0)
            )[0]
            for n in range(DUE)
        ]
        for number, contact in enumerate(contacts):
            profile = SurvivorProfile.objects.create(organization=organization, name=f"P{number}", contact=contact)
            plan = CheckInPlan.objects.create(
                survivor=profile, consent_at=NOW, window_start=time(0), window_end=time(0), starts_on=NOW.date()
            )
            CheckIn.objects.create(plan=plan, due_at=NOW)
        yield contacts
        OutboundMessage.objects.filter(contact__in=contacts).delete()
        SurvivorProfile.objects.filter(organization=organization).delete()
        Contact.objects.filter(pk__in=[contact.pk for contact in contacts]).delete()
        organization.delete()


def test_two_dispatchers_at_once_send_each_due_check_in_once(committed_check_ins, django_db_blocker):
    outcomes = Counter()
    errors = []
    start = threading.Barrier(2)

    def dispatcher():
        try:
            start.wait()
            result = dispatch_checkins(now=NOW, batch_size=25)
            outcomes.update({key: value for key, value in result.items() if key != "alerts"})
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=dispatcher) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert outcomes["sent"] == DUE
        assert outcomes.get("taken", 0) == 0
        messages = OutboundMessage.objects.filter(contact__in=committed_check_ins)
        assert messages.count() == DUE
        assert messages.values("contact").distinct().count() == DUE
        sent = CheckIn.objects.filter(plan__survivor__contact__in=committed_check_ins, status=CheckIn.Status.SENT)
        assert sent.count() == DUE
        assert sent.values("message").distinct().count() == DUE
