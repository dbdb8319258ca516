"""Load: public pages and the SMS webhook under concurrent clients, on gunicorn + PostgreSQL + Redis.

Everything runs on loopback. A PostgreSQL database is made for the run (dropped after), migrated,
seeded with the demo site plus a few thousand generated directory services, and served by two
gunicorns at once with production settings (real encryption keys, a Redis database claimed for the
run, flushed before and after): one with the page cache on, one with PAGE_CACHE=off. wrk drives
each endpoint for a fixed time with the headers nginx adds (X-Forwarded-Proto: https, a Host in
ALLOWED_HOSTS).

Configurations are interleaved round by round (each round in another order): every page is measured
on each server, and on the reference Wagtail site when BAKERYDEMO_URL is given (its home page, the
blog page BAKERYDEMO_BLOG_PATH and its search BAKERYDEMO_SEARCH_PATH), before the next round starts.
Without BAKERYDEMO_URL (no reference site runs offline) the run says so and reports no ratio to it.
A change in the machine's load then moves every configuration of a round alike, and each ratio is
the median of its per-round ratios. The 1-minute load average is recorded with every figure: the machine is shared.

Pages: the home page, a content page, a directory browse page and a search with typed words (never
cached, by design, so both servers compute it). Then POST /sms/inbound/ with thousands of distinct
texts, each with its own Twilio signature.

Each figure is requests/s, p50/p95 latency and errors: socket errors, timeouts (wrk's 2 s) and every
response other than 200 (a redirect or a 4xx counts). wrk shares the machine with gunicorn,
PostgreSQL and Redis, so the figures are for the whole stack on one box, not for the application alone.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from twilio.request_validator import RequestValidator

from tests.messaging.fake_twilio import FakeTwilio
from tests.scratch import (
    PUBLIC_BASE_URL,
    claimed_redis_database,
    free_port,
    gunicorn_command,
    production_environment,
    scratch_database,
    twilio_environment,
    unique_name,
)

from .sms import count_rows

BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")
AUTH_TOKEN = "bench-load-auth-token"  # noqa: S105 (a throwaway for the run)
HOST = "127.0.0.1"
GENERATED_SERVICES = int(os.environ.get("BENCH_LOAD_SERVICES", "3000"))
WORKERS = 3  # gunicorn sync workers per server, as the reference site is run on the 2-core machine
THREADS, CONNECTIONS, DURATION, WARM_UP = 2, 16, 5, 1  # wrk threads, connections, seconds per run
ROUNDS = int(os.environ.get("BENCH_LOAD_ROUNDS", "5"))
TYPED_SEARCH = "/en/services/?q=food"
BAKERYDEMO_URL = os.environ.get("BAKERYDEMO_URL", "").rstrip("/")
BAKERYDEMO_BLOG_PATH = os.environ.get("BAKERYDEMO_BLOG_PATH", "/blog/wild-yeast/")
BAKERYDEMO_SEARCH_PATH = os.environ.get("BAKERYDEMO_SEARCH_PATH", "/search/?q=bread")
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


def get_script(path, host=HOST):
    return LUA_GET.format(path=lua_string(path), host=host) + LUA_COMMON


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
def gunicorn(env, redis_url, page_cache):
    """gunicorn with production settings on a free loopback port; yields the port."""
    port = free_port()
    server_env = {**env, "REDIS_URL": redis_url, "PAGE_CACHE": "on" if page_cache else "off"}
    command = gunicorn_command(port, WORKERS)
    with tempfile.NamedTemporaryFile("w+", prefix="bench-load-gunicorn-", suffix=".log") as log:
        server = subprocess.Popen(command, cwd=BASE_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(port, server, log)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def wrk(base_url, script, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", file.name]
        output = subprocess.run(command + [f"{base_url}/"], check=True, capture_output=True, text=True)
    line = next(line for line in output.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    socket_errors = sum(figures[key] for key in ("connect", "read", "write", "timeout"))
    # wrk's status count (>= 400) is part of not_200, which also holds redirects.
    figures["errors"] = socket_errors + figures["not_200"]
    figures["rate"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["load"] = os.getloadavg()[0]
    return figures


def report_run(report, label, figures, detail):
    """One wrk run: the webhook's, measured once."""
    errors = figures["errors"]
    verdict = error_verdict(figures)
    setup = f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s; gunicorn {WORKERS} sync workers"
    load = f"load average {figures['load']:.1f}"
    report(f"load: {label} throughput", figures["rate"], "req/s", f"{detail}; {setup}; {verdict}; {load}")
    for percentile in (50, 95, 99):
        report(f"load: {label} latency p{percentile}", figures[f"p{percentile}_us"] / 1000, "ms", load)
    report(f"load: {label} errors", errors, "count", verdict)


def error_verdict(figures):
    if not figures["errors"]:
        return f"0 errors at {CONNECTIONS} connections"
    breakdown = ", ".join(
        f"{key} {figures[key]}" for key in ("connect", "read", "write", "timeout", "not_200") if figures[key]
    )
    return f"{figures['errors']} ERRORS at {CONNECTIONS} connections ({breakdown})"


def cache_hits(port, path):
    """Share of GETs answered from the page cache (X-Page-Cache: hit)."""
    headers = [get(port, path)[1] for _ in range(HIT_PROBES)]
    return sum(1 for h in headers if (h.get("X-Page-Cache") or "").lower() == "hit") / HIT_PROBES


