"""GymIntel settings: every knob is read from the environment, here and only here.

With no environment at all the app runs embedded (SQLite, local media, local-memory
cache, eager Celery), which is what the README's run command uses. Production sets
DATABASE_URL, REDIS_URL and, for images, AWS_STORAGE_BUCKET_NAME.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from gymintel.client_address import DEFAULT_TRUSTED_PROXIES, parse_networks
from gymintel.env import env_bool, env_int, env_list, env_str
from media_store.config import local_storages, s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ---------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
# The demo and tests run on a development key; a deployment declares itself with
# GYMINTEL_PRODUCTION=1 and then refuses to start without its own SECRET_KEY.
_DEV_SECRET = "dev-insecure-gymintel-key-only-for-local-demo-and-tests-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "") or _DEV_SECRET
if SECRET_KEY == _DEV_SECRET and env_bool("GYMINTEL_PRODUCTION", False):
    raise RuntimeError("SECRET_KEY must be set when GYMINTEL_PRODUCTION is on")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.admin_config.GymIntelAdminConfig",  # django.contrib.admin, login throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "drf_spectacular_sidecar",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "members",
    "coaching",
    "gym_admin",
    "owner",
    "challenges",
    "aicoach",
    "media_store",
    "demo",
    "memberapp",
    "legacy",
]

MIDDLEWARE = [
    # First: refuse oversized bodies before anything reads them.
    "gymintel.middleware.BodySizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The host is checked by now: image URLs are made absolute against it.
    "gymintel.origin.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gymintel.csp.ContentSecurityPolicyMiddleware",
    # Last: sees a view's exception first; a database outage answers 503, not 500.
    "gymintel.db_errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "gymintel.urls"
WSGI_APPLICATION = "gymintel.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/coach/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
# Transaction convention: no ATOMIC_REQUESTS. Services open their own atomic blocks
# where an invariant lives (see docs/DECISIONS.md).
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL)
    # Persistent connections: one per worker thread, reused across requests and
    # health-checked before reuse. Bound = instances x workers x threads (+ Celery).
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
    _db["CONN_HEALTH_CHECKS"] = True
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
    _db["OPTIONS"].setdefault("application_name", env_str("DB_APPLICATION_NAME", "gymintel"))
    # Behind PgBouncer in transaction mode, server-side cursors cannot span
    # transactions; Django's psycopg 3 backend already avoids prepared statements.
    _db["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DB_PGBOUNCER", False)
    # Named after the URL's database, so two checkouts with their own DATABASE_URL on one
    # server never drop each other's test database (xdist adds _gw0, _gw1, ...).
    _db["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", f"test_{_db['NAME']}")}
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        # IMMEDIATE: every atomic block takes the write lock up front, so writers
        # serialize (SQLite ignores select_for_update) and the demo stays correct.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "gymintel"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # A cache outage must not take logging or auth down: fail open, log it.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Passwords ----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's defaults, then plain bcrypt: accounts imported from the old system keep their
# bcryptjs hashes ("bcrypt$$2a$10$..."), verified by BCryptPasswordHasher and re-hashed
# with the first (our default) at each person's first sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER", False):
    # Tests and the seed of thousands of demo users only: never in production.
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
    ]

# --- I18N ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
WHITENOISE_USE_FINDERS = True  # the embedded run needs no collectstatic

AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "us-east-1")
# Signed URLs for private images (meal photos) live this long.
MEDIA_PRIVATE_URL_SECONDS = env_int("MEDIA_PRIVATE_URL_SECONDS", 900)
AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE", "") or None
# Both backends are built by media_store.config (the S3 tests build theirs there too).
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = s3_storages(
        bucket_name=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=AWS_S3_ENDPOINT_URL,
        region_name=AWS_S3_REGION_NAME,
        custom_domain=AWS_S3_CUSTOM_DOMAIN,
        private_url_seconds=MEDIA_PRIVATE_URL_SECONDS,
        addressing_style=AWS_S3_ADDRESSING_STYLE,
    )
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
else:
    STORAGES = local_storages()
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# --- Request limits (see gymintel.middleware) --------------------------------------
JSON_BODY_MAX_BYTES = env_int("JSON_BODY_MAX_BYTES", 1024 * 1024)
UPLOAD_BODY_MAX_BYTES = env_int("UPLOAD_BODY_MAX_BYTES", 10 * 1024 * 1024)
# Django's own check answers 400; ours answers 413 first. Keep Django's a little above.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_BODY_MAX_BYTES + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)

# --- API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.tokens.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "gymintel.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    # Every date-time in UTC, to the millisecond, with Z (gymintel.renderers).
    "DEFAULT_RENDERER_CLASSES": ["gymintel.renderers.JSONRenderer"],
    "DATETIME_FORMAT": None,
    # JSON only: a view where a file goes names MultiPartParser itself, so its OpenAPI
    # body (and a generated client) offers multipart there and nowhere else.
    "DEFAULT_PARSER_CLASSES": ["gymintel.parsers.JSONParser"],  # deep nesting a 400, not a 500
    "EXCEPTION_HANDLER": "gymintel.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "gymintel.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("ACCESS_TOKEN_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("REFRESH_TOKEN_DAYS", 14)),
    "UPDATE_LAST_LOGIN": False,
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY", "") or SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}
# A sign-in's refresh tokens keep rotating for at most this long; then sign in again.
LOGIN_MAX_DAYS = env_int("LOGIN_MAX_DAYS", 30)
# An invitation to join a gym's staff can be accepted for this long.
STAFF_INVITATION_DAYS = env_int("STAFF_INVITATION_DAYS", 7)
SPECTACULAR_SETTINGS = {
    "TITLE": "GymIntel API",
    "DESCRIPTION": "Member, challenge, AI coach and coach dashboard API. Versioning: "
    "docs/MEMBER_API.md (additions within 1.x; a removal or a changed meaning needs 2.0).",
    # The API's version (docs/MEMBER_API.md, "Versions"): minor for additions, major
    # for anything a generated client would break on.
    "VERSION": "1.1.0",
    # Relative: the host that serves this document serves the API.
    "SERVERS": [{"url": "/", "description": "The host serving this document."}],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # 401, 400/413 on bodies, 404 on pages: documented once for every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gymintel.openapi.document_common_errors",
        "gymintel.openapi.multipart_without_nulls",
        "gymintel.openapi.enum_names",
    ],
}
# Login attempts per window (seconds) by (email, address), by email from anywhere, and
# by address for any email; past a limit each attempt doubles the wait, up to the max.
LOGIN_THROTTLE_PER_PAIR = env_int("LOGIN_THROTTLE_PER_PAIR", 5)
LOGIN_THROTTLE_PER_EMAIL = env_int("LOGIN_THROTTLE_PER_EMAIL", 20)
LOGIN_THROTTLE_PER_IP = env_int("LOGIN_THROTTLE_PER_IP", 50)
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 900)
LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 900)
# Peers whose X-Real-IP / X-Forwarded-For are believed (our own proxies), as CIDRs.
# Loopback by default: nginx on the same host. Anyone else's headers are ignored.
TRUSTED_PROXIES = parse_networks(env_list("TRUSTED_PROXIES", list(DEFAULT_TRUSTED_PROXIES)))
# A log of the same type and values within this many minutes is flagged.
DUPLICATE_LOG_WINDOW_MINUTES = env_int("DUPLICATE_LOG_WINDOW_MINUTES", 5)

# --- AI coach -----------------------------------------------------------------------
ANTHROPIC_API_KEY = env_str("ANTHROPIC_API_KEY", "")
ANTHROPIC_BASE_URL = env_str("ANTHROPIC_BASE_URL", "") or None
# claude-sonnet-4-5 reaches end of life on 2026-11-30 (the SDK warns): the current Sonnet.
AI_MODEL = env_str("AI_MODEL", "claude-sonnet-5-5")
AI_MAX_TOKENS = env_int("AI_MAX_TOKENS", 600)
AI_TIMEOUT_SECONDS = env_int("AI_TIMEOUT_SECONDS", 20)
AI_MAX_RETRIES = env_int("AI_MAX_RETRIES", 1)
AI_DAILY_QUOTA_ACTIVE = env_int("AI_DAILY_QUOTA_ACTIVE", 20)
AI_DAILY_QUOTA_OTHER = env_int("AI_DAILY_QUOTA_OTHER", 5)
AI_CACHE_TTL_SECONDS = env_int("AI_CACHE_TTL_SECONDS", 7 * 24 * 3600)
AI_CACHE_MAX_ENTRIES = env_int("AI_CACHE_MAX_ENTRIES", 50_000)
AI_CACHE_PRUNE_BATCH = env_int("AI_CACHE_PRUNE_BATCH", 1000)
# US dollars per million tokens, for the spend estimate of `manage.py ai_usage`
# (defaults: Claude Sonnet 5.5 list prices; set them when AI_MODEL changes).
AI_PRICE_INPUT_PER_MTOK = env_str("AI_PRICE_INPUT_PER_MTOK", "2.00")
AI_PRICE_OUTPUT_PER_MTOK = env_str("AI_PRICE_OUTPUT_PER_MTOK", "10.00")

# --- Celery -------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "") or REDIS_URL or "memory://"
# No broker configured: run tasks in-process. CELERY_EAGER forces either way (tests).
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_EAGER", not (env_str("CELERY_BROKER_URL", "") or REDIS_URL)
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A broker outage must not hang a request: give up publishing quickly. The socket
# timeouts matter most: without them a broker that accepts the connection but never
# answers (hung, overloaded, a half-open network path) parks the publisher forever
# (gymintel/tests/faults/test_broker.py). 2 s is above the worker's 1 s BRPOP poll.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# The owner's per-gym figures (owner.figures): kept this long in the cache, recomputed
# by beat this often (seconds), so they are never older than the refresh period.
OWNER_FIGURES_TTL = env_int("OWNER_FIGURES_TTL", 900)
OWNER_FIGURES_REFRESH = env_int("OWNER_FIGURES_REFRESH", 300)
CELERY_BEAT_SCHEDULE = {
    "prune-ai-cache": {
        "task": "aicoach.tasks.prune_ai_cache",
        "schedule": crontab(minute="*/15"),
    },
    "refresh-owner-figures": {
        "task": "owner.tasks.refresh_owner_figures",
        "schedule": timedelta(seconds=OWNER_FIGURES_REFRESH),
    },
    "prune-token-families": {
        "task": "accounts.tasks.prune_token_families",
        "schedule": crontab(hour=4, minute=17),
    },
}
CELERY_TIMEZONE = "UTC"
# `worker -B` keeps beat's last-run times in a shelve file; outside the repository by
# default so a worker started from the project root leaves nothing to commit.
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILENAME", os.path.join(tempfile.gettempdir(), "gymintel-celerybeat")
)

# --- Security (production: behind a TLS-terminating proxy) --------------------------
# GYMINTEL_PRODUCTION=1 turns every TLS protection on by default; each can still be
# set on its own (e.g. SECURE_SSL_REDIRECT=0 when the proxy already redirects).
PRODUCTION = env_bool("GYMINTEL_PRODUCTION", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# The load balancer's health probe arrives over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Logging ------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

if env_bool("GYMINTEL_TESTING", False):
    # Parallel test workers share one Redis: each keeps its own key space.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"]["KEY_PREFIX"] = f"gymintel-test-{_worker}"
SPECTACULAR_SETTINGS.update(
    {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}
)
