"""Personal data in survivor records is unreadable at rest, survives key rotation, and is deleted on time."""

import io
from datetime import timedelta

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from portal.accounts.models import SurvivorProfile
from portal.core import crypto
from portal.messaging.models import Contact
from portal.plans.models import Appointment, ClosedCaseTally, Goal, Plan, Step
from portal.plans.retention import purge_due
from tests.accounts.builders import make_plan, make_survivor

pytestmark = pytest.mark.django_db
SECRETS = {
    "name": "Rosalinda Quintanilla",
    "goal": "Quiero vivir lejos de Ramiro",
    "step": "Pedir la orden de protección",
    "with_whom": "Abogada Treviño",
    "place": "Refugio en la calle Magnolia",
}


@pytest.fixture
def record():
    profile = make_survivor(name=SECRETS["name"], phone="+17135550188", pin="2580")
    plan = make_plan(profile, goals=0, steps=0, appointments=0)
    Goal.objects.create(plan=plan, text=SECRETS["goal"])
    Step.objects.create(plan=plan, text=SECRETS["step"])
    Appointment.objects.create(
        plan=plan, starts_at=timezone.now(), with_whom=SECRETS["with_whom"], place=SECRETS["place"]
    )
    return profile


def raw_rows(table, columns):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (test-only, fixed names)
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


RAW = [
    ("accounts_survivorprofile", ["name", "pin_hash"]),
    ("messaging_contact", ["phone", "code_word"]),
    ("plans_goal", ["text"]),
    ("plans_step", ["text"]),
    ("plans_appointment", ["with_whom", "place"]),
]


def test_encrypted_columns_hold_no_plaintext(record):
    stored = " ".join(raw_rows(table, columns) for table, columns in RAW)
    for secret in [*SECRETS.values(), "5550188"]:
        assert secret not in stored
    assert SurvivorProfile.objects.get(pk=record.pk).name == SECRETS["name"]


def test_key_rotation_keeps_survivor_records_readable(record, settings):
    old = crypto._derived_key("field-encryption")
    new = Fernet.generate_key().decode()
    before = raw_rows("plans_goal", ["text"])
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    crypto.reset_key_cache()
    try:
        call_command("rotate_encryption_keys", stdout=io.StringIO())
        assert raw_rows("plans_goal", ["text"]) != before
        settings.FIELD_ENCRYPTION_KEYS = [new]
        crypto.reset_key_cache()
        assert Goal.objects.get(plan__survivor=record).text == SECRETS["goal"]
        assert SurvivorProfile.objects.get(pk=record.pk).name == SECRETS["name"]
        assert Appointment.objects.get(plan__survivor=record).place == SECRETS["place"]
    finally:
        crypto.reset_key_cache()


def test_closing_a_case_schedules_deletion_after_the_retention_period(record, settings):
    settings.RETENTION_DAYS = 30
    closed_at = timezone.now()
    record.close_case(when=closed_at)
    record.refresh_from_db()
    assert record.delete_after == closed_at + timedelta(days=30)
    assert Plan.objects.get(survivor=record).status == Plan.Status.CLOSED
    assert purge_due(now=closed_at + timedelta(days=29)) == 0
    assert SurvivorProfile.objects.filter(pk=record.pk).exists()


def test_purge_deletes_personal_data_and_keeps_counts(record, settings):
    settings.RETENTION_DAYS = 30
    Step.objects.filter(plan__survivor=record).update(status=Step.Status.DONE)
    record.close_case()
    contact_id = record.contact_id
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        output = io.StringIO()
        call_command("purge_closed_cases", stdout=output)
    assert "Closed cases deleted: 1" in output.getvalue()
    assert not SurvivorProfile.objects.filter(pk=record.pk).exists()
    assert not Plan.objects.filter(survivor_id=record.pk).exists()
    assert not Contact.objects.filter(pk=contact_id).exists()
    tally = ClosedCaseTally.objects.get(organization=record.organization)
    assert (tally.cases, tally.goals, tally.steps_done, tally.appointments) == (1, 1, 1, 1)
    stored = " ".join(raw_rows(table, columns) for table, columns in RAW)
    assert "5550188" not in stored


def test_an_asked_for_deletion_happens_at_the_next_purge(record):
    record.deletion_requested_at = timezone.now()
    record.save()
    record.close_case()
    assert purge_due() == 1
    assert not SurvivorProfile.objects.filter(pk=record.pk).exists()


def test_an_opted_out_number_is_kept_so_stop_keeps_working(record):
    Contact.objects.filter(pk=record.contact_id).update(opted_out_at=timezone.now())
    record.refresh_from_db()
    record.deletion_requested_at = timezone.now()
    record.save()
    record.close_case()
    purge_due()
    contact = Contact.objects.get(pk=record.contact_id)
    assert contact.opted_out_at is not None
    assert not hasattr(contact, "survivor_profile") or not SurvivorProfile.objects.filter(contact=contact).exists()
