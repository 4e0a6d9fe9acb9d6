"""The second chance: the author of a hidden item edits it and submits it for review; a
partnership manager restores it or keeps it hidden with a reason. Also the moderators' view
of open reports grouped per item, with one decision per item.

The edits, hides, restores and report resolutions go through examples.services, so the
revisions, counters and the moderation record stay the one way they are kept; the request
and its decision are recorded here (ReviewRequest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from examples import services as examples_services
from examples.models import Comment, Example, Report
from notifications import tasks
from notifications.models import ReviewRequest
from partnership.models import User


class AlreadySubmitted(Exception):
    """The item already waits for a review."""


@transaction.atomic
def submit_for_review(
    *, item: Example | Comment, author: User, note: str, changes: dict[str, Any]
) -> ReviewRequest:
    """Apply the author's edit to their hidden item and ask the managers to look again."""
    if isinstance(item, Example):
        examples_services.edit_example(example=item, editor=author, **changes)
        example, comment = item, None
    else:
        examples_services.edit_comment(comment=item, editor=author, body=changes["body"])
        example, comment = item.example, item
    try:
        with transaction.atomic():
            request = ReviewRequest.objects.create(
                author=author, example=example, comment=comment, note=note
            )
    except IntegrityError as error:
        raise AlreadySubmitted from error
    transaction.on_commit(
        partial(tasks.deliver_resubmission.enqueue, review_id=request.pk), robust=True
    )
    return request


@transaction.atomic
def decide_review(
    *, request: ReviewRequest, moderator: User, restore: bool, reason: str
) -> ReviewRequest:
    """Restore the item, or keep it hidden with a new reason; the author is told either way
    (through the moderation action, notifications.receivers)."""
    locked = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ReviewRequest.Status.OPEN:
        return locked
    item = request.item
    if restore:
        examples_services.restore_content(item=item, moderator=moderator, reason=reason)
    else:
        examples_services.hide_content(item=item, moderator=moderator, reason=reason)
    locked.status = ReviewRequest.Status.RESTORED if restore else ReviewRequest.Status.KEPT_HIDDEN
    locked.decided_by = moderator
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save()
    return locked


@dataclass
class ReportedItem:
    """Every open report on one item, for one decision."""

    item: Example | Comment
    reports: list[Report] = field(default_factory=list)


def open_reports_per_item(limit: int = 200) -> list[ReportedItem]:
    """Open reports, oldest first, grouped by the item they are about."""
    grouped: dict[tuple[int | None, int | None], ReportedItem] = {}
    for report in Report.objects.open().for_queue()[:limit]:
        key = (report.example_id, report.comment_id)
        if key not in grouped:
            grouped[key] = ReportedItem(item=report.target)
        grouped[key].reports.append(report)
    return list(grouped.values())
