"""Writes with side effects: posting, editing, reacting, reporting and moderating.

Every function is keyword-only and atomic. Counters move with F() expressions and the one
item being changed is locked before a read-modify-write, so concurrent requests on PostgreSQL
lose nothing; no write takes a lock shared by the whole platform. The cache versions move after
the commit (behaviours/signals.py, examples/caching.py). A story's Markdown is rendered here,
once per save, and stored beside the text.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from behaviours.models import Behaviour
from examples.models import (
    Comment,
    Example,
    ModerationAction,
    Reaction,
    Report,
    Revision,
    Visibility,
)
from partnership.models import Organisation, ServiceArea

if TYPE_CHECKING:
    from collections.abc import Iterable

    from evaluations.models import Outcome
    from partnership.models import User

log = logging.getLogger("partnership.moderation")

EXAMPLE_EDITABLE_FIELDS = [
    "title",
    "what_happened",
    "partnership_impact",
    "behaviour",
    "service_area",
    "outcome",
    "happened_on",
]


class AlreadyReported(Exception):
    """The member reported this item before; one report per member per item."""


@transaction.atomic
def post_example(
    *,
    author: User,
    title: str,
    what_happened: str,
    behaviour: Behaviour,
    happened_on: date,
    recognised_organisations: Iterable[Organisation],
    partnership_impact: str = "",
    service_area: ServiceArea | None = None,
    submission_key: uuid.UUID | None = None,
    outcome: Outcome | None = None,
) -> Example:
    """Publish a member's example under their current organisation.

    `submission_key` is the idempotency key of the form that was filled in: the same author
    submitting the same form again (a double click, a retry, two tabs), even concurrently,
    gets the example the first submit created instead of a duplicate.
    """
    if submission_key is not None:
        existing = Example.objects.filter(author=author, submission_key=submission_key).first()
        if existing is not None:
            return existing
    example = Example(
        author=author,
        author_organisation=author.organisation,
        title=title,
        what_happened=what_happened,
        partnership_impact=partnership_impact,
        behaviour=behaviour,
        service_area=service_area,
        outcome=outcome,
        happened_on=happened_on,
        submission_key=submission_key,
    )
    # The key's uniqueness is left to the database: a concurrent submit is only seen there.
    example.full_clean(exclude=["submission_key"])
    try:
        with transaction.atomic():
            example.save()
    except IntegrityError:
        if submission_key is None:
            raise
        # A concurrent submit of the same form committed first; ours waited for it.
        return Example.objects.get(author=author, submission_key=submission_key)
    example.recognised_organisations.set(recognised_organisations)
    return example


@transaction.atomic
def edit_example(
    *,
    example: Example,
    editor: User,
    recognised_organisations: Iterable[Organisation] | None = None,
    **changes: Any,
) -> Example:
    """Apply the author's edit and keep the previous text as a revision."""
    unknown = set(changes) - set(EXAMPLE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    locked = Example.objects.select_for_update().get(pk=example.pk)
    before = Revision.snapshot(locked, EXAMPLE_EDITABLE_FIELDS)
    before_orgs = sorted(locked.recognised_organisations.values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(locked, name, value)
    changed = [
        name
        for name, value in Revision.snapshot(locked, EXAMPLE_EDITABLE_FIELDS).items()
        if value != before[name]
    ]
    if recognised_organisations is not None:
        new_orgs = sorted(org.pk for org in recognised_organisations)
        if new_orgs != before_orgs:
            changed.append("recognised_organisations")
    if not changed:
        return locked
    before["recognised_organisations"] = before_orgs
    locked.full_clean()
    locked.save()
    if recognised_organisations is not None:
        locked.recognised_organisations.set(recognised_organisations)
    Revision.objects.create(
        example=locked, editor=editor, previous=_json_safe(before), changed_fields=changed
    )
    return locked


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    return {key: getattr(value, "pk", value) for key, value in values.items()}


@transaction.atomic
def post_comment(
    *, example: Example, author: User, body: str, submission_key: uuid.UUID | None = None
) -> Comment:
    """Add a comment and count it; a repeated submit of the same form (same key) adds nothing."""
    if submission_key is not None:
        existing = Comment.objects.filter(author=author, submission_key=submission_key).first()
        if existing is not None:
            return existing
    comment = Comment(example=example, author=author, body=body, submission_key=submission_key)
    # The example and the author are saved instances the caller loaded: checking that they
    # exist would cost two queries (the foreign keys still hold in the database).
    comment.full_clean(exclude=["submission_key", "example", "author"])
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        if submission_key is None:
            raise
        return Comment.objects.get(author=author, submission_key=submission_key)
    Example.objects.filter(pk=example.pk).update(comment_count=F("comment_count") + 1)
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, editor: User, body: str) -> Comment:
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.body == body:
        return locked
    Revision.objects.create(
        comment=locked, editor=editor, previous={"body": locked.body}, changed_fields=["body"]
    )
    locked.body = body
    locked.full_clean()
    locked.save()
    return locked


@dataclass(frozen=True)
class ReactionState:
    reacted: bool
    count: int


@transaction.atomic
def toggle_reaction(*, example: Example, member: User) -> ReactionState:
    """Mark the example as inspiring, or take the mark back; the count never drifts."""
    deleted, _ = Reaction.objects.filter(example=example, member=member).delete()
    if deleted:
        Example.objects.filter(pk=example.pk).update(reaction_count=F("reaction_count") - 1)
        reacted = False
    else:
        try:
            with transaction.atomic():
                Reaction.objects.create(example=example, member=member)
        except IntegrityError:
            # A concurrent request by the same member created it first: the mark stands.
            reacted = True
        else:
            Example.objects.filter(pk=example.pk).update(reaction_count=F("reaction_count") + 1)
            reacted = True
    count = Example.objects.values_list("reaction_count", flat=True).get(pk=example.pk)
    return ReactionState(reacted=reacted, count=count)


def about(item: Example | Comment) -> dict[str, Example | Comment]:
    """The foreign key a report, moderation action or revision uses for the item."""
    return {"example": item} if isinstance(item, Example) else {"comment": item}


@transaction.atomic
def report_content(*, reporter: User, reason: str, item: Example | Comment) -> Report:
    """File a report on an example or comment; enough distinct reporters hide it for review.

    Reports on one item are serialised by locking the item first: otherwise reports arriving
    together each count only their own (the others not committed yet) and none reaches the
    threshold, or several reach it and the item is hidden twice.
    """
    target = type(item).objects.select_for_update().get(pk=item.pk)
    report = Report(reporter=reporter, reason=reason, **about(target))
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise AlreadyReported from error
    reporters = Report.objects.filter(**about(target)).open().values("reporter").distinct().count()
    if reporters >= settings.AUTO_HIDE_REPORT_THRESHOLD and not target.is_hidden:
        _set_visibility(
            target,
            moderator=None,
            visibility=Visibility.HIDDEN,
            reason=gettext("Hidden automatically for review after reports by several members."),
            action=ModerationAction.Action.AUTO_HIDE,
        )
    return report


def _set_visibility(
    item: Example | Comment,
    *,
    moderator: User | None,
    visibility: str,
    reason: str,
    action: str,
    report: Report | None = None,
) -> Example | Comment:
    model = type(item)
    locked = model.objects.select_for_update().get(pk=item.pk)
    was_published = locked.visibility == Visibility.PUBLISHED
    if visibility == Visibility.HIDDEN:
        locked.hide(by=moderator, reason=reason)
    else:
        locked.restore(by=moderator, reason=reason)  # type: ignore[arg-type]
    locked.full_clean()
    locked.save()
    if isinstance(locked, Comment):
        now_published = locked.visibility == Visibility.PUBLISHED
        if was_published != now_published:
            delta = 1 if now_published else -1
            Example.objects.filter(pk=locked.example_id).update(
                comment_count=F("comment_count") + delta
            )
    ModerationAction.objects.create(
        moderator=moderator, action=action, report=report, reason=reason, **about(locked)
    )
    log.info(
        "moderation",
        extra={
            "event": "moderation",
            "action": action,
            "moderator": getattr(moderator, "pk", None),
            "object": f"{model._meta.label_lower}:{locked.pk}",
        },
    )
    return locked


@transaction.atomic
def hide_content(*, item: Example | Comment, moderator: User, reason: str) -> Example | Comment:
    """Hide an example or comment with a reason; its author still sees it, with the reason."""
    return _set_visibility(
        item,
        moderator=moderator,
        visibility=Visibility.HIDDEN,
        reason=reason,
        action=ModerationAction.Action.HIDE,
    )


@transaction.atomic
def restore_content(*, item: Example | Comment, moderator: User, reason: str) -> Example | Comment:
    return _set_visibility(
        item,
        moderator=moderator,
        visibility=Visibility.PUBLISHED,
        reason=reason,
        action=ModerationAction.Action.RESTORE,
    )


@transaction.atomic
def resolve_report(*, report: Report, moderator: User, outcome: str, note: str) -> Report:
    """Close a report; with the outcome "hidden" its item is hidden with the note as reason.

    An item the platform hid automatically after reports is hidden for good (with the note as
    its reason) or, with "no action", shown again. Every other open report on the same item
    is closed with it.
    """
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status != Report.Status.OPEN:
        return locked
    target = locked.target
    # An item the platform hid by itself gets the moderator's note as its reason, so its
    # author reads a person's explanation instead of the automatic notice.
    auto_hidden = target.is_hidden and target.moderated_by_id is None
    if outcome == Report.Outcome.HIDDEN and (not target.is_hidden or auto_hidden):
        _set_visibility(
            target,
            moderator=moderator,
            visibility=Visibility.HIDDEN,
            reason=note,
            action=ModerationAction.Action.HIDE,
            report=locked,
        )
    elif outcome == Report.Outcome.NO_ACTION and auto_hidden:
        # Hidden only to wait for this review, which found nothing wrong: show it again.
        _set_visibility(
            target,
            moderator=moderator,
            visibility=Visibility.PUBLISHED,
            reason=note,
            action=ModerationAction.Action.RESTORE,
            report=locked,
        )
    Report.objects.filter(**about(target)).open().update(
        status=Report.Status.RESOLVED,
        outcome=outcome,
        resolution_note=note,
        resolved_by=moderator,
        resolved_at=timezone.now(),
    )
    ModerationAction.objects.create(
        moderator=moderator,
        action=ModerationAction.Action.RESOLVE,
        report=locked,
        reason=note,
        **about(target),
    )
    locked.refresh_from_db()
    return locked
