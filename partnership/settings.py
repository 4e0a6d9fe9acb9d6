"""Settings for the partnership practice platform.

One file, driven by environment variables. The defaults are safe for production
(DEBUG off) and let a fresh checkout run on SQLite; `make run` turns DEBUG on.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets the code write the generic types mypy checks (ModelAdmin[Example], ModelForm[Comment])
# also where Python evaluates them, in class bases.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Fail closed: without DEBUG the site refuses to start rather than sign sessions and reset links
# with a key anyone can read in this file. The development key exists only for DEBUG.
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for instance the output of `python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`), or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-key-change-me"  # noqa: S105 (DEBUG only)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "partnership",
    "behaviours",
    "examples",
    "evaluations",
    "notifications",
    "people",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",  # search lookups; harmless on SQLite
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Accounts (partnership/accounts.py): sign-in, password reset and change, MFA, the other
    # sessions of a member, and sign-in with an organisation's own identity provider.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    # Single sign-on per organisation (above partnership, people and the accounts code).
    "sso",
]

MIDDLEWARE = [
    "partnership.middleware.PermissionsPolicyMiddleware",  # outermost: static files get it too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "partnership.middleware.RequestLogContextMiddleware",
    "partnership.middleware.RequestBodyLimitMiddleware",  # before anything reads the body
    "partnership.middleware.DatabaseUnavailableMiddleware",
    "partnership.middleware.UnusableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnership.throttling.DeviceCookieMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "partnership.middleware.MemberLanguageMiddleware",
    # Managers and organisation admins reach nothing but enrolment until they use MFA.
    "partnership.mfa.RequireMFAMiddleware",
    "partnership.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "partnership.context_processors.site",
                "partnership.context_processors.figures",
                "notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Choice fields iterate with .iterator(); server-side cursors would cost three round trips
    # each, and break behind a transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout keep the embedded database usable with a few concurrent requests.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partnership.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "examples:browse"
LOGOUT_REDIRECT_URL = "account_login"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out attempt is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # allauth's backend (e-mail addresses, any case), keeping the signed-in member in the cache
    # (see AUTH_CACHE below).
    "partnership.auth_cache.CachedAuthenticationBackend",
    # Still finds the member of a session signed in before allauth (it authenticates nobody).
    "partnership.auth_cache.CachedModelBackend",
]

# --- Accounts (django-allauth; partnership/accounts.py, partnership/mfa.py) -----------------
# Members sign in with their e-mail address; the user model has no username.
ACCOUNT_ADAPTER = "partnership.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Accounts are made by managers and organisation admins: their address is known to be theirs.
ACCOUNT_EMAIL_VERIFICATION = "none"
# A reset request for an unknown address sends nothing (allauth would mail "no account").
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {
    "reset_password": "partnership.forms.PasswordResetRequestForm",
}
# Sign-in and reset requests are limited by axes and partnership/throttling.py (per account and
# address, across accounts, across addresses, device cookies); allauth's own limits for the
# same requests would answer a different way (a form error instead of the 429 page) first.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None, "reset_password": None}
MFA_ADAPTER = "partnership.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Partnership in practice")
# A code of the period before or after also counts: a phone's clock a few seconds off, or a code
# typed as the period turns, still works (allauth remembers a used code for the whole window).
MFA_TOTP_TOLERANCE = 1
# The address is the login a manager or admin gave the member, not an unverified claim.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Each organisation's own identity provider decides who signs in through it (sso/adapter.py).
SOCIALACCOUNT_ADAPTER = "sso.adapter.OrganisationSocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
USERSESSIONS_TRACK_ACTIVITY = False
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login and password-reset throttling (partnership/throttling.py) -------------------------
# Three limits, none of them a permanent lock:
# - per account *and* address (django-axes): AXES_FAILURE_LIMIT failures, then a cool-off of
#   AXES_COOLOFF_TIME, so one attacker behind a partner's NAT cannot lock out an organisation;
# - per address across accounts (a password spray) and per account across addresses: past
#   LOGIN_THROTTLE_FREE failures in LOGIN_THROTTLE_WINDOW, each further attempt has to wait a
#   delay that doubles per failure up to LOGIN_THROTTLE_MAX_DELAY. A browser that signed in to
#   an account before carries a signed device cookie and is exempt from that account's limits,
#   so a stranger cannot keep a member out.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# allauth's login form names its address field "login"; allauth passes it to authenticate() as
# "email" (partnership.throttling.client_username reads either).
AXES_USERNAME_FORM_FIELD = "login"
# Addresses are e-mail addresses matched case-insensitively: `Name@Example.nl` and
# `name@example.nl` are one account, with one failure count.
AXES_USERNAME_CALLABLE = "partnership.throttling.client_username"
AXES_RESET_ON_SUCCESS = True
# Attempts during the cool-off are refused without being counted, so the lock lifts on time
# (counting them would let every retry, even with the right password, restart the cool-off).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Every failure is kept with its time: the cross-account and cross-address limits count them.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HANDLER = "partnership.throttling.ThrottlingHandler"
# The client is the PROXY_COUNT-th address from the right of X-Forwarded-For (the one the
# outermost of our proxies saw); without proxies, REMOTE_ADDR. Used by axes and the logs alike.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "partnership.addresses.client_address"
LOGIN_THROTTLE_FREE = int(os.environ.get("LOGIN_THROTTLE_FREE", "10"))
LOGIN_THROTTLE_WINDOW = timedelta(minutes=int(os.environ.get("LOGIN_THROTTLE_MINUTES", "15")))
LOGIN_THROTTLE_BASE_DELAY = timedelta(seconds=2)
LOGIN_THROTTLE_MAX_DELAY = timedelta(minutes=5)
DEVICE_COOKIE_NAME = "partnership_device" if DEBUG else "__Host-partnership_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 180
# Password reset: at most this many requests per address, and mails per e-mail address, in
# PASSWORD_RESET_THROTTLE_WINDOW; the request only enqueues the mail (partnership/tasks.py).
PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_PER_ADDRESS", "10"))
PASSWORD_RESET_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_PER_EMAIL", "3"))
PASSWORD_RESET_THROTTLE_WINDOW = timedelta(hours=1)

# --- Background tasks (django-tasks, database backend: `manage.py db_worker`) -----------------
# Tasks wait in the database until a worker takes them, so a worker that was down catches up;
# any number of workers can share one PostgreSQL queue (rows are claimed with SKIP LOCKED).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_MAX_ATTEMPTS = 5

# --- People: invitations, CSV imports, self sign-up (people/) ---------------------------------
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "14"))
PEOPLE_IMPORT_MAX_ROWS = 1000
PEOPLE_IMPORT_MAX_BYTES = 1024 * 1024
# An unconfirmed import preview can be confirmed for this long.
PEOPLE_IMPORT_DRAFT_SECONDS = 60 * 60
# Requests to an invitation link and to the sign-up page per client address, per window.
INVITATION_ATTEMPTS_PER_ADDRESS = int(os.environ.get("INVITATION_ATTEMPTS_PER_ADDRESS", "30"))
SIGNUP_REQUESTS_PER_ADDRESS = int(os.environ.get("SIGNUP_REQUESTS_PER_ADDRESS", "10"))
PEOPLE_THROTTLE_WINDOW = timedelta(minutes=15)

# --- Request bodies (partnership/middleware.py RequestBodyLimitMiddleware) --------------------
# No form takes files and no page posts more than a long story: bigger bodies get 413 and
# multipart file parts 400 before Django reads anything, so nothing is spooled to disk. A view
# that must accept more (an upload) is listed in BODY_LIMIT_OVERRIDES with its own limit and
# whether it takes files; the proxy enforces its own limit in front (docs/nginx.conf).
# 512 KB holds the longest story (30,000 characters over its fields) in four-byte characters,
# percent-encoded as browsers send forms (12 bytes a character).
REQUEST_BODY_LIMIT = int(os.environ.get("REQUEST_BODY_LIMIT", str(512 * 1024)))
BODY_LIMIT_OVERRIDES: dict[str, dict[str, int | bool]] = {
    # "/admin/": {"limit": 2 * 1024 * 1024, "files": False},  (path prefix: limit in bytes;
    # a "*" stands for one path segment)
    # The people page's CSV upload: a file of at most PEOPLE_IMPORT_MAX_BYTES plus the form.
    "/organisations/*/people/import/": {"limit": 1024 * 1024 + 64 * 1024, "files": True},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_LIMIT
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_LIMIT

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English pages show British dates (partnership/formats/en/formats.py), not Django's US ones.
FORMAT_MODULE_PATH = ["partnership.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES: dict[str, dict[str, object]] = {
        "default": {
            # Django's Redis cache, reusing one client per pool (partnership/redis_cache.py).
            "BACKEND": "partnership.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Deployments (or benchmark databases) sharing one Redis each set their own.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "partnership"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered fragments (example cards, comments, filter forms, dashboard panels) are keyed by
# everything they show: ids, updated_at, counts, the language and the figures versions
# (behaviours/models.py), so a per-process cache is always right for them and spares a
# network round trip per fragment. FRAGMENT_CACHE_SECONDS only bounds how long an unused
# fragment takes memory; 0 turns fragment caching off.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))

# --- Signed-in requests without database round trips (partnership/auth_cache.py) ------------
# With AUTH_CACHE on, a signed-in request reads its session and its member from the cache
# (cached_db sessions, CachedModelBackend) instead of two or three queries. Logout,
# deactivation, a new password and role changes reach every server at once only through a
# cache they all share, so it is on by default only with REDIS_URL; turn it on without Redis
# only for a single process (`manage.py check --deploy` warns otherwise).
AUTH_CACHE = env_bool("AUTH_CACHE", bool(REDIS_URL))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if AUTH_CACHE
    else "django.contrib.sessions.backends.db"
)
# How long an unused member entry is kept; changes never wait for it (they move a version).
MEMBER_CACHE_SECONDS = int(os.environ.get("MEMBER_CACHE_SECONDS", "900"))
# --- end of the signed-in request block -------------------------------------------------------

# The constant page bench/run.py measures as its ceiling (/bench/constant); a 404 unless on.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "platform@partnership.example")

# Security: secure defaults outside DEBUG; the proxy in front terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
CSRF_FAILURE_VIEW = "partnership.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
# The language a signed-out visitor picked: HTTPS-only in production, never sent cross-site.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Features no page uses are switched off for every page (and for anything injected into one).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# At most this many members are notified of @mentions in one example or comment.
MENTIONS_PER_ITEM = int(os.environ.get("MENTIONS_PER_ITEM", "10"))
# Links in e-mail (notifications, digests, unsubscribe) point here.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# Platform rules, documented in the README.
PRIVACY_MIN_GROUP_SIZE = int(os.environ.get("PRIVACY_MIN_GROUP_SIZE", "5"))
# The dashboards flag an organisation whose people neither posted nor commented for this long.
DASHBOARD_SILENT_WEEKS = int(os.environ.get("DASHBOARD_SILENT_WEEKS", "6"))
AUTO_HIDE_REPORT_THRESHOLD = int(os.environ.get("AUTO_HIDE_REPORT_THRESHOLD", "3"))
# Per-member quotas (examples/quotas.py): at most `limit` in a sliding window of `window`
# seconds; over it a request gets a 429 and writes nothing. Defaults: 10 examples a day,
# 60 comments an hour, 200 inspiring toggles an hour, 20 reports a day. The load benchmark
# sets POSTING_QUOTAS_ENABLED=0.
POSTING_QUOTAS_ENABLED = env_bool("POSTING_QUOTAS_ENABLED", True)
QUOTAS = {
    "examples": {"limit": int(os.environ.get("QUOTA_EXAMPLES", "10")), "window": 24 * 60 * 60},
    "edits": {"limit": int(os.environ.get("QUOTA_EDITS", "60")), "window": 60 * 60},
    "comments": {"limit": int(os.environ.get("QUOTA_COMMENTS", "60")), "window": 60 * 60},
    "reactions": {"limit": int(os.environ.get("QUOTA_REACTIONS", "200")), "window": 60 * 60},
    "reports": {"limit": int(os.environ.get("QUOTA_REPORTS", "20")), "window": 24 * 60 * 60},
}
PAGE_SIZE = 20
# A thread shows this many comments, then "Show more comments" (a keyset page, no count).
COMMENTS_PAGE_SIZE = 50
# Dashboard panels are cached under a version that every change bumps (behaviours/signals.py),
# so they never show stale figures; 0 turns the cache off.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "600"))

# One JSON object per line (partnership/jsonlog.py) in production; readable lines under DEBUG.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "partnership.jsonlog.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes writes a free-text line per failure and lockout; partnership.jsonlog writes the
        # structured records for the same events (login_failed, lockout), so only its errors pass.
        "axes": {"level": "ERROR"},
    },
}
