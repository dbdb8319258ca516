"""A real gunicorn server on a PostgreSQL database of its own, and the means to take that database away.

The fault tests cut the server off from PostgreSQL the ways it happens in production: every
connection killed at once (what a restart does to its clients), the database refusing new
connections for a while (PostgreSQL down), and one connection killed in the middle of a write.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import pytest
import requests

from tests.scratch import free_port, gunicorn_command

BASE_DIR = Path(__file__).resolve().parents[2]
PUBLIC_BASE_URL = "https://portal.example.org"
TWILIO_AUTH_TOKEN = "fault-test-auth-token-0123456789"
PREPARE = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); call_command('seed_demo')"
)


def on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


class FaultServer:
    """The running server, its database and an administrator's hand on that database."""

    def __init__(self, base_url, database, connect, sms_folder, log_path):
        self.base_url = base_url
        self.database = database
        self._connect = connect
        self.sms_folder = sms_folder
        self.log_path = log_path

    def url(self, path):
        return self.base_url + path

    def get(self, path, session=None, **kwargs):
        return (session or requests).get(self.url(path), timeout=15, allow_redirects=False, **kwargs)

    def post(self, path, data, session=None, **kwargs):
        return (session or requests).post(self.url(path), data=data, timeout=15, allow_redirects=False, **kwargs)

    def connect(self, *, autocommit=True):
        """A connection to the server's own database (not counted among the server's backends)."""
        return self._connect(self.database, autocommit=autocommit)

    @contextlib.contextmanager
    def admin(self):
        """A connection to the maintenance database, from where the server's database is managed."""
        with self._connect("postgres", autocommit=True) as connection:
            yield connection

    def backend_pids(self, exclude=()):
        with self.admin() as admin:
            rows = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                [self.database],
            ).fetchall()
        return {pid for (pid,) in rows} - set(exclude)

    def terminate_backends(self, exclude=()):
        """Kill every connection to the server's database, as a PostgreSQL restart does; returns how many."""
        with self.admin() as admin:
            rows = admin.execute(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid() AND NOT pid = ANY(%s::int[])",
                [self.database, list(exclude)],
            ).fetchall()
        killed = {pid for pid, done in rows if done}
        self.wait_until_gone(killed)
        return len(killed)

    def wait_until_gone(self, pids, timeout=10):
        deadline = time.monotonic() + timeout
        while self.backend_pids() & set(pids):
            assert time.monotonic() < deadline, f"backends {pids} still alive after pg_terminate_backend"
            time.sleep(0.05)

    def allow_connections(self, allowed):
        with self.admin() as admin:
            admin.execute(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS {"true" if allowed else "false"}')

    @contextlib.contextmanager
    def refusing_connections(self):
        """PostgreSQL down for the server: no new connection, every existing one killed.

        Connections are always allowed again afterwards, even when the test inside fails.
        """
        try:
            self.allow_connections(False)
            self.terminate_backends()
            yield
        finally:
            self.allow_connections(True)

    def log(self):
        return self.log_path.read_text(errors="replace")


@pytest.fixture(scope="session")
def fault_server(tmp_path_factory):
    if not on_postgresql():
        pytest.skip("the database fault tests need PostgreSQL (DATABASE_URL=postgres://...)")
    import psycopg

    configured = os.environ["DATABASE_URL"]
    params = dj_database_url.parse(configured)

    def connect(dbname, *, autocommit=True):
        return psycopg.connect(
            host=params["HOST"] or "127.0.0.1",
            port=params["PORT"] or 5432,
            user=params["USER"],
            password=params["PASSWORD"],
            dbname=dbname,
            autocommit=autocommit,
            connect_timeout=5,
        )

    # One database per run: other runs may share this PostgreSQL.
    database = f"portal_fault_tests_{os.getpid()}"
    tmp_dir = tmp_path_factory.mktemp("fault-server")
    sms_folder = tmp_dir / "sms"
    log_path = tmp_dir / "server.log"
    base, _name = configured.rsplit("/", 1)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"{base}/{database}",
        "SMS_BACKEND": "portal.messaging.backends.file.FileBackend",
        "SMS_FILE_PATH": str(sms_folder),
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "ONCALL_EMAIL": "",
    }
    with connect("postgres") as admin:

        def drop():
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

        drop()
        admin.execute(f'CREATE DATABASE "{database}"')
        server = None
        log = log_path.open("wb")
        try:
            # Migrate and seed in one process: it halves the start-up cost of this module.
            prepared = subprocess.run([sys.executable, "-c", PREPARE], cwd=BASE_DIR, env=env, capture_output=True)
            if prepared.returncode != 0:
                raise RuntimeError(f"migrate/seed_demo failed: {prepared.stderr.decode(errors='replace')[-2000:]}")
            port = free_port()
            server = subprocess.Popen(
                gunicorn_command(port, 2, "--timeout", "30", "--graceful-timeout", "5"),
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                # A file, not a pipe: the tracebacks these tests provoke must never fill a pipe and stall a worker.
                stderr=log,
            )
            base_url = f"http://127.0.0.1:{port}"
            wait_until_healthy(base_url, server, log_path)
            yield FaultServer(base_url, database, connect, sms_folder, log_path)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=15)
            log.close()
            admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS true')
            drop()


def wait_until_healthy(base_url, server, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"portal server did not start: {log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
