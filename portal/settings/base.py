"""Settings shared by every environment.

Everything secret or site-specific comes from the environment; the other
settings modules only say how development, tests and production differ.
"""

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

SITE_NAME = os.environ.get("SITE_NAME", "Community Resources")
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://weather.com/")
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Personal data at rest (portal.core.crypto): Fernet keys newest first, and the
# HMAC key for blind indexes. Development and tests derive throwaway keys.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = os.environ.get("BLIND_INDEX_KEY", "")
DEBUG_KEYS_ALLOWED = False
# seed_demo creates accounts with printed passwords: only where this is True.
DEMO_SEEDING_ALLOWED = False

INSTALLED_APPS = [
    # wagtail-modeltranslation must come before modeltranslation and our apps.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "portal.core",
    "portal.accounts",
    "portal.directory",
    "portal.messaging",
    "portal.plans",
    "portal.checkins",
    "portal.sharing",
    "portal.voice",
    "portal.feedback",
    "portal.desk",
    "portal.casework",
    "portal.funding",
    "portal.training",
    "content",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.core.middleware.SafetyHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.middleware.SessionRenewalMiddleware",
    "portal.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.core.csrf.RestoreSameOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.staff_session.KeptAdminPostMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"].get("ENGINE", "").endswith("postgresql"):
    # No JIT: it pays off for long reports, not for a page's short queries, where compiling
    # costs more than it saves (half of a ZIP search's 185 ms at 100,000 services). A connection
    # pooler in front must pass this startup option on (PgBouncer: see README, "More machines").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: adding one is a line here and a catalogue in locale/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "简体中文"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("pt-br", "Português"),
    ("ko", "한국어"),
    ("zh-hant", "繁體中文"),
    ("tl", "Tagalog"),
    ("hi", "हिन्दी"),
    ("ur", "اردو"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times in each language's own pattern where Django's fall short (see the package).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Chicago"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One slug for every language: the language is already in the URL prefix.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "/media/"
# Uploaded images and documents: with several app servers, a folder they all share (NFS or similar).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Without Redis: a cache per process and the database task backend (`manage.py db_worker`),
# right for one small server. With REDIS_URL: one cache shared by every app server (rate
# limits, sign-in throttles and the page cache hold across them) and the RQ task backend,
# drained by as many `manage.py rqworker` processes as the load needs.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUES = {}
if REDIS_URL:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
# So that `manage.py rqworker --with-scheduler default` runs django-tasks' jobs as they are, in the
# worker's own process: forking a process per job cost about 60 times more than sending a text
# (bench/sms.py). The jobs are short and bounded by TWILIO_TIMEOUT; systemd restarts a dead worker.
RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "rq.worker.SimpleWorker"}

# Anonymous public pages (content and directory) kept rendered in the cache, per language,
# and purged whenever an editor publishes (portal.core.page_cache). Only with a cache that
# every app server shares: a purge must reach them all. PAGE_CACHE=off turns it off.
PAGE_CACHE_ENABLED = bool(REDIS_URL) and os.environ.get("PAGE_CACHE", "on") != "off"
PAGE_CACHE_SECONDS = {"content": 600, "directory": 60}  # directory pages say what is open now

# Sessions: short-lived and never readable by scripts.
SESSION_COOKIE_AGE = 15 * 60
# A session is written only when it changed: signed-in pages stamp it at most every
# SESSION_REFRESH_SECONDS (portal.core.middleware.SessionRenewalMiddleware and the survivor's own
# idle check), so it ends between 14.5 and 15 idle minutes; the time-out warning counts from the
# earlier one.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 30
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_AGE = None  # ends with the browser session: a visit to a form leaves no year-long cookie
# The survivor area and the admin warn this long before the idle sign-out, and let the person stay.
SESSION_WARNING_SECONDS = 2 * 60
LOGIN_URL = "wagtailadmin_login"