def measure(target, path):
    base_url, host = target
    script = get_script(path, host)
    wrk(base_url, script, WARM_UP)  # every worker imports, compiles templates and fills its caches
    return wrk(base_url, script, DURATION)


def interleaved_rounds(targets):
    """{(target, page): [figures of each round]}: every configuration of a page within each round,
    in an order that turns by one each round."""
    names = list(targets)
    results = {}
    for number in range(ROUNDS):
        order = names[number % len(names) :] + names[: number % len(names)]
        for page in ("home", "content", "directory browse", "typed search"):
            for name in order:
                target, paths = targets[name]
                if page in paths:
                    results.setdefault((name, page), []).append(measure(target, paths[page]))
    return results


def spread(values):
    return f"{min(values):.1f}-{max(values):.1f}"


def report_rounds(report, results):
    setup = f"median of {ROUNDS} interleaved rounds; wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s"
    for (name, page), runs in results.items():
        rates = [run["rate"] for run in runs]
        loads = [run["load"] for run in runs]
        errors = sum(run["errors"] for run in runs)
        note = f"{setup}; rounds {', '.join(f'{rate:.0f}' for rate in rates)}; load average {spread(loads)}"
        report(f"load: {page}, {name} throughput", statistics.median(rates), "req/s", note)
        for percentile in (50, 95):
            latencies = [run[f"p{percentile}_us"] / 1000 for run in runs]
            report(f"load: {page}, {name} latency p{percentile}", statistics.median(latencies), "ms")
        report(f"load: {page}, {name} errors", errors, "count", "; ".join(error_verdict(run) for run in runs[:1]))


def report_ratio(report, results, label, top, bottom):
    """The median of per-round ratios top/bottom; top and bottom are (configuration, page)."""
    if top not in results or bottom not in results:
        return
    ratios = [a["rate"] / b["rate"] for a, b in zip(results[top], results[bottom], strict=True)]
    loads = [run["load"] for run in results[top] + results[bottom]]
    note = f"rounds {', '.join(f'{ratio:.2f}' for ratio in ratios)}; load average {spread(loads)}"
    report(f"load: {label}", statistics.median(ratios), "x", note)


def measure_webhook(report, port, database_url):
    before = count_rows(database_url, "messaging_inboundmessage")
    figures = wrk(f"http://{HOST}:{port}", webhook_script(WEBHOOK_BODIES), DURATION)
    stored = count_rows(database_url, "messaging_inboundmessage") - before
    repeats = "" if figures["requests"] <= WEBHOOK_BODIES else f", {figures['requests'] - WEBHOOK_BODIES} repeated"
    detail = (
        f"POST /sms/inbound/, distinct signed texts from new senders{repeats}; {stored} stored; "
        "replies queued in Redis (RQ), not sent"
    )
    report_run(report, "sms webhook", figures, detail)


def run(report):
    require_wrk()
    with (
        scratch_database(unique_name("portal_bench_load"), ADMIN_URL) as database_url,
        claimed_redis_database() as redis,
    ):
        measure_site(report, database_url, redis)


def measure_site(report, database_url, redis):
    fake_twilio = FakeTwilio()
    try:
        env = environment(database_url, fake_twilio)
        started = time.perf_counter()
        prepare(env)
        note = f"migrate, seed_demo + {GENERATED_SERVICES:,} generated services, collectstatic"
        note += f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores before the runs"
        report("load: prepare the site", time.perf_counter() - started, "s", note)
        pages = {
            "home": "/en/",
            "content": content_page_path(),
            "directory browse": "/en/services/?category=housing",
            "typed search": TYPED_SEARCH,
        }
        with ExitStack() as servers:
            cached = servers.enter_context(gunicorn(env, redis.url, page_cache=True))
            uncached = servers.enter_context(gunicorn(env, redis.url, page_cache=False))
            targets = {
                "page cache on": ((f"http://{HOST}:{cached}", HOST), pages),
                "page cache off": ((f"http://{HOST}:{uncached}", HOST), pages),
            }
            if BAKERYDEMO_URL:
                bakery = (
                    (BAKERYDEMO_URL, urlsplit(BAKERYDEMO_URL).netloc),
                    {"home": "/", "content": BAKERYDEMO_BLOG_PATH, "typed search": BAKERYDEMO_SEARCH_PATH},
                )
                targets["bakerydemo"] = bakery
            else:
                print("   no reference Wagtail site: BAKERYDEMO_URL is not set, so no ratio to it", flush=True)
            results = interleaved_rounds(targets)
            report_rounds(report, results)
            for page in ("home", "content", "directory browse"):
                report_ratio(
                    report,
                    results,
                    f"{page} cached/uncached throughput",
                    ("page cache on", page),
                    ("page cache off", page),
                )
                off = f"{cache_hits(uncached, pages[page]):.0%} with PAGE_CACHE=off"
                share = cache_hits(cached, pages[page]) * 100
                report(f"load: {page} share served from the page cache", share, "%", f"X-Page-Cache: hit; {off}")
            for page in ("home", "content", "typed search"):
                for name in ("page cache off", "page cache on"):
                    report_ratio(
                        report, results, f"{page}, {name} / bakerydemo {page}", (name, page), ("bakerydemo", page)
                    )
            measure_webhook(report, cached, database_url)
    finally:
        fake_twilio.stop()
