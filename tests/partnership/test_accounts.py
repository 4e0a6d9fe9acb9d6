"""Signing in, changing and resetting a password; throttling answers with a friendly page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from partnership.tasks import send_password_reset
from tests.notifications.conftest import smtp_server  # noqa: F401 (fixture)
from tests.worker import queued, run_worker

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _sign_in(client: Client, email: str, password: str, address: str = "10.1.2.3"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
    ],
)
def test_login_and_password_reset_pages_are_public(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<html" in response.content


def test_the_password_change_page_needs_a_signed_in_member(client):
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_login_page_has_labelled_fields_and_a_reset_link(client):
    # E-mail first (sso/views.py): the address, then the password.
    content = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in content
    assert reverse("account_reset_password") in content
    step = client.post(reverse("account_login"), {"login": "someone@example.test"})
    assert '<label for="id_password">' in step.content.decode()
    assert reverse("account_reset_password") in step.content.decode()


def test_signing_in_lands_on_the_examples(client, client_member):
    response = _sign_in(client, client_member.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("examples:browse")


def test_signing_in_follows_a_safe_next_but_not_a_foreign_one(client, client_member):
    about = reverse("partnership:about")
    response = client.post(
        f"{reverse('account_login')}?next={about}",
        {"login": client_member.email, "password": PASSWORD, "next": about},
    )
    assert response["Location"] == about
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": client_member.email, "password": PASSWORD, "next": "http://evil.example/"},
    )
    assert response["Location"] == reverse("examples:browse")


def test_a_wrong_password_shows_an_error_on_the_form(client, client_member):
    response = _sign_in(client, client_member.email, "not-the-password")
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    content = response.content.decode()
    assert 'role="alert"' in content
    assert escape(errors[0]) in content
    assert "_auth_user_id" not in client.session


def test_an_inactive_member_cannot_sign_in(client, inactive_member):
    response = _sign_in(client, inactive_member.email, PASSWORD)
    assert response["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("examples:browse")).status_code == 302


def test_repeated_wrong_passwords_pause_signing_in_with_a_429_page(client, client_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, client_member.email, "wrong-password", address="10.9.9.9")
    response = _sign_in(client, client_member.email, PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    content = response.content.decode()
    assert "<html" in content
    assert reverse("account_reset_password") in content
    # Another address (a colleague behind another NAT) is not locked out.
    assert _sign_in(Client(), client_member.email, PASSWORD, address="10.8.8.8").status_code == 302


def test_signing_out_is_a_post_and_goes_back_to_login(login, client_member):
    client = login(client_member)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("partnership:about")).status_code == 302


def test_a_member_changes_their_password(login, client_member):
    client = login(client_member)
    page = client.get(reverse("account_change_password"))
    assert '<label for="id_oldpassword">' in page.content.decode()
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "brand-new-partnership-pass",
            "password2": "brand-new-partnership-pass",
        },
    )
    assert response.status_code == 302
    client_member.refresh_from_db()
    assert client_member.check_password("brand-new-partnership-pass")
    page = client.get(response["Location"])  # still signed in
    assert page.status_code == 200
    with translation.override("nl"):
        assert translation.gettext("Password successfully changed.") in page.content.decode()


def test_a_wrong_current_password_is_shown_as_an_error(login, client_member):
    response = login(client_member).post(
        reverse("account_change_password"),
        {"oldpassword": "nope", "password1": "x1", "password2": "x2"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "oldpassword" in form.errors
    assert 'class="errorlist"' in response.content.decode()
    client_member.refresh_from_db()
    assert client_member.check_password(PASSWORD)


def test_password_reset_sends_an_email_with_a_working_link(client, client_member):
    response = client.post(reverse("account_reset_password"), {"email": client_member.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []  # the request only queues the mail
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [client_member.email]
    assert "\n" not in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body)
    assert link, message.body

    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    assert not confirm.context.get("token_fail")
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"password1": "reset-partnership-pass", "password2": "reset-partnership-pass"},
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    client_member.refresh_from_db()
    assert client_member.check_password("reset-partnership-pass")
    # The link works once; then it says so, with a 400.
    used = client.get(link.group(1), follow=True)
    assert used.status_code == 400
    assert used.context["token_fail"]


def test_password_reset_email_follows_the_visitors_language(client, client_member):
    client.post(
        reverse("partnership:set_language"), {"language": "en", "next": reverse("account_login")}
    )
    client.post(reverse("account_reset_password"), {"email": client_member.email})
    run_worker()
    with translation.override("en"):
        expected = translation.gettext("Choose a new password for Partnership in practice")
    assert mail.outbox[0].subject == expected
    assert "Hello Clara Client," in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response["Location"] == reverse("account_reset_password_done")
    run_worker()
    assert mail.outbox == []


def test_password_reset_rejects_a_malformed_address(client):
    response = client.post(reverse("account_reset_password"), {"email": "not an address"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mail.outbox == []


def test_a_broken_reset_link_explains_itself(client):
    response = client.get("/accounts/password/reset/key/1-bad-token/")
    assert response.status_code == 400
    assert response.context["token_fail"]
    assert reverse("account_reset_password") in response.content.decode()


# Password reset: the request only queues; limits per address and per e-mail address.


def _reset(client: Client, email: str, address: str = "10.4.4.4"):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=address)


def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(client, client_member):
    with CaptureQueriesContext(connection) as known:
        known_response = _reset(client, client_member.email)
    with CaptureQueriesContext(connection) as unknown:
        unknown_response = _reset(client, "nobody@example.test")
    assert known_response["Location"] == unknown_response["Location"]
    assert len(known.captured_queries) == len(unknown.captured_queries)
    # Neither request looks the account up: only the worker does.
    for query in known.captured_queries + unknown.captured_queries:
        assert "partnership_user" not in query["sql"]
    assert mail.outbox == []
    tasks = queued(send_password_reset.module_path)
    assert [task.args_kwargs["kwargs"]["email"] for task in tasks] == [
        client_member.email,
        "nobody@example.test",
    ]


def test_reset_mails_to_one_address_are_limited_without_saying_so(client, client_member):
    for _ in range(settings.PASSWORD_RESET_PER_EMAIL + 2):
        response = _reset(client, client_member.email.upper())
        assert response["Location"] == reverse("account_reset_password_done")
    run_worker()
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL


def test_reset_requests_from_one_address_are_limited_with_a_429(client, client_org):
    for n in range(settings.PASSWORD_RESET_PER_ADDRESS):
        assert _reset(client, f"someone{n}@example.test").status_code == 302
    response = _reset(client, "one-more@example.test")
    assert response.status_code == 429
    assert "<html" in response.content.decode()
    assert len(queued(send_password_reset.module_path)) == settings.PASSWORD_RESET_PER_ADDRESS
    # Another address is not affected.
    assert _reset(Client(), "one-more@example.test", address="10.5.5.5").status_code == 302


def test_the_reset_limits_lift_after_the_window(client, client_member, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.PASSWORD_RESET_PER_EMAIL):
            _reset(client, client_member.email)
    later = start + settings.PASSWORD_RESET_THROTTLE_WINDOW + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        _reset(client, client_member.email)
        run_worker()
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL + 1


# Smaller findings.


def test_an_email_address_in_another_case_signs_in(client, client_member):
    mixed = client_member.email.title()
    assert mixed != client_member.email
    response = _sign_in(client, f"  {mixed}", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("examples:browse")


def test_following_a_reset_link_marks_the_browser_as_the_members(client, client_member):
    _reset(client, client_member.email)
    run_worker()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link
    confirm = client.get(link.group(1), follow=True)
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"password1": "reset-partnership-pass", "password2": "reset-partnership-pass"},
    )
    assert settings.DEVICE_COOKIE_NAME in response.cookies


# Through a real SMTP server (aiosmtpd on localhost), as the worker sends it in production.


def test_the_reset_mail_reaches_a_real_smtp_server_and_its_link_works(
    smtp_server,  # noqa: F811 (the fixture imported above)
    client,
    client_member,
):
    client.post(reverse("account_reset_password"), {"email": client_member.email})
    assert smtp_server.messages == []  # the request only queued it
    run_worker()
    (message,) = smtp_server.messages
    assert message["To"] == client_member.email
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body)
    assert link, body
    confirm = client.get(link.group(1), follow=True)
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"password1": "smtp-reset-partnership", "password2": "smtp-reset-partnership"},
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    client_member.refresh_from_db()
    assert client_member.check_password("smtp-reset-partnership")
