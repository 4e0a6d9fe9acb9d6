"""Settings of the test identity provider: a separate Django project, never the platform's.

It runs django-oidc-provider (a real OpenID Connect provider) against its own SQLite file;
tests/oidc_idp/serve.py starts it, the `oidc_idp` fixture (tests/oidc_idp/__init__.py) runs
that as a subprocess. Everything comes from environment variables the fixture sets.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "test-identity-provider-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# serve.py sets it once the port is known: the issuer is SITE_URL + "/openid".
SITE_URL = os.environ.get("IDP_SITE_URL", "http://127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("IDP_DATABASE", str(HERE / "idp.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
# Quick hashing: the provider's users are made per test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
# Own cookie names: a browser talking to both servers must never mix the two sessions up.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"

OIDC_USERINFO = "tests.oidc_idp.claims.userinfo"
# Like Microsoft Entra ID: the ID token carries the e-mail and name claims as well.
OIDC_IDTOKEN_INCLUDE_CLAIMS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "WARNING"},
        "oidc_provider": {"handlers": ["stderr"], "level": "WARNING"},
    },
}
