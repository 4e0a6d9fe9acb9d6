"""A signed-in request reads its session and member from the cache, and changes end them at once.

Each test runs three ways: without the cache (database sessions, the member read every
request), with the per-process memory cache, and with Redis when one is reachable.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership import auth_cache
from partnership.access import is_moderator
from partnership.models import MODERATOR_GROUP, User
from tests.factories import enrol_totp, make_member, totp_code

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/13"
PASSWORD = "a-long-test-password"


def _redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(params=["off", "memory", "redis"])
def mode(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    settings.BENCH_ENDPOINTS = True
    if request.param == "off":
        settings.AUTH_CACHE = False
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    elif request.param == "redis":
        if not _redis_reachable():
            pytest.skip("Redis is not reachable")
        # A prefix of its own instead of clear(): the database may be shared.
        prefix = f"test-auth-{secrets.token_hex(6)}"
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "partnership.redis_cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            },
        }
        yield request.param
        server = redis.Redis.from_url(REDIS_URL)
        keys = list(server.scan_iter(f"{prefix}:*"))
        if keys:
            server.delete(*keys)
        return
    yield request.param


def signed_in(user: User) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if response["Location"] == reverse("mfa_authenticate"):  # managers: the second factor
        response = client.post(response["Location"], {"code": totp_code()})
        assert response.status_code == 302
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("partnership:about")).status_code == 200


def constant_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("bench_constant")).status_code == 200
    return len(context.captured_queries)


def test_a_signed_in_request_reads_session_and_member_from_the_cache(mode, client_member):
    client = signed_in(client_member)
    constant_queries(client)
    # Without the cache: the session row and the member row, on every request.
    assert constant_queries(client) == (2 if mode == "off" else 0)


def test_the_cached_member_knows_whether_they_moderate(mode, manager, client_member):
    backend = auth_cache.CachedModelBackend()
    backend.get_user(manager.pk)
    backend.get_user(client_member.pk)
    with CaptureQueriesContext(connection) as context:
        assert is_moderator(backend.get_user(manager.pk))  # type: ignore[arg-type]
        assert not is_moderator(backend.get_user(client_member.pk))  # type: ignore[arg-type]
    assert len(context.captured_queries) == (4 if mode == "off" else 0)


def test_logout_ends_every_copy_of_the_session_at_once(mode, client_member):
    client = signed_in(client_member)
    stolen = Client()
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    stolen.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert is_signed_in(stolen)

    client.post(reverse("account_logout"))

    assert not is_signed_in(client)
    assert not is_signed_in(stolen)


def test_deactivating_a_member_signs_them_out_on_their_very_next_request(
    mode, client_member, partner_member
):
    client, other = signed_in(client_member), signed_in(partner_member)
    assert is_signed_in(client)

    client_member.is_active = False
    client_member.save()

    assert not is_signed_in(client)
    assert is_signed_in(other)


def test_the_admin_deactivation_signs_members_out_on_their_very_next_request(
    mode, client_member, partner_member
):
    client, other = signed_in(client_member), signed_in(partner_member)
    assert is_signed_in(client)
    admin = Client()
    admin.force_login(make_member(is_staff=True, is_superuser=True))

    response = admin.post(
        "/admin/partnership/user/",
        {"action": "deactivate_members", "_selected_action": [client_member.pk]},
    )

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert is_signed_in(other)


def test_a_new_password_signs_out_the_other_devices(mode, client_member):
    laptop = signed_in(client_member)
    assert is_signed_in(laptop)
    client_member.set_password("another-long-password-2026")
    client_member.save()
    assert not is_signed_in(laptop)


def test_changing_ones_own_password_keeps_one_signed_in(mode, client_member):
    client = signed_in(client_member)
    assert is_signed_in(client)
    new = "another-long-password-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert is_signed_in(client)


def _moderation_status(client: Client) -> int:
    return client.get(reverse("examples:moderation")).status_code


@pytest.mark.parametrize("how", ["member.groups.remove", "group.user_set.remove"])
def test_leaving_the_managers_group_takes_effect_on_the_next_request(mode, manager, how):
    client = signed_in(manager)
    assert _moderation_status(client) == 200
    group = Group.objects.get(name=MODERATOR_GROUP)

    if how == "member.groups.remove":
        manager.groups.remove(group)
    else:
        group.user_set.remove(manager)

    assert _moderation_status(client) == 403


def test_joining_the_managers_group_takes_effect_on_the_next_request(mode, client_member):
    client = signed_in(client_member)
    assert _moderation_status(client) == 403
    enrol_totp(client_member)  # as a manager must
    client_member.groups.add(Group.objects.get_or_create(name=MODERATOR_GROUP)[0])
    assert _moderation_status(client) == 200


def test_a_group_losing_the_permission_takes_effect_on_the_next_request(mode, manager):
    client = signed_in(manager)
    assert _moderation_status(client) == 200
    group = Group.objects.get(name=MODERATOR_GROUP)
    group.permissions.remove(Permission.objects.get(codename="moderate_content"))
    assert _moderation_status(client) == 403


def test_a_member_read_between_save_and_commit_is_read_again_after_the_commit(mode, client_member):
    if mode == "off":
        pytest.skip("nothing is cached")
    client = signed_in(client_member)
    assert is_signed_in(client)
    stale = User.objects.get(pk=client_member.pk)
    with transaction.atomic():  # its after-commit work runs when the block commits
        client_member.is_active = False
        client_member.save(update_fields=["is_active"])
        # A request on another server read the member just before this transaction commits
        # and cached the row it saw, under the version the save had just moved to.
        versions, _entry = auth_cache._current_versions(client_member.pk)
        cache.set(auth_cache._entry_key(client_member.pk), (versions, stale), 60)
        # (Its session too was read before the save ended it.)
        assert auth_cache.CachedModelBackend().get_user(client_member.pk) is not None
    assert auth_cache.CachedModelBackend().get_user(client_member.pk) is None


def test_an_update_that_bypasses_save_is_seen_once_the_entry_expires(settings, client_member):
    # Only the memory cache follows the travelling clock; the bound is the same with Redis.
    client = signed_in(client_member)
    assert client.get(reverse("partnership:about"))["Content-Language"] == "nl"
    User.objects.filter(pk=client_member.pk).update(preferred_language="en")
    assert client.get(reverse("partnership:about"))["Content-Language"] == "nl"
    later = timezone.now() + timedelta(seconds=settings.MEMBER_CACHE_SECONDS + 1)
    with time_machine.travel(later):
        assert client.get(reverse("partnership:about"))["Content-Language"] == "en"


def test_the_benchmarks_constant_page_is_off_unless_asked_for(settings, client, client_member):
    assert settings.BENCH_ENDPOINTS is False  # the default, as in production
    assert client.get(reverse("bench_constant")).status_code == 404
    settings.BENCH_ENDPOINTS = True
    assert client.get(reverse("bench_constant")).content == b"ok"  # anonymous
    client.force_login(client_member)
    assert client.get(reverse("bench_constant")).content == b"ok"


def test_the_deploy_check_warns_when_the_cache_is_not_shared(settings):
    settings.AUTH_CACHE = True  # with the per-process memory cache of the tests
    assert [m.id for m in auth_cache.check_shared_cache()] == ["partnership.W001"]
    settings.AUTH_CACHE = False
    assert auth_cache.check_shared_cache() == []
