"""A PostgreSQL database made for one benchmark, migrated, under production settings, and dropped after."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgresql://portal@127.0.0.1:5432/postgres")


def environment(database, **extra):
    """Production settings (real hasher, real encryption) pointed at `database`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "bench-blind-index-key",
        "DATABASE_URL": f"{ADMIN_URL.rsplit('/', 1)[0]}/{database}",
        **extra,
    }


def drop(database):
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextmanager
def scratch_database(env, database):
    """Create and migrate `database`; drop it however the benchmark ends."""
    drop(database)
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        manage = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
        subprocess.run(manage, cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)
        yield
    finally:
        drop(database)
