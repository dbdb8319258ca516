"""Drills for the outbox under faults, with the production task setup: the RQ backend on Redis,
real `manage.py rqworker` processes, the real twilio client and PostgreSQL.

- Twilio answers 503 for a while: nothing is lost, and once it is back the workers' scheduled
  retries drain the outbox, each text accepted exactly once, with several workers at once.
- A worker is killed (SIGKILL) after claiming a text and before sending it: nobody sends it
  while the claim holds; once the claim lapses the every-minute `send_queued_sms` sends it,
  once.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.messaging.fake_twilio import FakeTwilio
from tests.scratch import (
    claimed_redis_database,
    production_environment,
    scratch_database,
    twilio_environment,
    unique_name,
)

BASE_DIR = Path(__file__).resolve().parents[2]
# Long enough that starting a command on a busy machine never outlasts it by accident.
CLAIM_SECONDS = 15


def redis_missing():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return "Redis is not running on 127.0.0.1:6379" if not os.environ.get("PORTAL_REQUIRE_SERVICES") else ""
    return ""


pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the drills run on PostgreSQL"
    ),
    pytest.mark.skipif(bool(redis_missing()), reason="the drills need Redis on 127.0.0.1:6379"),
]


@pytest.fixture(scope="module")
def fake_twilio():
    server = FakeTwilio()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def environment(fake_twilio, tmp_path_factory):
    """Production settings as an operator runs them, with a short claim and retry for the drill."""
    with scratch_database(unique_name("portal_drills")) as database_url, claimed_redis_database() as redis_db:
        env = production_environment(
            database_url,
            REDIS_URL=redis_db.url,
            **twilio_environment(fake_twilio, "drill-auth-token"),
            SMS_CLAIM_SECONDS=str(CLAIM_SECONDS),
            SMS_RETRY_BASE_SECONDS="1",
            PYTHONPATH=str(BASE_DIR),
            DRILL_MARKER_DIR=str(tmp_path_factory.mktemp("drill-markers")),
        )
        manage = [sys.executable, "manage.py", "migrate", "--noinput"]
        subprocess.run(manage, cwd=BASE_DIR, env=env, check=True, capture_output=True)
        yield env, redis_db


@pytest.fixture
def drill(environment, fake_twilio):
    environment, redis_db = environment
    redis_db.flush()
    fake_twilio.reset()
    workers = []
    yield Drill(environment, workers)
    for worker in workers:
        kill_group(worker)
    redis_db.flush()
    with psycopg.connect(environment["DATABASE_URL"]) as connection:
        connection.execute("TRUNCATE messaging_contact CASCADE")  # and the outbox with it


class Drill:
    def __init__(self, env, workers):
        self.env = env
        self.workers = workers

    def manage(self, *args, env=None):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env or self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def queue_texts(self, count):
        """Queue `count` texts the way the portal does (send_sms in a transaction: the task is
        enqueued on Redis when it commits), each to its own number, sendable at any hour."""
        script = (
            "from datetime import time\n"
            "from django.db import transaction\n"
            "from portal.messaging import send_sms, texts\n"
            "from portal.messaging.models import Contact\n"
            f"for n in range({count}):\n"
            "    contact, _ = Contact.objects.get_or_create_for_phone(\n"
            "        f'+1713555{n:04d}', safe_hours_start=time(0), safe_hours_end=time(0))\n"
            "    with transaction.atomic():\n"
            "        send_sms(contact, texts.FREE_TEXT, {'text': f'drill text {n}'}, language='en')\n"
        )
        self.manage("shell", "-c", script)

    def start_worker(self, **extra_env):
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "rqworker", "--with-scheduler", "--verbosity", "0", "default"],
            cwd=BASE_DIR,
            env={**self.env, **extra_env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own process group: the RQ scheduler runs in a child process, and killing the
            # group is what systemd (or a crash of the machine) does to a worker.
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def statuses(self):
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            rows = connection.execute("SELECT status, count(*) FROM messaging_outboundmessage GROUP BY status")
            return dict(rows.fetchall())

    def errors(self):
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            rows = connection.execute(
                "SELECT error_code, attempts, next_attempt_at - now() FROM messaging_outboundmessage"
            )
            return rows.fetchall()

    def claimed_pending(self):
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(
                "SELECT count(*) FROM messaging_outboundmessage WHERE status = 'pending' AND claimed_until > now()"
            ).fetchone()[0]


def kill_group(worker):
    """SIGKILL a worker with its scheduler child, as systemd stops a unit or a crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_until(condition, seconds, what, state=lambda: None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}: {state()}")


def accepted_numbers(fake_twilio):
    """Which drill texts the provider accepted, by their number, as often as it accepted each."""
    return sorted(
        int(number) for form in fake_twilio.accepted for number in re.findall(r"drill text (\d+)", form["Body"])
    )


def test_a_twilio_outage_loses_nothing_and_the_outbox_drains_once_it_is_back(drill, fake_twilio):
    count = 30
    fake_twilio.outage = True
    for _ in range(3):
        drill.start_worker()
    drill.queue_texts(count)

    # Every text is tried during the outage and waits for a retry; nothing is accepted or dropped.
    wait_until(
        lambda: len(fake_twilio.requests) >= count,
        60,
        "a first attempt at every text",
        lambda: (drill.statuses(), len(fake_twilio.requests), drill.errors()),
    )
    assert fake_twilio.accepted == []
    assert drill.statuses() == {"pending": count}

    fake_twilio.outage = False
    wait_until(lambda: drill.statuses() == {"submitted": count}, 90, "the outbox to drain after the outage")

    assert accepted_numbers(fake_twilio) == list(range(count))  # every text, once
    # The safety net finds nothing left to send.
    assert drill.manage("send_queued_sms").strip() == "nothing due"
    assert len(fake_twilio.accepted) == count


def test_a_worker_killed_between_claiming_and_sending_leaves_a_text_that_is_sent_once(drill, fake_twilio):
    marker = Path(drill.env["DRILL_MARKER_DIR"]) / "claimed"
    marker.unlink(missing_ok=True)
    frozen = drill.start_worker(SMS_BACKEND="tests.faults.stalling_backend.StallBeforeSend")
    drill.queue_texts(1)

    wait_until(marker.exists, 60, "the worker to claim the text")
    kill_group(frozen)
    assert drill.claimed_pending() == 1
    assert fake_twilio.requests == []

    # A worker started at once, and the safety net, leave the text to its (dead) claimant...
    drill.start_worker()
    assert drill.manage("send_queued_sms").strip() == "nothing due"
    assert fake_twilio.requests == []

    # ...until the claim lapses: then it is sent, once.
    time.sleep(CLAIM_SECONDS + 0.5)
    assert drill.manage("send_queued_sms").strip() == "1 submitted"
    assert drill.manage("send_queued_sms").strip() == "nothing due"
    time.sleep(1)  # give the running worker every chance to send it a second time
    assert accepted_numbers(fake_twilio) == [0]
    assert drill.statuses() == {"submitted": 1}
