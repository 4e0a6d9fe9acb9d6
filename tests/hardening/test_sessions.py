"""Sessions: a new key at every login, and logout, deactivation or a new password end them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.models import User
from partnership.sessions import end_sessions

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def session_cookie(client: Client) -> str:
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def sign_in(client: Client, user: User) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def is_signed_in(client: Client) -> bool:
    response = client.get(reverse("partnership:about"))
    return response.status_code == 200


def test_the_session_key_changes_at_login(client, client_member):
    # A session that existed before signing in (planted, say, by an attacker)...
    session = client.session
    session["planted"] = "yes"
    session.save()
    before = session_cookie(client)
    sign_in(client, client_member)
    after = session_cookie(client)
    assert after != before
    # ...is gone, and the new one carries the member.
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()[SESSION_KEY] == str(
        client_member.pk
    )


def test_logout_ends_the_session_for_every_copy_of_the_cookie(client, client_member):
    sign_in(client, client_member)
    key = session_cookie(client)
    stolen = Client()
    stolen.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert is_signed_in(stolen)

    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
    assert not is_signed_in(stolen)


def test_logout_needs_a_post(client, client_member):
    sign_in(client, client_member)
    # A GET only asks to confirm (a link or an image cannot sign a member out).
    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert is_signed_in(client)


def test_deactivating_a_member_ends_their_sessions_at_once(client, client_member, partner_member):
    sign_in(client, client_member)
    other = Client()
    sign_in(other, partner_member)
    key = session_cookie(client)

    client_member.is_active = False
    client_member.save()

    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
    assert is_signed_in(other)  # nobody else is affected


def test_a_deactivated_member_is_refused_even_if_their_session_survives(
    client, client_member, settings
):
    # An update that bypasses save() leaves the session row and moves no cached member's
    # version (partnership/auth_cache.py); once that entry expires, Django's auth refuses it.
    sign_in(client, client_member)
    User.objects.filter(pk=client_member.pk).update(is_active=False)
    later = timezone.now() + timedelta(seconds=settings.MEMBER_CACHE_SECONDS + 1)
    with time_machine.travel(later):
        response = client.get(reverse("partnership:about"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_deactivated_member_cannot_sign_in(client, inactive_member):
    response = client.post(
        reverse("account_login"), {"login": inactive_member.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_inactive")
    assert SESSION_KEY not in client.session


def test_end_sessions_only_removes_that_members_sessions(client_member, partner_member):
    mine, theirs = Client(), Client()
    sign_in(mine, client_member)
    sign_in(theirs, partner_member)
    assert end_sessions(user_id=client_member.pk) == 1
    assert not is_signed_in(mine)
    assert is_signed_in(theirs)


def test_a_new_password_signs_out_other_devices(client, client_member):
    sign_in(client, client_member)
    laptop = Client()
    sign_in(laptop, client_member)
    client_member.set_password("another-long-password-2026")
    client_member.save()
    assert not is_signed_in(laptop)


def test_saving_an_active_member_keeps_their_session(client, client_member):
    sign_in(client, client_member)
    client_member.job_title = "Service manager"
    client_member.save()
    assert is_signed_in(client)
