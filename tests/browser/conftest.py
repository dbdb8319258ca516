"""Real Chromium against a real server: gunicorn, whitenoise-compressed static files,
a database of its own seeded by `seed_demo`, and a local stand-in for the neutral
quick-exit destination that records what it receives."""

import os
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dj_database_url
import pytest

from tests.clock import server_clock_environment
from tests.scratch import free_port, gunicorn_command, unique_name

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BASE_DIR = Path(__file__).resolve().parents[2]
# Its own name per run, so two runs can share one PostgreSQL server.
SERVER_DATABASE = unique_name("portal_browser")
# Playwright's sync API keeps an event loop in this thread; the in-process ORM is
# not used while a browser runs, so Django's async-safety guard is relaxed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class NeutralSite:
    """The stand-in for QUICK_EXIT_URL, on another origin, remembering each request."""

    def __init__(self):
        self.requests = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.requests.append({"path": self.path, "headers": dict(self.headers)})
                body = b"<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather today</h1></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/neutral/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def server_database_url(tmp_dir):
    """A database only the server uses; PostgreSQL when the suite runs on it."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'browser.sqlite3'}", lambda: None
    import psycopg

    params = dj_database_url.parse(configured)
    admin = psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{SERVER_DATABASE}" WITH (FORCE)')

    drop()
    admin.execute(f'CREATE DATABASE "{SERVER_DATABASE}"')
    base, _name = configured.rsplit("/", 1)
    return f"{base}/{SERVER_DATABASE}", drop


@pytest.fixture(scope="session")
def neutral_site():
    site = NeutralSite()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def sms_folder(tmp_path_factory):
    """Where the server's file SMS backend writes each text it sends, one JSON file each."""
    return tmp_path_factory.mktemp("sms")


@pytest.fixture(scope="session")
def email_folder(tmp_path_factory):
    """Where the server writes each email it sends (Django's file backend), one file per connection."""
    return tmp_path_factory.mktemp("email")


@pytest.fixture(scope="session")
def server_environment(pytestconfig, tmp_path_factory, neutral_site, sms_folder, email_folder):
    """The environment the server runs in, with its own database (dropped after the run), at the
    instant the whole run is pinned to."""
    tmp_dir = tmp_path_factory.mktemp("portal-server")
    database_url, drop_database = server_database_url(tmp_dir)
    yield {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "PORTAL_BUILT_STATIC_ROOT": str(tmp_dir / "static"),
        "QUICK_EXIT_URL": neutral_site.url,
        "SMS_BACKEND": "portal.messaging.backends.file.FileBackend",
        "SMS_FILE_PATH": str(sms_folder),
        "EMAIL_FILE_PATH": str(email_folder),
        **server_clock_environment(pytestconfig),
    }
    drop_database()


@pytest.fixture(scope="session")
def portal_server(server_environment):
    env = server_environment
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(manage + command, cwd=BASE_DIR, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        gunicorn_command(port, 2),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"portal server did not start: {server.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.2)
    yield base_url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def server_shell(portal_server, server_environment):
    """Run Python in the server's own database (`manage.py shell -c`) and return what it printed:
    how a browser test prepares people and records the page will then show."""

    def run(script):
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=BASE_DIR,
            env=server_environment,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A fresh browser profile the size of a small phone (320 x 640)."""
    context = chromium.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desk(chromium):
    """A staff member's desktop browser."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_without_js(chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
