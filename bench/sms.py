"""SMS: inbound webhook throughput on gunicorn + PostgreSQL, and the outbox drain rate.

Everything runs on loopback: gunicorn serves /sms/inbound/ with production settings (database
task backend, real encryption keys) in a PostgreSQL database made for the run and dropped after;
2,000 signed webhook calls from 16 concurrent clients, then 200 duplicates that must change
nothing. The drain sends 1,000 queued texts with the real twilio client to the fake Twilio
server from tests/messaging, with one worker and with four.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from twilio.request_validator import RequestValidator

from tests.messaging.fake_twilio import FakeTwilio
from tests.scratch import (
    PUBLIC_BASE_URL,
    free_port,
    gunicorn_command,
    production_environment,
    scratch_database,
    twilio_environment,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = "portal_bench_sms"
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")
AUTH_TOKEN = "bench-auth-token"  # noqa: S105 (a throwaway for the run)
INBOUND_COUNT = 2000
DUPLICATES = 200
CLIENTS = 16
DRAIN_COUNT = 1000
REDIS_URL = "redis://127.0.0.1:6379/8"  # flushed before and after
BODIES = ["Hello, can someone help me?", "AYUDA", "I need a lawyer", "STOP", "SOS", "救命", "Is this the right number?"]


def environment(database_url, fake_twilio):
    return production_environment(database_url, **twilio_environment(fake_twilio, AUTH_TOKEN))


def signed_request(index):
    params = {
        "MessageSid": f"SM{index:032d}",
        "AccountSid": "AC" + "0" * 32,
        "From": f"+1713555{index % 500:04d}",  # 500 senders: new contacts and ongoing conversations
        "To": "+15125550199",
        "Body": BODIES[index % len(BODIES)],
    }
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + "/sms/inbound/", params)
    return urlencode(params), signature


def post_all(port, requests):
    """POST every (body, signature) over keep-alive connections; latencies in ms and statuses."""
    chunks = [requests[i::CLIENTS] for i in range(CLIENTS)]

    def client(chunk):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results = []
        for body, signature in chunk:
            started = time.perf_counter()
            connection.request(
                "POST",
                "/sms/inbound/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature,
                    "X-Forwarded-Proto": "https",  # as the TLS proxy in front of gunicorn says
                    "Host": "127.0.0.1",
                },
            )
            response = connection.getresponse()
            response.read()
            results.append(((time.perf_counter() - started) * 1000, response.status))
        connection.close()
        return results

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [result for chunk in pool.map(client, chunks) for result in chunk]


def wait_for(port, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")


def count_rows(database_url, table):
    with psycopg.connect(database_url) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)


def submitted_count(database_url):
    with psycopg.connect(database_url) as connection:
        query = "SELECT count(*) FROM messaging_outboundmessage WHERE status = 'submitted'"
        return connection.execute(query).fetchone()[0]


def rq_drain_seconds(env, fake_twilio, count):
    """Seconds from committing DRAIN_COUNT texts to the last one handed to the provider, with
    `count` RQ workers already waiting on the queue (the production setup with REDIS_URL)."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    fake_twilio.reset()
    rq_env = {**env, "REDIS_URL": REDIS_URL}
    command = [sys.executable, "manage.py", "rqworker", "--with-scheduler", "--verbosity", "0", "default"]
    workers = [
        subprocess.Popen(command, cwd=BASE_DIR, env=rq_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        deadline = time.monotonic() + 60
        while Worker.count(connection=connection) < count:
            assert time.monotonic() < deadline, "the RQ workers did not start"
            time.sleep(0.1)
        output = subprocess.run(
            [sys.executable, "-m", "bench._sms_drain", str(DRAIN_COUNT), "0"],
            cwd=BASE_DIR,
            env=rq_env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        committed_at = json.loads(output.strip().splitlines()[-1])["committed_at"]
        while submitted_count(env["DATABASE_URL"]) < DRAIN_COUNT:
            assert time.monotonic() < deadline + 120, "the RQ workers did not drain the outbox"
            time.sleep(0.05)
        seconds = time.time() - committed_at
        assert len(fake_twilio.accepted) == DRAIN_COUNT, len(fake_twilio.accepted)
        return seconds
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        connection.flushdb()


def run(report):
    with scratch_database(DATABASE, ADMIN_URL) as database_url:
        measure_sms(report, database_url)


def measure_sms(report, database_url):
    fake_twilio = FakeTwilio()
    env = environment(database_url, fake_twilio)
    workers = max(2, (os.cpu_count() or 1) * 2)
    server = None
    try:
        manage = [sys.executable, "manage.py"]
        subprocess.run(manage + ["migrate", "--noinput"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            gunicorn_command(port, workers),
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for(port, server)
        post_all(port, [signed_request(10**6 + i) for i in range(50)])  # warm up every worker

        requests = [signed_request(i) for i in range(INBOUND_COUNT)]
        started = time.perf_counter()
        results = post_all(port, requests)
        elapsed = time.perf_counter() - started
        latencies = sorted(ms for ms, _status in results)
        assert {status for _ms, status in results} == {200}, {status for _ms, status in results}
        note = f"{INBOUND_COUNT} signed POSTs, {CLIENTS} clients, gunicorn {workers} sync workers, PostgreSQL"
        report("sms inbound webhook throughput", INBOUND_COUNT / elapsed, "msg/s", note)
        report("sms inbound webhook latency p50", statistics.median(latencies), "ms")
        report("sms inbound webhook latency p95", latencies[int(len(latencies) * 0.95) - 1], "ms")
        report("sms inbound webhook latency p99", latencies[int(len(latencies) * 0.99) - 1], "ms")

        stored = count_rows(database_url, "messaging_inboundmessage")
        duplicates = post_all(port, requests[:DUPLICATES])
        assert {status for _ms, status in duplicates} == {200}
        assert count_rows(database_url, "messaging_inboundmessage") == stored == INBOUND_COUNT + 50
        report("sms inbound duplicates stored", 0, "rows", f"{DUPLICATES} repeated MessageSids changed nothing")
        server.terminate()
        server.wait(timeout=10)
        server = None

        for drain_workers in (1, 4):
            fake_twilio.reset()
            output = subprocess.run(
                [sys.executable, "-m", "bench._sms_drain", str(DRAIN_COUNT), str(drain_workers)],
                cwd=BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            assert result["submitted"] == DRAIN_COUNT == len(fake_twilio.message_requests), result
            report(
                f"sms outbox drain rate, {drain_workers} worker(s)",
                DRAIN_COUNT / result["seconds"],
                "msg/s",
                f"{DRAIN_COUNT} texts, real twilio client -> fake Twilio on loopback, each sent once",
            )
        for rq_workers in (1, 4):
            seconds = rq_drain_seconds(env, fake_twilio, rq_workers)
            report(
                f"sms outbox drain rate, {rq_workers} RQ worker(s)",
                DRAIN_COUNT / seconds,
                "msg/s",
                f"{DRAIN_COUNT} texts queued in Redis, `manage.py rqworker` processes, each sent once",
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        fake_twilio.stop()
