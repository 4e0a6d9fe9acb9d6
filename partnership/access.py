"""Who moderates: partnership managers, asked by every app.

Who may see or change an example or a comment, and the loaders views use for them, are in
examples/access.py, beside the models they read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User

MODERATE_PERMISSION = "examples.moderate_content"


def is_moderator(user: User | AnonymousUser) -> bool:
    """Partnership managers (and superusers) moderate content.

    Asked on nearly every page, so it is one EXISTS query, remembered on the user object for
    the rest of the request, instead of has_perm() loading every permission of the member and
    of their groups (two queries). With AUTH_CACHE the answer is cached with the member
    (partnership/auth_cache.py), so most requests ask no query at all.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_is_moderator", None)
    if known is None:
        known = holds_moderator_role(user)
        user._is_moderator = known  # type: ignore[attr-defined]
    return known


def holds_moderator_role(user: User) -> bool:
    """Whether the account is a manager's, active or not (is_moderator asks only of active ones).

    For deciding who may change an account: a deactivated manager is still one, so an
    organisation admin cannot reactivate (and so re-empower) them.
    """
    if user.is_superuser:
        return True
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = MODERATE_PERMISSION.split(".")
    return bool(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def administers(user: User | AnonymousUser, organisation_id: int | None) -> bool:
    """Whether the member is an active organisation admin of that organisation.

    Partners are equals: an admin's powers stop at their own organisation, whichever side of
    the partnership it is on. Partnership managers are asked separately (is_moderator).
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_organisation_admin", False)
        and organisation_id is not None
        and getattr(user, "organisation_id", None) == organisation_id
    )


def require_moderator(user: User | AnonymousUser) -> None:
    if not is_moderator(user):
        raise PermissionDenied
