"""Who may see and change an example or a comment, and the one way views load them.

Views load content through these helpers, so a lookup can never forget visibility. Not visible
gives 404 (its existence is not revealed); visible but not yours to change gives 403. Whether a
member moderates is partnership.access.is_moderator, re-exported here so a view needs one
module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from examples.models import Comment, Example
from partnership.access import is_moderator, require_moderator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User

__all__ = [
    "can_edit",
    "can_react",
    "can_view",
    "get_comment_for_edit",
    "get_comment_for_view",
    "get_example_for_edit",
    "get_example_for_view",
    "get_example_keys_for_view",
    "is_moderator",
    "require_moderator",
]


def can_edit(user: User | AnonymousUser, item: Example | Comment) -> bool:
    """Only the author edits, and only while the item is published (a hidden item is frozen)."""
    return bool(user.is_authenticated and item.author_id == user.pk and not item.is_hidden)


def can_view(user: User | AnonymousUser, item: Example | Comment) -> bool:
    """Whether the member may see this example or comment: the same rule as `visible_to()`,
    for an item already loaded (a comment with its example). Published content costs no
    query; only hidden content asks whether the member moderates.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    examples: list[Example | Comment] = (
        [item.example, item] if isinstance(item, Comment) else [item]
    )
    if all(not shown.is_hidden or shown.author_id == user.pk for shown in examples):
        return True
    return is_moderator(user)


def can_react(user: User | AnonymousUser, example: Example) -> bool:
    """Any member but its author may find an example inspiring."""
    return bool(user.is_authenticated and example.author_id != user.pk)


def get_example_for_view(user: User | AnonymousUser, pk: int) -> Example:
    """The example with everything its page shows, if this member may see it; else 404."""
    example = Example.objects.visible_to(user).for_detail().filter(pk=pk).first()
    if example is None:
        raise Http404
    return example


def get_example_keys_for_view(user: User | AnonymousUser, pk: int) -> Example:
    """The narrow row of the example's own page (ExampleQuerySet.for_detail_keys(): its
    cached head and story come from examples.caching.detail), if this member may see it."""
    example = Example.objects.visible_to(user).for_detail_keys(user).filter(pk=pk).first()
    if example is None:
        raise Http404
    return example


def get_example_for_edit(user: User | AnonymousUser, pk: int) -> Example:
    """The example, if this member may see it (else 404) and edit it (else 403)."""
    example = get_example_for_view(user, pk)
    if not can_edit(user, example):
        raise PermissionDenied
    return example


def get_comment_for_view(user: User | AnonymousUser, pk: int) -> Comment:
    """The comment and its example, if this member may see it; else 404."""
    comment = Comment.objects.visible_to(user).select_related("example").filter(pk=pk).first()
    if comment is None:
        raise Http404
    return comment


def get_comment_for_edit(user: User | AnonymousUser, pk: int) -> Comment:
    """The comment, if this member may see it (else 404) and edit it (else 403)."""
    comment = get_comment_for_view(user, pk)
    if not can_edit(user, comment):
        raise PermissionDenied
    return comment