# Every security header has one home, portal.core.middleware.SafetyHeadersMiddleware (HTTPS and
# HSTS stay with Django's SecurityMiddleware in production). Django's own copies are switched off,
# and the deploy checks that look for them are silenced: tests/core/test_safety_headers.py checks
# the headers on every kind of page instead.
SECURE_CONTENT_TYPE_NOSNIFF = False
SECURE_REFERRER_POLICY = None
SECURE_CROSS_ORIGIN_OPENER_POLICY = None
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W002", "security.W006", "security.W022"]

WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS = []  # no third-party embeds: nothing may leave the site
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USAGE_COUNT_ENABLED = False
# No avatars from Gravatar: it would send a hash of every staff email address to another site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
OTP_TOTP_ISSUER = SITE_NAME

# SMS (portal.messaging): settings for the SMS layer go in this block.
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
# `manage.py sms` and the admin's SMS playground: development only.
SMS_PLAYGROUND_ENABLED = False
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "https://api.twilio.com")
TWILIO_TIMEOUT = float(os.environ.get("TWILIO_TIMEOUT", "10"))  # seconds per request to the provider
SMS_BACKEND = os.environ.get("SMS_BACKEND") or (
    "portal.messaging.backends.twilio.TwilioBackend"
    if TWILIO_ACCOUNT_SID
    else "portal.messaging.backends.console.ConsoleBackend"
)
# WhatsApp through the same Twilio account: the sender as Twilio writes it ("whatsapp:+14155238886").
# Empty means WhatsApp is off: a message for WhatsApp then fails in the outbox, never goes by SMS instead.
TWILIO_WHATSAPP_FROM = os.environ.get("TWILIO_WHATSAPP_FROM", "")
# Check-in calls come from this voice-capable number (by default the SMS number: she knows it, and calling
# it back reaches the voice line). Empty: calls are refused ("voice-off"), never sent as texts.
TWILIO_CALL_FROM = os.environ.get("TWILIO_CALL_FROM", "") or TWILIO_FROM_NUMBER


def _whatsapp_templates(raw):
    """TWILIO_WHATSAPP_TEMPLATES, JSON {"<language>": {"<purpose>": "HX<Content SID>"}} -> {(language, purpose): sid}.

    Outside WhatsApp's 24-hour window only these approved templates may go. A malformed value stops
    start-up rather than letting texts silently go nowhere.
    """
    data = json.loads(raw or "{}")
    if not isinstance(data, dict) or not all(isinstance(by_purpose, dict) for by_purpose in data.values()):
        raise ValueError('TWILIO_WHATSAPP_TEMPLATES must be JSON like {"es": {"advocate": "HX..."}}')
    return {
        (language, purpose): str(sid) for language, by_purpose in data.items() for purpose, sid in by_purpose.items()
    }


