"""Production settings refuse what would lose data or leak it: no secrets, or SQLite under real load."""

import os
import subprocess
import sys
from pathlib import Path

from tests.scratch import production_environment

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_DATABASE_ENGINE = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def load_production_settings(**changes):
    env = production_environment("postgres://portal@127.0.0.1:5432/portal")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE_ENGINE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_starts_on_postgresql():
    done = load_production_settings()
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "django.db.backends.postgresql"


def test_production_refuses_sqlite_by_default():
    for database_url in (None, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"):
        done = load_production_settings(DATABASE_URL=database_url)
        assert done.returncode != 0
        assert "DATABASE_URL must point at PostgreSQL in production" in done.stderr


def test_a_single_process_trial_may_choose_sqlite_explicitly():
    done = load_production_settings(DATABASE_URL=None, ALLOW_SQLITE="single-process")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "django.db.backends.sqlite3"


def test_the_secrets_are_still_required():
    done = load_production_settings(SECRET_KEY=None)
    assert done.returncode != 0 and "SECRET_KEY must be set in production." in done.stderr
    assert os.environ.get("DJANGO_SETTINGS_MODULE", "") != "portal.settings.production"
