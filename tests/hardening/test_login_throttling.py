"""Login throttling is keyed on account *and* address, and lifts after the cool-off.

So an attacker guessing one account cannot lock the whole organisation out from behind a
shared NAT address, nor lock that account out from every other address. Behind the proxy the
address is the client's (PROXY_COUNT), and guessing across accounts or across addresses slows
down without keeping a member out of the browser they use.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnership.jsonlog import JsonFormatter
from tests.conftest import HTMX
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ATTACKER_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sign_in(email: str, password: str, address: str, **extra: str):
    # A fresh client per attempt: throttling must not depend on cookies the attacker controls.
    return Client().post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("examples:browse")


def fail_until_locked(email: str, address: str) -> None:
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        response = sign_in(email, f"wrong-{attempt}", address)
        assert response.status_code in {200, 429}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_five_failures_lock_the_account_from_that_address(clock, client_member):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client_member.email, f"wrong-{attempt}", ATTACKER_ADDRESS)
        assert response.status_code == 200  # the form again, with an error
    response = sign_in(client_member.email, "wrong-last", ATTACKER_ADDRESS)
    assert response.status_code == 429

    # Even the right password is refused now, with the friendly locked-out page.
    response = sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS)
    assert response.status_code == 429
    assert not signed_in(response)
    content = response.content.decode()
    assert "<html" in content
    with translation.override("nl"):  # signed-out visitors get the default language
        assert translation.gettext("Too many sign-in attempts") in content
    assert reverse("account_reset_password") in content


def test_the_same_account_can_still_sign_in_from_another_address(clock, client_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    assert signed_in(sign_in(client_member.email, PASSWORD, OTHER_ADDRESS))


def test_colleagues_behind_the_same_address_can_still_sign_in(clock, client_member, partner_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    assert signed_in(sign_in(partner_member.email, PASSWORD, ATTACKER_ADDRESS))


def test_the_lock_lifts_after_the_cool_off(clock, client_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    clock.shift(django_settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS).status_code == 429
    clock.shift(timedelta(minutes=2))
    assert signed_in(sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS))


def test_attempts_during_the_cool_off_do_not_extend_it(clock, client_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    for _ in range(3):
        clock.shift(timedelta(minutes=4))
        sign_in(client_member.email, "still-guessing", ATTACKER_ADDRESS)
    clock.shift(django_settings.AXES_COOLOFF_TIME - timedelta(minutes=12) + timedelta(minutes=1))
    assert signed_in(sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS))


def test_a_success_before_the_limit_starts_the_count_again(clock, client_member):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client_member.email, f"wrong-{attempt}", ATTACKER_ADDRESS)
    assert signed_in(sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS))
    for attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client_member.email, f"wrong-again-{attempt}", ATTACKER_ADDRESS)
    assert signed_in(sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS))


def test_a_locked_out_htmx_attempt_gets_a_429_too(clock, client_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    response = sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS, **HTMX)
    assert response.status_code == 429


# Behind the proxy (PROXY_COUNT): the client is the address our proxy appended, on the right.

PROXY = "10.0.0.2"


def sign_in_via_proxy(email: str, password: str, forwarded_for: str):  # type: ignore[no-untyped-def]
    return sign_in(email, password, PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.fixture
def behind_one_proxy(settings):  # type: ignore[no-untyped-def]
    settings.PROXY_COUNT = 1


def test_behind_the_proxy_two_clients_have_separate_lock_counters(
    clock, behind_one_proxy, client_member
):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in_via_proxy(client_member.email, f"wrong-{attempt}", ATTACKER_ADDRESS)
    assert sign_in_via_proxy(client_member.email, PASSWORD, ATTACKER_ADDRESS).status_code == 429
    # The member, through the same proxy from their own address, is not locked out.
    assert signed_in(sign_in_via_proxy(client_member.email, PASSWORD, OTHER_ADDRESS))
    counted = {attempt.ip_address for attempt in AccessFailureLog.objects.all()}
    assert counted == {ATTACKER_ADDRESS}


def test_a_spoofed_address_on_the_left_of_the_forwarded_list_changes_nothing(
    clock, behind_one_proxy, client_member
):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        spoofed = f"192.0.2.{attempt + 1}, {ATTACKER_ADDRESS}"
        sign_in_via_proxy(client_member.email, f"wrong-{attempt}", spoofed)
    response = sign_in_via_proxy(client_member.email, PASSWORD, f"192.0.2.99, {ATTACKER_ADDRESS}")
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER_ADDRESS


def test_a_request_that_bypassed_the_proxy_is_taken_at_its_own_address(
    clock, behind_one_proxy, client_member
):
    # No X-Forwarded-For: whoever reached the application directly is counted as themselves.
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    assert sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS).status_code == 429
    assert signed_in(sign_in(client_member.email, PASSWORD, OTHER_ADDRESS))


def test_the_logs_name_the_forwarded_client_not_the_proxy(
    clock, behind_one_proxy, client_member, caplog
):
    caplog.set_level(logging.INFO)
    sign_in_via_proxy(client_member.email, "wrong", f"192.0.2.1, {ATTACKER_ADDRESS}")
    (record,) = [r for r in caplog.records if getattr(r, "event", None) == "login_failed"]
    assert json.loads(JsonFormatter().format(record))["address"] == ATTACKER_ADDRESS


# Across accounts and across addresses: guessing slows down, members are not locked out.


def test_a_password_spray_from_one_address_is_slowed_down(clock, client_org, settings):
    members = [make_member(client_org) for _ in range(6)]
    tried = 0
    refused_at = None
    for member in members:
        for attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):  # under the pair limit
            response = sign_in(member.email, f"spray-{attempt}", ATTACKER_ADDRESS)
            if response.status_code == 429:
                refused_at = tried
                break
            tried += 1
        if refused_at is not None:
            break
    assert refused_at == settings.LOGIN_THROTTLE_FREE  # ten failures are free
    # Then each guess waits, twice as long each time: two seconds, then four.
    clock.shift(timedelta(seconds=2))
    assert sign_in(members[-1].email, "spray-late", ATTACKER_ADDRESS).status_code == 200
    clock.shift(timedelta(seconds=3))
    assert sign_in(members[-1].email, "spray-later", ATTACKER_ADDRESS).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert sign_in(members[-1].email, "spray-later", ATTACKER_ADDRESS).status_code == 200


def test_one_account_guessed_from_many_addresses_is_slowed_down(clock, client_member, settings):
    for attempt in range(settings.LOGIN_THROTTLE_FREE):
        response = sign_in(client_member.email, f"guess-{attempt}", f"198.51.100.{attempt + 1}")
        assert response.status_code == 200
    # The next guess, from yet another address, has to wait, even with the right password.
    assert sign_in(client_member.email, PASSWORD, "198.51.100.200").status_code == 429
    clock.shift(settings.LOGIN_THROTTLE_BASE_DELAY)
    assert signed_in(sign_in(client_member.email, PASSWORD, "198.51.100.201"))


def test_the_wait_never_grows_past_the_cap_and_ends_with_the_window(clock, client_member, settings):
    for attempt in range(settings.LOGIN_THROTTLE_FREE + 12):
        clock.shift(settings.LOGIN_THROTTLE_MAX_DELAY / 20)  # fast enough to be refused often
        sign_in(client_member.email, f"guess-{attempt}", f"198.51.100.{attempt + 1}")
    clock.shift(settings.LOGIN_THROTTLE_MAX_DELAY + timedelta(seconds=1))
    assert signed_in(sign_in(client_member.email, PASSWORD, "198.51.100.250"))


def test_a_member_in_their_usual_browser_is_not_kept_out_by_a_distributed_guess(
    clock, client_member, settings
):
    browser = Client()
    first = browser.post(
        reverse("account_login"),
        {"login": client_member.email, "password": PASSWORD},
        REMOTE_ADDR=OTHER_ADDRESS,
    )
    assert signed_in(first)
    assert settings.DEVICE_COOKIE_NAME in first.cookies
    browser.post(reverse("account_logout"))
    for attempt in range(settings.LOGIN_THROTTLE_FREE + 5):
        sign_in(client_member.email, f"guess-{attempt}", f"198.51.100.{attempt + 1}")
    assert sign_in(client_member.email, PASSWORD, "198.51.100.230").status_code == 429
    again = browser.post(
        reverse("account_login"),
        {"login": client_member.email, "password": PASSWORD},
        REMOTE_ADDR=OTHER_ADDRESS,
    )
    assert signed_in(again)


def test_a_forged_device_cookie_does_not_exempt_anyone(clock, client_member, settings):
    for attempt in range(settings.LOGIN_THROTTLE_FREE):
        sign_in(client_member.email, f"guess-{attempt}", f"198.51.100.{attempt + 1}")
    forger = Client()
    forger.cookies[settings.DEVICE_COOKIE_NAME] = "W10:forged:signature"
    response = forger.post(
        reverse("account_login"),
        {"login": client_member.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.240",
    )
    assert response.status_code == 429


def test_the_email_address_is_counted_whatever_its_case(clock, client_member):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client_member.email.upper(), f"wrong-{attempt}", ATTACKER_ADDRESS)
    assert sign_in(client_member.email, PASSWORD, ATTACKER_ADDRESS).status_code == 429
