"""Voice: the inbound voice webhooks' latency with 50 calls at once, on gunicorn + PostgreSQL.

Everything runs on loopback. A PostgreSQL database is made for the run (dropped after), migrated,
seeded with the demo site plus a few hundred generated directory services (so the places a caller
hears come from a real search), and served by gunicorn with production settings. 50 clients each
walk calls the way Twilio would post them, every request signed with the server's auth token:
/voice/inbound/, then a language key (English or Spanish), then 1 for places, then a Texas ZIP
(which answers with the places open now). GET /healthz is measured the same way (50 clients, as
many requests) before and after, and the voice figures are also given as ratios to it: the machine
is shared, so the ratio moves less than the milliseconds do.

Twilio waits 15 s for a webhook's answer before it gives up on the call; the p99 is given as a
fraction of that too. The default run is short (4 calls per client, 800 requests);
BENCH_VOICE_CALLS sets the calls per client, BENCH_VOICE_SERVICES the generated services.
"""

import http.client
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from tests.messaging.fake_twilio import FakeTwilio
from tests.scratch import (
    PUBLIC_BASE_URL,
    free_port,
    gunicorn_command,
    production_environment,
    scratch_database,
    twilio_environment,
    unique_name,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")
AUTH_TOKEN = "bench-voice-auth-token"  # noqa: S105 (a throwaway for the run)
CLIENTS = 50
CALLS_PER_CLIENT = int(os.environ.get("BENCH_VOICE_CALLS", "4"))
GENERATED_SERVICES = int(os.environ.get("BENCH_VOICE_SERVICES", "300"))
WORKERS = 3  # gunicorn sync workers, as bench/load.py runs the 2-core machine
TWILIO_TIMEOUT_MS = 15_000
ZIPS = ["77002", "78701", "75201", "78205", "79901"]  # Houston, Austin, Dallas, San Antonio, El Paso
LANGUAGE_KEYS = ["*", "1"]  # English (also what silence means), Spanish
HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}  # what nginx in front of gunicorn says


def signed(path, params):
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + path, params)
    return path, urlencode(params), signature


def call_walk(client, number):
    """The signed requests of one call: ring, language, places, ZIP."""
    params = {
        "CallSid": f"CA{client:04d}{number:028d}",
        "AccountSid": "AC" + "0" * 32,
        "From": f"+1713555{(client * 37 + number) % 10000:04d}",
        "To": "+15125550199",
        "CallStatus": "in-progress",
        "Direction": "inbound",
    }
    return [
        signed("/voice/inbound/", params),
        signed("/voice/step/language/", {**params, "Digits": LANGUAGE_KEYS[(client + number) % 2]}),
        signed("/voice/step/menu/", {**params, "Digits": "1"}),
        signed("/voice/step/zip/", {**params, "Digits": ZIPS[(client + number) % len(ZIPS)]}),
    ]


def drive(port, walks):
    """Each client's requests in order over its own connection, all clients at once; latencies in ms."""

    def client(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results = []
        for path, body, signature in requests:
            started = time.perf_counter()
            if body is None:
                connection.request("GET", path, headers=HEADERS)
            else:
                headers = {
                    **HEADERS,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature,
                }
                connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            results.append(((time.perf_counter() - started) * 1000, response.status, content))
        connection.close()
        return results

    with ThreadPoolExecutor(len(walks)) as pool:
        return [result for chunk in pool.map(client, walks) for result in chunk]


def percentile(latencies, fraction):
    ordered = sorted(latencies)
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def wait_for(port, server):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers=HEADERS)
            if connection.getresponse().status == 200:
                return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")


def run(report):
    with scratch_database(unique_name("portal_bench_voice"), ADMIN_URL) as database_url:
        measure(report, database_url)


def measure(report, database_url):
    fake_twilio = FakeTwilio()  # nothing here texts anyone, but the production settings want a provider
    env = production_environment(database_url, **twilio_environment(fake_twilio, AUTH_TOKEN))
    server = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, "-m", "bench._load_seed", str(GENERATED_SERVICES)],
            cwd=BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
            check=True,
            capture_output=True,
        )
        port = free_port()
        server = subprocess.Popen(
            gunicorn_command(port, WORKERS), cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        wait_for(port, server)
        drive(port, [call_walk(10_000 + client, 0) for client in range(CLIENTS)])  # warm up every worker

        per_client = 4 * CALLS_PER_CLIENT
        health_walk = [("/healthz", None, None)] * per_client
        health = drive(port, [health_walk] * CLIENTS)
        walks = [
            [request for number in range(CALLS_PER_CLIENT) for request in call_walk(client, number)]
            for client in range(CLIENTS)
        ]
        started = time.perf_counter()
        voice = drive(port, walks)
        elapsed = time.perf_counter() - started
        health += drive(port, [health_walk] * CLIENTS)

        assert {status for _ms, status, _content in voice} == {200}, {status for _ms, status, _c in voice}
        assert all(b"<Say" in content for _ms, _status, content in voice)
        assert {status for _ms, status, _content in health} == {200}
        voice_ms = [ms for ms, _status, _content in voice]
        health_ms = [ms for ms, _status, _content in health]
        figures = {name: percentile(voice_ms, fraction) for name, fraction in (("p95", 0.95), ("p99", 0.99))}
        figures["p50"] = statistics.median(voice_ms)
        health_figures = {"p50": statistics.median(health_ms), "p95": percentile(health_ms, 0.95)}
        health_figures["p99"] = percentile(health_ms, 0.99)

        note = (
            f"{len(voice)} signed POSTs ({CLIENTS * CALLS_PER_CLIENT} calls), {CLIENTS} clients at once, "
            f"gunicorn {WORKERS} sync workers, PostgreSQL, {GENERATED_SERVICES} generated services"
        )
        report("voice webhook throughput", len(voice) / elapsed, "req/s", note)
        for name in ("p50", "p95", "p99"):
            report(f"voice webhook latency {name}", figures[name], "ms")
        report(
            "voice webhook p99 / Twilio's 15 s timeout",
            figures["p99"] / TWILIO_TIMEOUT_MS,
            "ratio",
            "under 1 answers in time; Twilio gives up on the call at 1",
        )
        for name in ("p50", "p95", "p99"):
            report(f"healthz latency {name}, same clients", health_figures[name], "ms")
            report(
                f"voice webhook {name} / healthz {name}",
                figures[name] / health_figures[name],
                "ratio",
                f"{len(health)} GET /healthz the same way, before and after",
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        fake_twilio.stop()
