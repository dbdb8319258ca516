"""For tests and benchmarks that run the portal as separate processes: a free loopback port,
a PostgreSQL database of their own, and the environment production settings need."""

import contextlib
import os
import secrets
import socket
import sys

import dj_database_url
from cryptography.fernet import Fernet

PUBLIC_BASE_URL = "https://portal.example.org"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def maintenance_url():
    """The `postgres` database of the server DATABASE_URL names (the default server otherwise)."""
    params = dj_database_url.parse(os.environ.get("DATABASE_URL") or "postgres://portal@127.0.0.1:5432/portal")
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgresql://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/postgres"


def unique_name(prefix):
    """A name no other run on this machine is using: two suites can share one PostgreSQL server."""
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"


REDIS_CLAIM_KEY = "portal-test-run-claim"
REDIS_CLAIM_SECONDS = 3 * 3600


@contextlib.contextmanager
def claimed_redis_database(host="127.0.0.1", port=6379):
    """Yield the URL of a Redis database (1-15) that no other run holds, claimed with a key that
    expires on its own if this run is killed. Database 0 is left to development servers."""
    import redis

    token = unique_name("claim")
    for number in range(1, 16):
        client = redis.Redis(host=host, port=port, db=number, socket_connect_timeout=2)
        if client.dbsize() == 0 and client.set(REDIS_CLAIM_KEY, token, nx=True, ex=REDIS_CLAIM_SECONDS):
            try:
                yield RedisScratch(client, token, f"redis://{host}:{port}/{number}")
            finally:
                client.flushdb()
            return
    raise RuntimeError("every Redis database 1-15 is in use by another run")


class RedisScratch:
    def __init__(self, client, token, url):
        self.client, self.token, self.url = client, token, url

    def flush(self):
        """Empty the database and keep the claim."""
        self.client.flushdb()
        self.client.set(REDIS_CLAIM_KEY, self.token, ex=REDIS_CLAIM_SECONDS)


@contextlib.contextmanager
def scratch_database(name, admin_url=None):
    """Create the database `name` (dropping one an interrupted run left), yield its URL, drop it.
    `admin_url`: the maintenance database to do it from (default: the server DATABASE_URL names)."""
    import psycopg

    admin_url = admin_url or maintenance_url()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(database_url, **overrides):
    """What an operator's /etc/portal/portal.env holds, with throwaway secrets."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "throwaway-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "throwaway-blind-index-key",
        "DATABASE_URL": database_url,
        **overrides,
    }


def twilio_environment(fake_twilio, auth_token):
    """Settings that point the real twilio client at a FakeTwilio server on loopback."""
    return {
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": auth_token,
        "TWILIO_FROM_NUMBER": "+15125550199",
        "TWILIO_API_BASE_URL": fake_twilio.base_url,
    }


def gunicorn_command(port, workers=2, *options):
    """gunicorn serving the portal on loopback, without an access log (paths can be personal)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
        # Not the shared ~/.gunicorn/gunicorn.ctl, which another server of the run may be using.
        "--no-control-socket",
        *options,
    ]
