"""Ending a member's sessions when their account is deactivated.

Django already refuses a deactivated member on their next request (`ModelBackend.get_user`
returns nobody for an inactive user); deleting the stored sessions as well means nothing of
theirs outlives the deactivation, not even in the session table.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


def end_sessions(*, user_id: int) -> int:
    """Delete every unexpired stored session signed in as `user_id`; returns how many.

    Sessions are not indexed by member, so this reads the unexpired ones: fine for the rare
    deactivation. Session engines that keep no table (signed cookies, plain cache) are left to
    `get_user`, which already turns the deactivated member away.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store_class, DatabaseSessionStore):
        return 0
    model = store_class.get_model_class()
    decoder = store_class()
    keys = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if decoder.decode(session.session_data).get(SESSION_KEY) == str(user_id)
    ]
    for key in keys:
        store_class(session_key=key).delete()
    return len(keys)


@transaction.atomic
def deactivate_members(*, members: QuerySet[Any]) -> int:
    """Deactivate members (never delete: their words stay); returns how many.

    Each member is saved rather than bulk-updated, so what a deactivation sets off runs as for
    a single member: their sessions end (end_sessions_of_deactivated_member) and the figures
    that count active members move (behaviours.signals).
    """
    deactivated = 0
    for member in members.filter(is_active=True):
        member.is_active = False
        member.save(update_fields=["is_active"])
        deactivated += 1
    return deactivated


def end_sessions_of_deactivated_member(
    sender: Any, instance: Any, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    if instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions(user_id=instance.pk)


def connect_signal_handlers() -> None:
    from django.db.models.signals import post_save

    post_save.connect(
        end_sessions_of_deactivated_member,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="partnership.end_sessions_of_deactivated_member",
    )
