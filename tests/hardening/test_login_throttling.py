"""Login throttling is keyed on account *and* address, and lifts after the cool-off.

So an attacker guessing one account cannot lock the whole organisation out from behind a
shared NAT address, nor lock that account out from every other address.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import HTMX

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ATTACKER_ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.23"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sign_in(email: str, password: str, address: str, **extra: str):
    # A fresh client per attempt: throttling must not depend on cookies the attacker controls.
    return Client().post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
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
    assert reverse("password_reset") in content


def test_the_same_account_can_still_sign_in_from_another_address(clock, client_member):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    assert signed_in(sign_in(client_member.email, PASSWORD, OTHER_ADDRESS))


def test_colleagues_behind_the_same_address_can_still_sign_in(clock, client_member, manager):
    fail_until_locked(client_member.email, ATTACKER_ADDRESS)
    assert signed_in(sign_in(manager.email, PASSWORD, ATTACKER_ADDRESS))


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
