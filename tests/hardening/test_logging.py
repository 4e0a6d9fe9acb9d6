"""Security events each write one structured record: who, from where, what, and never a secret."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse

from examples import services
from partnership.jsonlog import JsonFormatter, request_context
from tests.factories import make_example

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hardening.urls")]

PASSWORD = "a-long-test-password"
WRONG_PASSWORD = "Wr0ng-pa55word-unique-8c1d"
ADDRESS = "10.20.30.40"


@pytest.fixture(autouse=True)
def _capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if getattr(record, "event", None) == name]


def as_json(record: logging.LogRecord) -> dict:  # type: ignore[type-arg]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def assert_no_secret_logged(caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    for record in caplog.records:
        line = JsonFormatter().format(record)
        for secret in secrets:
            assert secret not in line
            assert secret not in repr(vars(record))


def sign_in(client: Client, email: str, password: str, address: str = ADDRESS):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_a_successful_login_is_logged_once_with_member_and_address(client, client_member, caplog):
    sign_in(client, client_member.email, PASSWORD)
    (record,) = events(caplog, "login_succeeded")
    logged = as_json(record)
    assert logged["user"] == client_member.pk
    assert logged["address"] == ADDRESS
    assert logged["level"] == "INFO"
    assert logged["time"]
    assert_no_secret_logged(caplog, PASSWORD)


def test_a_failed_login_is_logged_once_without_the_password(client, client_member, caplog):
    sign_in(client, client_member.email, WRONG_PASSWORD)
    (record,) = events(caplog, "login_failed")
    logged = as_json(record)
    assert logged["account"] == client_member.email
    assert logged["address"] == ADDRESS
    assert logged["user"] is None
    assert logged["level"] == "WARNING"
    assert not events(caplog, "login_succeeded")
    assert_no_secret_logged(caplog, WRONG_PASSWORD)


def test_a_lockout_is_logged_once_and_each_refused_attempt_once(client, client_member, caplog):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, client_member.email, WRONG_PASSWORD)
    assert len(events(caplog, "login_failed")) == django_settings.AXES_FAILURE_LIMIT
    (lockout,) = events(caplog, "lockout")
    assert as_json(lockout)["account"] == client_member.email
    assert as_json(lockout)["address"] == ADDRESS

    response = sign_in(client, client_member.email, PASSWORD)
    assert response.status_code == 429
    assert len(events(caplog, "lockout")) == 1
    assert len(events(caplog, "login_failed")) == django_settings.AXES_FAILURE_LIMIT
    assert len(events(caplog, "login_refused_locked_out")) == 1
    assert_no_secret_logged(caplog, PASSWORD, WRONG_PASSWORD)


def test_a_logout_is_logged_once(client, client_member, caplog):
    client.force_login(client_member)
    client.post(reverse("account_logout"), REMOTE_ADDR=ADDRESS)
    (record,) = events(caplog, "logout")
    assert as_json(record)["user"] == client_member.pk
    assert as_json(record)["address"] == ADDRESS


def test_a_403_is_logged_once_with_member_and_path(client, client_member, caplog):
    client.force_login(client_member)
    client.get("/__test__/forbidden/", REMOTE_ADDR=ADDRESS)
    (record,) = events(caplog, "forbidden")
    logged = as_json(record)
    assert logged["user"] == client_member.pk
    assert logged["path"] == "/__test__/forbidden/"
    assert logged["address"] == ADDRESS
    # Django's request logger adds no second line for the same response.
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_404_is_logged_once_with_member_and_path(client, client_member, caplog):
    client.force_login(client_member)
    client.get("/examples/999999/nothing/", REMOTE_ADDR=ADDRESS)
    (record,) = events(caplog, "not_found")
    assert as_json(record)["user"] == client_member.pk
    assert as_json(record)["path"] == "/examples/999999/nothing/"
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_csrf_failure_is_logged_once_with_the_reason(client_member, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_member)
    client.post("/__test__/posting/", REMOTE_ADDR=ADDRESS)
    (record,) = events(caplog, "csrf_failure")
    logged = as_json(record)
    assert logged["user"] == client_member.pk
    assert logged["address"] == ADDRESS
    assert "CSRF" in logged["reason"]
    assert not [r for r in caplog.records if r.name.startswith("django.security.csrf")]


def test_a_moderation_action_is_logged_with_actor_object_and_address(
    author, manager, behaviour, caplog
):
    example = make_example(author, behaviour=behaviour)
    request = RequestFactory().post("/moderation/", REMOTE_ADDR=ADDRESS)
    request.user = manager
    with request_context(request):
        services.hide_content(item=example, moderator=manager, reason="Names a customer")
        (record,) = events(caplog, "moderation")
        logged = as_json(record)
    assert logged["action"] == "hide"
    assert logged["moderator"] == manager.pk
    assert logged["object"] == f"examples.example:{example.pk}"
    assert logged["user"] == manager.pk
    assert logged["address"] == ADDRESS


def test_the_formatter_writes_one_line_and_drops_secret_looking_fields():
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("partnership.test", logging.ERROR, __file__, 1, "hi", (), exc_info)
    record.event = "something"
    record.password = "hunter2-secret"
    record.api_token = "tok-123"
    record.details = {"session_key": "abc", "object": "examples.example:1"}
    line = JsonFormatter().format(record)
    assert "\n" not in line
    logged = json.loads(line)
    assert logged["event"] == "something"
    assert logged["error"] == "ValueError"
    assert "second line" in logged["exception"]
    assert logged["details"] == {"object": "examples.example:1"}
    for secret in ("hunter2-secret", "tok-123", "abc"):
        assert secret not in line


def test_production_logging_writes_json(settings):
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
