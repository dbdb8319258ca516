"""Production: refuses to start without its secrets; HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
FIELD_ENCRYPTION_KEYS = [key.strip() for key in required("FIELD_ENCRYPTION_KEYS").split(",") if key.strip()]
BLIND_INDEX_KEY = required("BLIND_INDEX_KEY")

# SQLite takes one writer at a time: under a burst of texts the webhook answers "database is locked"
# and the texts are lost. Production runs on PostgreSQL; a single-process trial may say so explicitly.
ON_SQLITE = DATABASES["default"].get("ENGINE", "").endswith("sqlite3")  # noqa: F405
if ON_SQLITE and os.environ.get("ALLOW_SQLITE") != "single-process":
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL in production "
        "(or set ALLOW_SQLITE=single-process for a one-process trial)."
    )

CSRF_TRUSTED_ORIGINS = [PUBLIC_BASE_URL]  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
