"""Local development: `make run`. SQLite, console SMS, no secrets needed."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-deploy"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
DEMO_SEEDING_ALLOWED = True
# `manage.py seed_demo` exists only here: production settings do not install the demo app.
INSTALLED_APPS = [*INSTALLED_APPS, "portal.demo"]  # noqa: F405
DEBUG_KEYS_ALLOWED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# `make run` sends (prints) each text the moment its transaction commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The webhooks check Twilio's signature; in development `manage.py sms` and the admin's SMS playground
# sign with this token (a Twilio number pointed at a tunnel needs the real one in TWILIO_AUTH_TOKEN).
TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN or "development-webhook-token"  # noqa: F405
SMS_PLAYGROUND_ENABLED = True
