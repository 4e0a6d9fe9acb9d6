"""Who may see and change what: the one place the platform's access rules live.

Views, fragments, admin and querysets load content through these helpers, so a lookup can
never forget visibility. Not visible gives 404 (its existence is not revealed); visible but
not yours to change gives 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from examples.models import Comment, Example
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
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        app_label, codename = MODERATE_PERMISSION.split(".")
        known = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        user._is_moderator = known  # type: ignore[union-attr]
    return known


def require_moderator(user: User | AnonymousUser) -> None:
    if not is_moderator(user):
        raise PermissionDenied


def can_see(user: User | AnonymousUser, item: Example | Comment) -> bool:
    if not user.is_authenticated:
        return False
    return not item.is_hidden or item.author_id == user.pk or is_moderator(user)


def can_edit(user: User | AnonymousUser, item: Example | Comment) -> bool:
    """Only the author edits, and only while the item is published (a hidden item is frozen)."""
    return bool(user.is_authenticated and item.author_id == user.pk and not item.is_hidden)


def can_react(user: User | AnonymousUser, example: Example) -> bool:
    """Any member but its author may find an example inspiring."""
    return bool(user.is_authenticated and example.author_id != user.pk)


def get_example_for_view(user: User | AnonymousUser, pk: int) -> Example:
    from examples.models import Example

    example = Example.objects.visible_to(user).for_detail().filter(pk=pk).first()
    if example is None:
        raise Http404
    return example


def get_example_for_edit(user: User | AnonymousUser, pk: int) -> Example:
    example = get_example_for_view(user, pk)
    if not can_edit(user, example):
        raise PermissionDenied
    return example


def get_comment_for_view(user: User | AnonymousUser, pk: int) -> Comment:
    from examples.models import Comment

    comment = Comment.objects.visible_to(user).select_related("example").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def get_comment_for_edit(user: User | AnonymousUser, pk: int) -> Comment:
    comment = get_comment_for_view(user, pk)
    if not can_edit(user, comment):
        raise PermissionDenied
    return comment