TWILIO_WHATSAPP_TEMPLATES = _whatsapp_templates(os.environ.get("TWILIO_WHATSAPP_TEMPLATES", ""))
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "sms-outbox"))  # for the file backend
# Shown only to contacts who said we may say who we are (the "From ..." sign-off).
SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", SITE_NAME)
# The voice line (portal.voice): pressing 0 at any menu connects the caller to this number. By default
# the National Human Trafficking Hotline, which answers day and night in many languages.
VOICE_HOTLINE_NUMBER = os.environ.get("VOICE_HOTLINE_NUMBER", "+18883737888")
# A keypad answer to her check-in on a call she makes needs a caller ID her carrier vouched for (STIR/SHAKEN
# full attestation, which Twilio passes as StirVerstat): a forged caller ID must not be able to say she is OK.
# Off only by an operator's decision (README, "Voice line"); the check-in calls the portal places need nothing.
VOICE_CHECK_IN_NEEDS_VERIFIED_CALLER = os.environ.get("VOICE_CHECK_IN_NEEDS_VERIFIED_CALLER", "on") != "off"
VOICE_VERIFIED_CALLER_ATTESTATIONS = ("TN-Validation-Passed-A",)
SMS_MESSAGE_LIFETIME = 24 * 3600  # a queued text expires rather than arriving days late
SMS_PROMPT_REPLY_LIFETIME = 15 * 60  # an answer to a text just received: now or never
SMS_MAX_ATTEMPTS = 6
SMS_RETRY_BASE_SECONDS = int(os.environ.get("SMS_RETRY_BASE_SECONDS", "30"))  # 30 s, 1, 2, 4, 8 min: then failed
SMS_RETRY_MAX_SECONDS = 3600
# A worker that dies between claiming a text and sending it releases the text after this.
SMS_CLAIM_SECONDS = int(os.environ.get("SMS_CLAIM_SECONDS", "300"))
# Countries (ISO codes) whose numbers may get texts; anything else is refused by forms and the outbox.
SMS_ALLOWED_REGIONS = env_list("SMS_ALLOWED_REGIONS", "US")
# The help form: (count, seconds) per client address and per phone number. Only texts sent
# count; an address (a shelter's shared Wi-Fi) gets a higher ceiling than one number.
SMS_HELP_FORM_LIMITS = {"per_ip": (30, 3600), "per_phone": (3, 24 * 3600)}
# Addresses of our own reverse proxies (e.g. 127.0.0.1 behind nginx): only their X-Forwarded-For is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
ONCALL_EMAIL = os.environ.get("ONCALL_EMAIL", "")  # told (without personal data) of urgent help requests
# The same notice as a signed JSON POST (portal.desk.on_call); no webhook unless both are set.
ONCALL_WEBHOOK_URL = os.environ.get("ONCALL_WEBHOOK_URL", "")
ONCALL_WEBHOOK_SECRET = os.environ.get("ONCALL_WEBHOOK_SECRET", "")
if not ONCALL_WEBHOOK_SECRET:
    ONCALL_WEBHOOK_URL = ""  # never an unsigned notice
ONCALL_WEBHOOK_TIMEOUT = 5
ONCALL_WEBHOOK_RETRY_SECONDS = (10, 60, 300)  # waits before each retry
# The desk lists a text nobody answered once it has waited this long.
DESK_UNANSWERED_MINUTES = int(os.environ.get("DESK_UNANSWERED_MINUTES", "15"))

# Survivor sign-in and records (portal.accounts, portal.plans).
SURVIVOR_CODE_SECONDS = 10 * 60  # a texted sign-in code works for 10 minutes, once
SURVIVOR_MAX_FAILED_ATTEMPTS = 100  # wrong codes and PINs, ever, before an advocate must unlock
SURVIVOR_TRIES_PER_ATTEMPT = 5  # then the survivor asks for a new code
SURVIVOR_OTP_THROTTLE_FACTOR = 1  # django-otp back-off: 1, 2, 4, 8 ... seconds after each wrong code
# (count, seconds), counted in the cache under keyed hashes: codes asked for and codes tried.
SURVIVOR_SIGN_IN_LIMITS = {
    "codes_per_phone": (5, 3600),
    "codes_per_ip": (20, 3600),
    "tries_per_phone": (20, 3600),
    "tries_per_ip": (60, 3600),
}
# Every sign-in answer takes at least this long, so timing does not tell a known number from another.
SURVIVOR_SIGN_IN_MIN_SECONDS = float(os.environ.get("SURVIVOR_SIGN_IN_MIN_SECONDS", "0.4"))
# A closed case's personal data is deleted this many days later (`manage.py purge_closed_cases`).
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
# A sent referral not accepted or declined after this many days is shown as needing attention.
REFERRAL_WAIT_DAYS = int(os.environ.get("REFERRAL_WAIT_DAYS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Request logs carry paths and query strings; keep them quiet.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Its DEBUG lines print whole template contexts: rendered forms, survivors' names, numbers and words.
        "django.template": {"level": "INFO"},
        # Audit lines name pages and users; the audit log in the admin keeps them.
        "wagtail": {"level": "WARNING"},
        # The twilio client logs every API request it makes; ours are in the outbox already.
        "twilio": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # RQ logs each job with its arguments; keep only its warnings.
        "rq.worker": {"level": "WARNING"},
    },
}

# A ZIP search also lists services that declare no area served and have a public location
# this close to the ZIP code's centre.
DIRECTORY_NEARBY_MILES = float(os.environ.get("DIRECTORY_NEARBY_MILES", "60"))
