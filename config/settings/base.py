"""Settings shared by every runtime mode, read from the environment (django-environ).

Embedded mode (no DATABASE_URL / REDIS_URL): SQLite file, Celery tasks eager in-process,
local-memory cache, e-mail to the console. Full stack: PostgreSQL + Redis.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    REDIS_URL=(str, ""),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me-simutasi-0123456789abcdef")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "axes",
    "core",
    "instansi",
    "workload",
    "kinerja",
    "talenta",
    "mutasi",
    "planning",
    "siasn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # An account still on its initial password reaches only the password change (core/first_login.py).
    "core.first_login.InitialPasswordMiddleware",
    # Refuses NUL and other control characters in any field with 400, pages and API alike (after the
    # CSRF check, before the view): core/input_guard.py.
    "core.input_guard.ControlCharacterMiddleware",
    # Refuses a text longer than the region's Policy allows for its field with 400 (instansi/limits.py).
    "instansi.limits.TextLengthMiddleware",
    # Content-Security-Policy on every answer (django-csp; the policy is CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 0)
# Behind a pooler that hands a server session to another client after each transaction (pgbouncer
# in transaction mode): no prepared statements (they belong to a session) and no server-side cursors.
DATABASE_TRANSACTION_POOLING = env.bool("DATABASE_TRANSACTION_POOLING", default=False)
if DATABASE_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded mode: a local file; a generous timeout so a Celery-eager write and a page read coexist.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two requests that
    # read and then write queue for the busy timeout above instead of one failing at once with
    # "database is locked" (issue 19, finding 8; tests/core/test_embedded_sqlite.py). WAL lets pages
    # read while a write is in progress.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose get_user loads the roles with the user (one query per page, not two).
    "core.backends.ViewerBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded documents are private: never under STATIC or a public MEDIA_URL; served by views that
# check access (see mutasi.views).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-private/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail: console in embedded mode; EMAIL_URL=smtp://user:pass@host:587 in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Simutasi <simutasi@localhost>")

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Django's Redis backend, keeping one Redis client per connection pool (core/redis_cache.py).
    CACHES = {"default": {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions read from the cache (Redis; in-process in the embedded mode), written through to the
# database, so they survive a cache restart: a signed-in page no longer queries django_session on
# every request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Celery: with REDIS_URL a real broker; without it, tasks run eagerly in-process (embedded mode).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_RESULT_EXTENDED = True
# Celery's Django fixup closes every database connection before and after every task (since Celery 5.5
# it ignores CONN_MAX_AGE in the worker): a new connection per task, whose first statements are also
# planned on cold catalog caches, cost 20-40 ms a task (measured on the workload chord at 100,000
# employees, docs/BENCHMARKS.md). With this set, a worker process keeps its connection for this many
# tasks; Django's own checks (CONN_MAX_AGE, a connection broken or dropped by the server) run before
# every task instead (core.tasks.connections_checked).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=100)
# Header steps of a workload run's chord (workload.services): its agencies in this many chunks of about
# equal posts. As many as the worker processes (docker-compose.yml: one worker, --concurrency 2), so
# each process takes one chunk: twice as many steps paid one more broker hop, message and step set-up
# per process (measured at 100,000 employees on the compose worker: 4 steps 0.311 s, 2 steps 0.267 s
# a repeated run, medians of 8 interleaved pairs on a shared machine, docs/BENCHMARKS.md); one step
# per agency cost about twice its SQL again in Celery and transaction overhead.
WORKLOAD_CHORD_STEPS = env.int("WORKLOAD_CHORD_STEPS", default=2)

REST_FRAMEWORK = {
    # Token first: its `WWW-Authenticate` header makes DRF answer 401 (not 403) to anonymous calls.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.TokenAuthentication",
        "core.authentication.SessionAuthentication",
    ],
    # core.api_permissions.MayEverAct: a view's `may_act` rule refuses a caller (403) before the input is read.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "core.api_permissions.MayEverAct",
    ],
    # A bad page number answers 400 in Indonesian, not DRF's 404 "Invalid page." (core.api.Pagination).
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # DRF's parsers; the JSON one with an Indonesian parse error (core.api.JSONParser).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Simutasi API",
    "DESCRIPTION": "API Sistem Informasi Mutasi, Kinerja dan Beban Kerja ASN",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# django-axes: lock an account+address after repeated failures; unlock after the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Lock-out answer: JSON on the API (token endpoint), the login page with the reason otherwise (HTTP 429).
AXES_LOCKOUT_CALLABLE = "core.views.lockout_response"
# Swagger UI must work offline: no call to the online spec validator at validator.swagger.io.
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": True, "validatorUrl": None}

# kinerja: stable enum names in the OpenAPI schema (several models have a `status` / `rating`).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "AppraisalStatusEnum": "kinerja.choices.AppraisalStatus",
        "AppraisalBatchStatusEnum": "kinerja.choices.BatchStatus",
        "RatingEnum": "kinerja.choices.Rating",
        "OrgRatingEnum": "kinerja.choices.OrgRating",
        "PredicateEnum": "kinerja.choices.Predicate",
        "PlanKindEnum": "kinerja.choices.PlanKind",
        "AspectEnum": "kinerja.choices.Aspect",
    }
)

# mutasi: stable OpenAPI enum names for the transfer vocabularies (DESIGN.md 4 and 7).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "TransferKindEnum": "mutasi.choices.TransferKind",
        "TransferStatusEnum": "mutasi.choices.Status",
        "TransferStageEnum": "mutasi.choices.Stage",
        "TransferInitiatorEnum": "mutasi.choices.Initiator",
        "StepDecisionEnum": "mutasi.choices.Decision",
        "DocumentKindEnum": "mutasi.choices.DocumentKind",
        "DelegationKindEnum": "mutasi.choices.DelegationKind",
        "MilestoneEnum": "mutasi.choices.Milestone",
        "DecreeStatusEnum": "mutasi.choices.DecreeStatus",
        "PreferenceKindEnum": "mutasi.choices.PreferenceKind",
    }
)
# Several models have a `status`; name the employee one so OpenAPI enum names stay stable.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["EmployeeStatusEnum"] = (
    "instansi.choices.EmployeeStatus"
)
# The plan's status and an unfilled slot's reason keep the names they had before issue 21 brought a
# second plan component (PlanDetailOutput) and a second `reason` (a move left out for the employee).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "PlanOutputStatusEnum": "planning.choices.PlanStatus",
        "ReasonEnum": "planning.choices.UnfilledReason",
        "LeftOutReasonEnum": "planning.choices.LeftOutReason",
    }
)
# Excel keeps formatted-but-empty rows at the end of a sheet; they are not data (instansi.imports).
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True

# Workload analysis (issue 4): the covering index "workloadtask_norms" is PostgreSQL's; on SQLite
# (embedded mode) it is a plain index on position, which is all that is needed there.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "models.W040"]

# Redis broker (faults, issue 7): a task taken by a worker that dies before acknowledging it (acks_late)
# is handed out again once the visibility timeout has passed, by the next worker that starts or by a
# running worker's periodic sweep. Celery's default is one hour; keep it above the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    # A worker killed while it held kombu's restore mutex blocks restores until the mutex expires.
    "unacked_mutex_expire": env.int("CELERY_UNACKED_MUTEX_EXPIRE", default=300),
}
# Every operation documents its error answers (400/401/403/404/409/415/429) so clients and the fuzzing
# (tests/security) can hold the API to its schema; see core/openapi.py.
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    *SPECTACULAR_SETTINGS.get("POSTPROCESSING_HOOKS", ["drf_spectacular.hooks.postprocess_schema_enums"]),
    "core.openapi.document_error_responses",
]

# Transfer plans: also compute the greedy baseline (best pair first) beside the exact solver and show
# the comparison on the plan page. Off in production (the exact solver is the plan; the baseline is for
# benchmarks and tests and costs a second pass over every pair).
PLANNING_COMPARE_GREEDY = env.bool("PLANNING_COMPARE_GREEDY", default=False)

# Decrees (issue 17). The absolute address printed in a decree's QR code (its verification page).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# The TrueType fonts of decree PDFs (DejaVu Serif, full Unicode; Debian package fonts-dejavu-core).
PDF_FONT_DIR = env("PDF_FONT_DIR", default="/usr/share/fonts/truetype/dejavu")
# BSrE (electronic signature, core/bsre.py): empty URL = not configured. Credentials from the
# environment only; the signer's passphrase is never a setting (typed at the moment of signing).
BSRE_URL = env("BSRE_URL", default="")
BSRE_USERNAME = env("BSRE_USERNAME", default="")
BSRE_PASSWORD = env("BSRE_PASSWORD", default="")
BSRE_TIMEOUT = env.float("BSRE_TIMEOUT", default=30.0)
# The public verification page (/verifikasi/<token>/): requests per client address (django-ratelimit).
VERIFY_RATE = env("VERIFY_RATE", default="30/m")
# The organisation's BSrE seal subscriber id (v2 /seal), for regions whose decree policy asks for a seal.
BSRE_SEAL_SUBSCRIBER_ID = env("BSRE_SEAL_SUBSCRIBER_ID", default="")

# Content-Security-Policy (issue 19, finding 9), by django-csp on every answer: scripts, styles, images
# and fonts from this site only; nothing inline (no inline <script>, <style> or style="" in the
# templates; Swagger UI's start script is served as a file by SpectacularSwaggerSplitView). `data:`
# images and fonts are the icons Swagger UI's and the admin's style sheets embed. The browser journeys
# fail on any violation (tests/e2e/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API tokens (issue 19, finding 9): a new token at every login (the old one stops working), valid this
# many hours (core.viewer.token_valid_since), revoked at once by POST /api/v1/auth/logout/.
API_TOKEN_LIFETIME_HOURS = env.int("API_TOKEN_LIFETIME_HOURS", default=12)
# The employee output's two shapes (public, full) each name their `visibility` (instansi.api).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {"EmployeeVisibilityPublicEnum": [("public", "public")], "EmployeeVisibilityFullEnum": [("full", "full")]}
)

# SIASN (BKN) web service, issue 16 (siasn/client.py, docs/INTEGRATIONS.md). Addresses and credentials
# from the environment only; empty = not configured (the import and the outbox say so in Indonesian).
SIASN_BASE_URL = env("SIASN_BASE_URL", default="")
SIASN_GATEWAY_TOKEN_URL = env("SIASN_GATEWAY_TOKEN_URL", default="")
SIASN_SSO_TOKEN_URL = env("SIASN_SSO_TOKEN_URL", default="")
SIASN_CONSUMER_KEY = env("SIASN_CONSUMER_KEY", default="")
SIASN_CONSUMER_SECRET = env("SIASN_CONSUMER_SECRET", default="")
SIASN_SSO_CLIENT_ID = env("SIASN_SSO_CLIENT_ID", default="")
SIASN_SSO_USERNAME = env("SIASN_SSO_USERNAME", default="")
SIASN_SSO_PASSWORD = env("SIASN_SSO_PASSWORD", default="")
SIASN_INSTANSI_ID = env("SIASN_INSTANSI_ID", default="")
SIASN_CONNECT_TIMEOUT = env.float("SIASN_CONNECT_TIMEOUT", default=5.0)
SIASN_READ_TIMEOUT = env.float("SIASN_READ_TIMEOUT", default=30.0)
SIASN_RETRIES = env.int("SIASN_RETRIES", default=3)
SIASN_BACKOFF = env.float("SIASN_BACKOFF", default=0.5)
# employees per apply batch (one transaction each): at 100,000 employees 2,000 a batch applied in 7.1-7.4 s
# against 10.0-11.7 s for 500 (docs/BENCHMARKS.md "SIASN import")
SIASN_IMPORT_BATCH = env.int("SIASN_IMPORT_BATCH", default=2000)
# The import writes its rows with PostgreSQL COPY (siasn/bulk.py); off: Django's bulk_create.
SIASN_BULK_COPY = env.bool("SIASN_BULK_COPY", default=True)
# the preview's records written by a second connection while the next are read (siasn.bulk.inserts_alongside)
SIASN_INSERTS_ALONGSIDE = env.bool("SIASN_INSERTS_ALONGSIDE", default=True)
# a large XLSX export read by a child process while the rows are classified (siasn.xlsx_stream.rows_in_child)
SIASN_XLSX_CHILD = env.bool("SIASN_XLSX_CHILD", default=True)
# Outbox: a row left `sending` this long (its worker died) is checked in SIASN first, then sent again.
SIASN_OUTBOX_STALE_SECONDS = env.int("SIASN_OUTBOX_STALE_SECONDS", default=300)
# SIASN's id_ref_dokumen for a position decree (upload-dok-rw); ask BKN for your instansi's value.
SIASN_DECREE_DOCUMENT_REF = env("SIASN_DECREE_DOCUMENT_REF", default="")
