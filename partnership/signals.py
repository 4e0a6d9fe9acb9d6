"""Receivers for signals about members: logging in and out, lockouts, deactivation, migrate.

Imported by `PartnershipConfig.ready()`, which connects them (each with a dispatch_uid, so a
second import connects nothing twice).
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.signals import password_reset
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from partnership.jsonlog import log_event
from partnership.language import remember_chosen_language
from partnership.models import MODERATOR_GROUP
from partnership.sessions import end_sessions
from partnership.throttling import remember_device_after

# A language picked on the login page becomes the member's own (partnership/language.py).
user_logged_in.connect(remember_chosen_language, dispatch_uid="partnership.language.chosen")


@receiver(user_logged_in, dispatch_uid="partnership.log.logged_in")
def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    log_event("login_succeeded", request=request, user=user.pk)


@receiver(user_logged_out, dispatch_uid="partnership.log.logged_out")
def on_user_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    log_event("logout", request=request, user=getattr(user, "pk", None))


def _refused_during_lockout(request: HttpRequest) -> bool:
    # axes refuses an attempt without checking the password while the pair is locked out; it
    # then counts nothing (`axes_failures_since_start` stays None), unlike the failure that
    # causes the lockout, which is counted first.
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_login_failed, dispatch_uid="partnership.log.login_failed")
def on_user_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None or _refused_during_lockout(request):
        return  # refused attempts are logged once, by on_user_locked_out
    # Django has already replaced the password in `credentials`; only the account is kept.
    log_event(
        "login_failed",
        request=request,
        level=logging.WARNING,
        account=credentials.get("email") or credentials.get("username"),
    )


@receiver(password_reset, dispatch_uid="partnership.device.password_reset")
def on_password_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Following the reset link proves the mailbox: this browser is the member's."""
    remember_device_after(request, user.email)


@receiver(user_locked_out, dispatch_uid="partnership.log.locked_out")
def on_user_locked_out(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    event = "login_refused_locked_out" if _refused_during_lockout(request) else "lockout"
    log_event(event, request=request, level=logging.WARNING, account=username, address=ip_address)


@receiver(
    post_save,
    sender=settings.AUTH_USER_MODEL,
    dispatch_uid="partnership.end_sessions_of_deactivated_member",
)
def end_sessions_of_deactivated_member(
    sender: Any, instance: Any, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    """A member saved as inactive is signed out everywhere at once (partnership.sessions)."""
    if instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions(user_id=instance.pk)


# Not tied to one sender: the examples app's permissions exist only after its own post_migrate,
# so the group is topped up after every app's.
@receiver(post_migrate, dispatch_uid="ensure_moderator_group")
def ensure_moderator_group(**kwargs: Any) -> None:
    """Keep the partnership managers' group and its permissions in place after every migrate."""
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in=["examples", "behaviours", "partnership"],
    ).exclude(codename__startswith="delete_")
    group.permissions.add(*wanted)
