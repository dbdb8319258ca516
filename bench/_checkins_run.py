"""Helper for bench/checkins.py, run in its own process (environment set by bench/checkins.py).

Usage: python -m bench._checkins_run populate COUNT | reset | dispatch | check
"""

import json
import sys
import time
from datetime import time as clock
from datetime import timedelta

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from portal.accounts.models import SurvivorProfile  # noqa: E402
from portal.checkins.dispatch import dispatch_checkins  # noqa: E402
from portal.checkins.models import CheckIn, CheckInPlan  # noqa: E402
from portal.core.phones import phone_index  # noqa: E402
from portal.directory.models import Organization  # noqa: E402
from portal.messaging.models import Contact, OutboundMessage  # noqa: E402

AREA_CODES = ["713", "281", "832", "214", "469", "972", "512", "737", "210", "915", "806", "361"]
LANGUAGES = ["en", "es", "vi", "zh-hans", "ar"]
BATCH = 5000


def emit(**figures):
    print(json.dumps(figures), flush=True)


def populate(count):
    started = time.perf_counter()
    organization = Organization.objects.create(name="Bench Agency")
    now = timezone.now()
    for first in range(0, count, BATCH):
        numbers = range(first, min(first + BATCH, count))
        with transaction.atomic():
            contacts = Contact.objects.bulk_create(
                Contact(
                    phone=(phone := f"+1{AREA_CODES[n // 10000]}555{n % 10000:04d}"),
                    phone_index=phone_index(phone),
                    language=LANGUAGES[n % len(LANGUAGES)],
                    time_zone="America/Denver" if n % 10 == 0 else "America/Chicago",
                    safe_hours_start=clock(0),
                    safe_hours_end=clock(0),
                    code_word="Sunflower" if n % 3 == 0 else "",
                )
                for n in numbers
            )
            profiles = SurvivorProfile.objects.bulk_create(
                SurvivorProfile(organization=organization, name=f"Bench {n}", contact=contact)
                for n, contact in zip(numbers, contacts, strict=True)
            )
            CheckInPlan.objects.bulk_create(
                CheckInPlan(
                    survivor=profile,
                    consent_at=now,
                    starts_on=timezone.localdate(),
                    window_start=clock(0),
                    window_end=clock(0),
                )
                for profile in profiles
            )
    reset()
    emit(seconds=time.perf_counter() - started)


def reset():
    """Every plan with exactly one check-in due a minute ago, and an empty outbox and task queue."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE checkins_checkinalert, checkins_checkin, messaging_outboundmessage CASCADE")
        cursor.execute("TRUNCATE django_tasks_database_dbtaskresult")
    due = timezone.now() - timedelta(minutes=1)
    plan_ids = list(CheckInPlan.objects.values_list("pk", flat=True))
    for first in range(0, len(plan_ids), BATCH):
        CheckIn.objects.bulk_create(CheckIn(plan_id=pk, due_at=due) for pk in plan_ids[first : first + BATCH])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    emit(plans=len(plan_ids))


def dispatch():
    started = time.time()
    outcomes = dispatch_checkins()
    emit(started=started, ended=time.time(), outcomes=outcomes)


def check():
    sent = CheckIn.objects.filter(status=CheckIn.Status.SENT)
    emit(
        outbox=OutboundMessage.objects.count(),
        sent=sent.count(),
        distinct_messages=sent.values("message").distinct().count(),
    )


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "populate":
        populate(int(sys.argv[2]))
    else:
        {"reset": reset, "dispatch": dispatch, "check": check}[command]()
