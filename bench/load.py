"""Load: public pages and the SMS webhook under concurrent clients, on gunicorn + PostgreSQL + Redis.

Everything runs on loopback. A PostgreSQL database is made for the run (dropped after), migrated,
seeded with the demo site plus a few thousand generated directory services, and served by gunicorn
with production settings (real encryption keys, Redis cache and task queue in Redis database 7,
flushed before and after). wrk then drives each endpoint for a fixed time with the headers nginx
adds (X-Forwarded-Proto: https, a Host in ALLOWED_HOSTS):

- the home page, a content page and a directory browse page, once with the page cache on and once
  with gunicorn restarted with PAGE_CACHE=off, giving the cached/uncached throughput ratio and the
  share of responses served from the cache (X-Page-Cache: hit);
- a free-text directory search;
- POST /sms/inbound/ with thousands of distinct texts, each with its own Twilio signature.

Each figure is requests/s, p50/p95/p99 latency and errors: socket errors, timeouts (wrk's 2 s)
and every response other than 200 (a redirect or a 4xx counts). wrk's latencies leave out requests
that timed out. wrk shares the machine with gunicorn, PostgreSQL and Redis, so the figures are for
the whole stack on one box, not for the application alone.
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import redis
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

from .sms import count_rows

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = "portal_bench_load"
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")
REDIS_URL = "redis://127.0.0.1:6379/7"
AUTH_TOKEN = "bench-load-auth-token"  # noqa: S105 (a throwaway for the run)
HOST = "127.0.0.1"
GENERATED_SERVICES = 3000
WORKERS = 4  # gunicorn sync workers: 2 per core on the 2-core machine the figures are taken on
THREADS, CONNECTIONS, DURATION, WARM_UP = 2, 16, 10, 2  # wrk threads, connections, seconds per run
WEBHOOK_BODIES = 6000  # more than a 10 s run sends, so no MessageSid repeats
HIT_PROBES = 10
SMS_TEXT = "Hello, can someone help me?"

LUA_COMMON = """
local threads = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
unexpected = 0
function response(status, headers, body)
  if status ~= 200 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local others = 0
  for _, thread in ipairs(threads) do others = others + thread:get("unexpected") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d, "not_200": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.timeout, e.status, others))
end
"""

LUA_GET = """
wrk.method = "GET"
wrk.path = {path}
wrk.headers["Host"] = "{host}"
wrk.headers["X-Forwarded-Proto"] = "https"
"""

LUA_WEBHOOK = """
bodies = {{
{bodies}
}}
function init(args)
  prepared = {{}}
  for n, entry in ipairs(bodies) do
    prepared[n] = wrk.format("POST", "/sms/inbound/", {{
      ["Host"] = "{host}",
      ["X-Forwarded-Proto"] = "https",
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = entry[2],
    }}, entry[1])
  end
  step = {threads}
  next_index = id  -- each thread takes every {threads}th body, so threads never repeat each other
