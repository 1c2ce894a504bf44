"""Settings for the ВСОКО roadmap portal, read from the environment.

Two profiles: ``DJANGO_PROFILE=dev`` (the default: SQLite, DEBUG on, an insecure
key) and ``DJANGO_PROFILE=production`` (SECRET_KEY and ALLOWED_HOSTS required,
HTTPS-only cookies, HSTS; ``manage.py check --deploy`` is clean).
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in (env(name, default) or "").split(",") if part.strip()]


PROFILE = env("DJANGO_PROFILE", "dev")
if PROFILE not in {"dev", "production"}:
    raise ImproperlyConfigured("DJANGO_PROFILE must be 'dev' or 'production'")
PRODUCTION = PROFILE == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the production profile")
    SECRET_KEY = "dev-only-key-not-for-production-0123456789-abcdefghijklmnop"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",  # the admin with Russian names for third-party apps
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "portal.admin_site.AxesConfig",
    "csp",
    "django_tasks",
    "portal.admin_site.TasksDbConfig",
    "portal.admin_site.RqConfig",
    "django_tasks_rq",
    "simple_history",
    "schools",
    "roadmaps",
    "monitoring",
    "monitoring.vpr",
    "monitoring.procedures",
    "core.jobs",
    "portal",  # the top layer: cross-app pages and commands (load_demo, export_report)
    "portal.notifications",
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
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Who changed reference data and roles: the request's user goes into the history rows (schools/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
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
                "portal.context_processors.role",
            ],
        },
    },
]

# Persistent connections (DB_CONN_MAX_AGE seconds) are checked before reuse at the start of each request, so a
# database restart costs one reconnect, not a run of HTTP 500s until every worker's connection expires.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60") or 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: five failures lock the username+address pair for an hour.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Asia/Novokuznetsk"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In dev the portal serves static files straight from static/ (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded evidence and local acts are private: never under STATIC, never served
# by URL; a scope-checking view streams them.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# No URL pattern serves this prefix; it is set only because Django's test live server expects one.
MEDIA_URL = "/_private-media-not-served/"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are streamed to a temporary file, never held in memory
# Imports (core.imports: ВПР results, orders, schools, schedules, attendance lists) take files up to this size; the
# file is checked by content, kept privately and read on the worker. Pending uploads are dropped after a day.
IMPORT_MAX_UPLOAD_BYTES = int(env("IMPORT_MAX_UPLOAD_MB", "200") or 200) * 1024 * 1024
IMPORT_PENDING_MAX_AGE = int(env("IMPORT_PENDING_MAX_AGE", str(24 * 60 * 60)) or 86400)  # seconds
# A running background job stamps itself every JOB_HEARTBEAT_INTERVAL seconds; one silent for JOB_STALE_AFTER
# seconds (its worker died) is shown as interrupted (core.jobs.liveness).
JOB_HEARTBEAT_INTERVAL = float(env("JOB_HEARTBEAT_INTERVAL", "30") or 30)
JOB_STALE_AFTER = int(env("JOB_STALE_AFTER", "300") or 300)

# Background work (django-tasks). The database backend is the default: nothing else to run but
# `manage.py db_worker`. TASKS_BACKEND=rq puts the queue on Redis (REDIS_URL) so that several machines
# can run `manage.py rqworker --job-class django_tasks_rq.Job default`.
TASKS_BACKEND = env("TASKS_BACKEND", "db")
if TASKS_BACKEND not in {"db", "rq"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'db' or 'rq'")
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_QUEUES = ["default"]
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}
        if TASKS_BACKEND == "rq"
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}
    )
}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}

# The cache holds the heavy blocks of the dashboards, the rates page, the matrix and the municipalities page, keyed
# to the data version of the user's scope (schools/versions.py): a write raises the version, so a cache is never
# stale, whether each process keeps its own (the default, in memory) or several instances share Redis
# (CACHE_URL=redis://127.0.0.1:6379/1 — then one instance's counting serves all of them).
CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "TIMEOUT": 600,
         "KEY_PREFIX": "vsoko"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 600,
              "OPTIONS": {"MAX_ENTRIES": 5000}}
    )
}

# Exports of more schools than this are built on the background worker (a page with progress and a download link).
BACKGROUND_EXPORT_MIN_SCHOOLS = int(env("BACKGROUND_EXPORT_MIN_SCHOOLS", "2000") or 2000)

# Website checks (monitoring.sitecheck). SITECHECK_ALLOW_PRIVATE lets the checker fetch loopback
# addresses (127.0.0.0/8, ::1; never other private ones): for the test suite's simulated sites only;
# the production profile refuses it.
SITECHECK_ALLOW_PRIVATE = env_bool("SITECHECK_ALLOW_PRIVATE", False)
if PRODUCTION and SITECHECK_ALLOW_PRIVATE:
    raise ImproperlyConfigured("SITECHECK_ALLOW_PRIVATE is for tests only and is refused in the production profile")
SITECHECK_HOST_DELAY = float(env("SITECHECK_HOST_DELAY", "0.5") or 0)  # seconds between two requests to one host
SITECHECK_CONNECT_TIMEOUT = float(env("SITECHECK_CONNECT_TIMEOUT", "5") or 5)
SITECHECK_READ_TIMEOUT = float(env("SITECHECK_READ_TIMEOUT", "15") or 15)
SITECHECK_THREADS = int(env("SITECHECK_THREADS", "16") or 1)  # sites checked at once by one worker task batch
SITECHECK_USER_AGENT = env(
    "SITECHECK_USER_AGENT", f"VSOKO-Portal-SiteCheck/1.0 (+{env('PORTAL_BASE_URL', 'http://127.0.0.1:8000')})"
)

# History of reference data and roles (django-simple-history): read in the admin, never reverted from there —
# changes go through the forms and services that check them.
SIMPLE_HISTORY_REVERT_DISABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "vsoko-portal@localhost")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"  # a Russian page that says what to do

# Content-Security-Policy on every response (django-csp): scripts and styles only from the portal's own static
# files — no inline <script>, no style="" attributes, no 'unsafe-inline'; data passes through json_script or
# data-* attributes. Bootstrap's CSS draws its icons from data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in the production profile")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the production profile")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)) or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
