"""The signed-in member, read from the cache instead of the database on every request.

Before its view ran, a signed-in request used to cost three queries: the session row, the
member row and whether the member moderates. With AUTH_CACHE on (partnership/settings.py):

- sessions use Django's `cached_db` engine: read from the cache, written to and deleted from
  both (logout, `partnership.sessions.end_sessions`), so the database stays the record;
- `CachedModelBackend.get_user` keeps the member, with `is_moderator` already worked out, in
  the cache next to two versions: the member's own, moved whenever the member is saved or
  deleted or their groups or permissions change, and one for all roles, moved when a group's
  permissions change. An entry counts only while both versions are the ones it was read
  under, and the three keys come back in one round trip.

A version moves twice: at once, so the very next request anywhere reads the database again,
and after the transaction commits, because a request that read the member between the save
and the commit may have stored the old row under the new version. Changes that bypass
`save()` (a queryset `update()`) move no version; MEMBER_CACHE_SECONDS bounds how long such a
change goes unseen. The platform's own writes all save.

Only a cache every server shares (Redis) makes a moved version visible everywhere: hence
AUTH_CACHE defaults to on only with REDIS_URL. The entry is the pickled member row, password
hash included (Django checks the session against it): the cache already holds the sessions it
checks, so it is inside the same trust boundary.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Warning, register
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from partnership.access import is_moderator
from partnership.models import User

ROLES_VERSION = "auth:roles-version"


def _member_version_key(user_id: object) -> str:
    return f"auth:member-version:{user_id}"


def _entry_key(user_id: object) -> str:
    return f"auth:member:{user_id}"


def _new_version() -> str:
    return secrets.token_hex(8)


def _current_versions(user_id: int) -> tuple[dict[str, Any], Any]:
    """The member's version, the roles version and the cached entry, in one round trip."""
    keys = [_member_version_key(user_id), ROLES_VERSION, _entry_key(user_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys[:2] if key not in found]
    if missing:
        # First use (or evicted): start a version; `add` lets a concurrent move win.
        for key in missing:
            cache.add(key, _new_version(), timeout=None)
        found.update(cache.get_many(missing))
    versions = {key: found.get(key) for key in keys[:2]}
    return versions, found.get(keys[2])


def _cached_user(backend: ModelBackend, user_id: Any) -> User | None:
    """The member `user_id` from the cache (see above), or from the database then cached."""
    if not settings.AUTH_CACHE:
        return ModelBackend.get_user(backend, user_id)
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    versions, entry = _current_versions(pk)
    if entry is not None and entry[0] == versions:
        user = entry[1]
    else:
        try:
            user = User._default_manager.get(pk=pk)
        except User.DoesNotExist:
            return None
        is_moderator(user)  # remembered on the member, so the entry carries it
        cache.set(_entry_key(pk), (versions, user), settings.MEMBER_CACHE_SECONDS)
    return user if backend.user_can_authenticate(user) else None


class CachedAuthenticationBackend(AuthenticationBackend):  # type: ignore[misc]
    """allauth's backend (sign in by e-mail address, any case), reading members from the cache."""

    def get_user(self, user_id: Any) -> User | None:
        return _cached_user(self, user_id)


class CachedModelBackend(ModelBackend):
    """The backend sessions signed in before allauth name: it still finds their member.

    It authenticates nobody itself (allauth's backend does), so a wrong password is checked once.
    """

    def authenticate(
        self, request: Any, username: Any = None, password: Any = None, **kwargs: Any
    ) -> None:
        return None

    def get_user(self, user_id: Any) -> User | None:
        return _cached_user(self, user_id)


def _move(key: str) -> None:
    cache.set(key, _new_version(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, _new_version(), timeout=None))


def forget_member(user_id: object) -> None:
    """The member's next request, on any server, reads them from the database again."""
    _move(_member_version_key(user_id))


def forget_all_roles() -> None:
    """Every member's next request reads them again (a group's permissions changed)."""
    _move(ROLES_VERSION)


def _member_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_member(instance.pk)


def _memberships_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        forget_member(instance.pk)  # member.groups.add(...), member.user_permissions.set(...)
    elif pk_set is not None:
        for user_id in pk_set:  # group.user_set.add(...)
            forget_member(user_id)
    else:
        forget_all_roles()  # group.user_set.clear(): who was in it is no longer known


def _roles_changed(sender: Any, **kwargs: Any) -> None:
    forget_all_roles()


def connect_signal_handlers() -> None:
    user_model = User
    uid = "partnership.auth_cache"
    post_save.connect(_member_changed, sender=user_model, dispatch_uid=f"{uid}.saved")
    post_delete.connect(_member_changed, sender=user_model, dispatch_uid=f"{uid}.deleted")
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            _memberships_changed, sender=through, dispatch_uid=f"{uid}.{through.__name__}"
        )
    m2m_changed.connect(
        _roles_changed, sender=Group.permissions.through, dispatch_uid=f"{uid}.group_permissions"
    )
    for model in (Group, Permission):
        post_save.connect(_roles_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.s")
        post_delete.connect(_roles_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.d")


@register(deploy=True)
def check_shared_cache(**kwargs: Any) -> list[CheckMessage]:
    """A per-process cache cannot tell the other servers that a session or a member changed."""
    if settings.AUTH_CACHE and isinstance(caches["default"], LocMemCache):
        return [
            Warning(
                "AUTH_CACHE is on with a per-process cache: with several processes, logout and "
                "deactivation would not reach the others at once.",
                hint="Set REDIS_URL, or AUTH_CACHE=0.",
                id="partnership.W001",
            )
        ]
    return []
