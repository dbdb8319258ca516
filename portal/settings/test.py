"""Fast, hermetic settings for the test suite (and the browser tests' server)."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEMO_SEEDING_ALLOWED = True
# `manage.py seed_demo` exists only here: production settings do not install the demo app.
INSTALLED_APPS = [*INSTALLED_APPS, "portal.demo"]  # noqa: F405
DEBUG_KEYS_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PAGE_CACHE_ENABLED = False  # the page cache's own tests turn it on
# Tests keep texts in memory; the browser tests' server writes them to files (SMS_BACKEND env).
SMS_BACKEND = os.environ.get("SMS_BACKEND") or "portal.messaging.backends.locmem.LocmemBackend"
# Tests keep email in memory; the browser tests' server writes it to files (EMAIL_FILE_PATH env).
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if os.environ.get("EMAIL_FILE_PATH")
    else "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
SMS_PLAYGROUND_ENABLED = True
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN") or "test-webhook-token"
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "http://127.0.0.1:9/neutral/")

if os.environ.get("PORTAL_SERVER_CLOCK"):
    # A server the tests start runs at the instant the tests are pinned to (tests/clock.py).
    import time
    from datetime import datetime, timedelta

    import time_machine

    since_start = time.time() - float(os.environ.get("PORTAL_SERVER_CLOCK_SINCE") or time.time())
    now = datetime.fromisoformat(os.environ["PORTAL_SERVER_CLOCK"]) + timedelta(seconds=since_start)
    time_machine.travel(now, tick=True).start()
    time.time()  # time-machine starts ticking at the first read: start it now, not at the first request

if os.environ.get("PORTAL_BUILT_STATIC_ROOT"):
    # The browser tests' server serves collected, compressed files the way
    # production does, so page weight is measured as a phone would receive it.
    STATIC_ROOT = os.environ["PORTAL_BUILT_STATIC_ROOT"]
else:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

if os.environ.get("PORTAL_LOCALE_DIR"):
    # The translation tests extract every string into a scratch catalogue here.
    LOCALE_PATHS = [os.environ["PORTAL_LOCALE_DIR"]]

if DATABASES["default"].get("ENGINE", "").endswith("postgresql"):  # noqa: F405
    # A test database of this run's own, so two runs can share one PostgreSQL server.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405
