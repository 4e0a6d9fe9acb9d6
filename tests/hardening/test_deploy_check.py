"""Production settings pass Django's deployment checklist, and keep the promises it checks."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(django_settings.BASE_DIR)
HOST = "partnership.example.nl"


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "LOG_FORMAT"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DJANGO_SETTINGS_MODULE="partnership.settings",
    )
    env.update(overrides)
    return env


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_with_zero_findings():
    result = run_manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_a_secret_key_production_refuses_to_start_and_says_what_to_set():
    env = production_env()
    del env["SECRET_KEY"]
    for command in (["check"], ["runserver", "--noreload", "127.0.0.1:0"]):
        result = run_manage(env, *command)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "SECRET_KEY is not set" in result.stderr
        assert "SECRET_KEY environment variable" in result.stderr


def test_the_wsgi_application_refuses_to_load_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import partnership.wsgi"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_runs_without_a_key():
    env = production_env(DEBUG="1")
    del env["SECRET_KEY"]
    assert run_manage(env, "check").returncode == 0


def test_the_deploy_check_fails_with_a_weak_secret_key():
    result = run_manage(
        production_env(SECRET_KEY="django-insecure-short"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_the_deploy_check_fails_with_debug_on():
    result = run_manage(production_env(DEBUG="1"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_HTTPONLY",
    "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS", "X_FRAME_OPTIONS", "PASSWORD_HASHERS",
    "CSRF_FAILURE_VIEW", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_SAMESITE",
]}, default=list))
"""


@pytest.fixture(scope="module")
def production_settings() -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_is_https_only_behind_the_proxy(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_cookies_are_secure_and_host_bound(production_settings):
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    # __Host- cookies: only over HTTPS, never for another (sub)domain, path /.
    assert production_settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production_settings["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert production_settings["LANGUAGE_COOKIE_SECURE"] is True
    assert production_settings["LANGUAGE_COOKIE_SAMESITE"] == "Lax"


def test_production_trusts_only_the_configured_hosts_and_origins(production_settings):
    assert production_settings["ALLOWED_HOSTS"] == [HOST]
    assert production_settings["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}"]
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["CSRF_FAILURE_VIEW"] == "partnership.errors.csrf_failure"


def test_production_hashes_passwords_with_argon2(production_settings):
    assert production_settings["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_a_new_members_password_is_stored_as_an_argon2_hash(settings, partner_org):
    # The suite swaps in MD5 for speed (tests/conftest.py); this test puts production's back.
    from tests.factories import make_member

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    member = make_member(partner_org, password="correct horse battery staple")
    assert member.password.startswith("argon2$argon2id$")
    assert "correct horse" not in member.password
    assert member.check_password("correct horse battery staple")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_and_https_gets_hsts(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/healthz")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")

    response = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