end
function request()
  local r = prepared[(next_index % #prepared) + 1]
  next_index = next_index + step
  return r
end
"""


def lua_string(text):
    assert text.isascii() and "\n" not in text, text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def get_script(path):
    return LUA_GET.format(path=lua_string(path), host=HOST) + LUA_COMMON


def webhook_script(count):
    """A Lua table of distinct signed webhook bodies: new senders, new MessageSids."""
    validator = RequestValidator(AUTH_TOKEN)
    entries = []
    for index in range(count):
        params = {
            "MessageSid": f"SM{os.urandom(16).hex()}",
            "AccountSid": "AC" + "0" * 32,
            "From": f"+1512555{index:04d}",
            "To": "+15125550199",
            "Body": SMS_TEXT,
        }
        signature = validator.compute_signature(PUBLIC_BASE_URL + "/sms/inbound/", params)
        entries.append(f"  {{{lua_string(urlencode(params))}, {lua_string(signature)}}},")
    return LUA_WEBHOOK.format(bodies="\n".join(entries), host=HOST, threads=THREADS) + LUA_COMMON


def require_wrk():
    if shutil.which("wrk") is None:
        raise SystemExit("bench load needs wrk: apt-get install wrk")


def environment(database_url, fake_twilio):
    return production_environment(database_url, **twilio_environment(fake_twilio, AUTH_TOKEN))


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, capture_output=True)


def prepare(env):
    """Migrate, seed (test settings: production refuses seed_demo; same database and keys), collect static."""
    manage(env, "migrate", "--noinput")
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "bench._load_seed", str(GENERATED_SERVICES)],
        cwd=BASE_DIR,
        env=seed_env,
        check=True,
        capture_output=True,
    )
    manage(env, "collectstatic", "--noinput")


def content_page_path():
    """The first seeded ContentPage directly under the home page."""
    pages = json.loads((BASE_DIR / "content" / "seed_data" / "pages.json").read_text(encoding="utf-8"))
    page = next(p for p in pages if p["type"] == "ContentPage" and p["parent"] == "home")
    return f"/en/{page['slug']}/"


def get(port, path):
    """One GET as nginx would forward it, redirects not followed: (status, headers)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def wait_for(port, server, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: {Path(log.name).read_text()[-2000:]}")


@contextmanager
def gunicorn(env, page_cache):
    """gunicorn with production settings on a free loopback port; yields the port."""
    port = free_port()
    server_env = {**env, "REDIS_URL": REDIS_URL, "PAGE_CACHE": "on" if page_cache else "off"}
    command = gunicorn_command(port, WORKERS)
    with tempfile.NamedTemporaryFile("w+", prefix="bench-load-gunicorn-", suffix=".log") as log:
        server = subprocess.Popen(command, cwd=BASE_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(port, server, log)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def wrk(port, script, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", file.name]
        output = subprocess.run(command + [f"http://{HOST}:{port}/"], check=True, capture_output=True, text=True)
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    socket_errors = sum(figures[key] for key in ("connect", "read", "write", "timeout"))
    # wrk's status count (>= 400) is part of not_200, which also holds redirects.
    figures["errors"] = socket_errors + figures["not_200"]
    figures["rate"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def report_run(report, label, figures, detail):
    errors = figures["errors"]
    if errors:
        breakdown = ", ".join(
            f"{key} {figures[key]}" for key in ("connect", "read", "write", "timeout", "not_200") if figures[key]
        )
        verdict = f"{errors} ERRORS at {CONNECTIONS} connections ({breakdown})"
    else:
        verdict = f"0 errors at {CONNECTIONS} connections"
    setup = f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s; gunicorn {WORKERS} sync workers"
    report(f"load: {label} throughput", figures["rate"], "req/s", f"{detail}; {setup}; {verdict}")
    for percentile in (50, 95, 99):
        report(f"load: {label} latency p{percentile}", figures[f"p{percentile}_us"] / 1000, "ms")
    report(f"load: {label} errors", errors, "count", verdict)


def cache_hits(port, path):
    """Share of GETs answered from the page cache (X-Page-Cache: hit), and whether the header exists at all."""
    headers = [get(port, path)[1] for _ in range(HIT_PROBES)]
    hits = sum(1 for h in headers if (h.get("X-Page-Cache") or "").lower() == "hit")
    return hits / HIT_PROBES, any(h.get("X-Page-Cache") is not None for h in headers)


def measure(port, script):
    wrk(port, script, WARM_UP)  # every worker imports, compiles templates and fills the cache
    return wrk(port, script, DURATION)


def run_cached(report, env, pages, database_url):
    """Page cache on: the cached pages, the search and the webhook. Returns {page: (figures, hit share)}."""
    cached = {}
    with gunicorn(env, page_cache=True) as port:
        for label, path in pages.items():
            figures = measure(port, get_script(path))
            hit_share, has_header = cache_hits(port, path)
            cached[label] = (figures, hit_share, has_header)
            report_run(report, f"{label}, page cache on", figures, path)
        search = "/en/services/?q=food"
        figures = measure(port, get_script(search))
        report_run(report, "directory search", figures, f"{search}, page cache on")

        before = count_rows(database_url, "messaging_inboundmessage")
        figures = wrk(port, webhook_script(WEBHOOK_BODIES), DURATION)
        stored = count_rows(database_url, "messaging_inboundmessage") - before
        repeats = "" if figures["requests"] <= WEBHOOK_BODIES else f", {figures['requests'] - WEBHOOK_BODIES} repeated"
        detail = (
            f"POST /sms/inbound/, distinct signed texts from new senders{repeats}; {stored} stored; "
            "replies queued in Redis (RQ), not sent"
        )
        report_run(report, "sms webhook", figures, detail)
    return cached


def run_uncached(report, env, pages, cached):
    with gunicorn(env, page_cache=False) as port:
        for label, path in pages.items():
            figures = measure(port, get_script(path))
            report_run(report, f"{label}, page cache off", figures, path)
            on, hit_share, has_header = cached[label]
            off_share, _off_header = cache_hits(port, path)
            found = f"X-Page-Cache: hit on {hit_share:.0%} of GETs after warming ({off_share:.0%} with PAGE_CACHE=off)"
            if not has_header:
                found = "no X-Page-Cache header: the page cache is not serving this page"
            report(f"load: {label} cached/uncached throughput", on["rate"] / figures["rate"], "x", found)


def run(report):
    require_wrk()
    with scratch_database(DATABASE, ADMIN_URL) as database_url:
        measure_site(report, database_url)


def measure_site(report, database_url):
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()
    fake_twilio = FakeTwilio()
    try:
        env = environment(database_url, fake_twilio)
        started = time.perf_counter()
        prepare(env)
        note = f"migrate, seed_demo + {GENERATED_SERVICES:,} generated services, collectstatic"
        note += f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores before the runs"
        report("load: prepare the site", time.perf_counter() - started, "s", note)
        pages = {"home": "/en/", "content": content_page_path(), "directory browse": "/en/services/?category=housing"}
        cached = run_cached(report, env, pages, database_url)
        cache.flushdb()
        run_uncached(report, env, pages, cached)
    finally:
        fake_twilio.stop()
        cache.flushdb()
        cache.close()
