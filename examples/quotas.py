"""Per-member quotas on posting, editing, commenting, reacting and reporting.

The numbers live in `settings.QUOTAS` (documented defaults: 10 examples a day, 60 edits of
examples and comments an hour, 60 comments an hour, 200 inspiring marks an hour, 20 reports a
day); `POSTING_QUOTAS_ENABLED=0` turns all of
them off (the load benchmark does). Each quota is a sliding window: what counts is what the
member did in the last hour or 24 hours, not since the top of the hour or midnight.

Examples, edits (their revisions), comments and reports are counted in the database: the
member's own rows created in the window. Nothing written on this platform is deleted
(moderators hide, they don't delete), and hidden rows count too, so the count is exact, shared
by every worker and survives restarts.
The check and the write run in one transaction that first locks the member's row, so two
requests sent together cannot both slip under the limit.

Reactions are toggles: taking a mark back deletes its row, so counting rows would let a member
toggle for ever. Every toggle, on or off, is therefore also counted in the cache, in one-minute
buckets (an atomic `incr` on a key that expires after the window); the sum of the buckets of
the last window is the count, so that window slides minute by minute. A cache can be per
process (locmem without REDIS_URL), flushed or unreachable, so the count used is the larger of
the cache's and the member's Reaction rows created in the window: whatever happens to the cache,
the database still bounds how many examples a member can mark.

Views use `within_quota(member, action)` around the service call and answer `QuotaExceeded`
with a 429 that shows `exceeded.message` in place (see examples/views.py).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from examples.models import Comment, Example, Reaction, Report, Revision
from partnership.models import User

log = logging.getLogger(__name__)

BUCKET_SECONDS = 60


class Action(StrEnum):
    EXAMPLES = "examples"
    EDITS = "edits"
    COMMENTS = "comments"
    REACTIONS = "reactions"
    REPORTS = "reports"


@dataclass(frozen=True)
class Quota:
    limit: int
    window: timedelta


class QuotaExceeded(Exception):
    """The member reached a quota; nothing was written."""

    def __init__(self, action: Action, quota: Quota, retry_after: int) -> None:
        super().__init__(f"{action} quota of {quota.limit} reached")
        self.action = action
        self.quota = quota
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        limit = self.quota.limit
        hours = round(self.quota.window / timedelta(hours=1))
        if self.action == Action.EXAMPLES:
            text = ngettext(
                "You have shared %(limit)d examples in the last hour.",
                "You have shared %(limit)d examples in the last %(hours)d hours.",
                hours,
            )
        elif self.action == Action.EDITS:
            text = ngettext(
                "You have saved %(limit)d edits in the last hour.",
                "You have saved %(limit)d edits in the last %(hours)d hours.",
                hours,
            )
        elif self.action == Action.COMMENTS:
            text = ngettext(
                "You have posted %(limit)d comments in the last hour.",
                "You have posted %(limit)d comments in the last %(hours)d hours.",
                hours,
            )
        elif self.action == Action.REACTIONS:
            text = ngettext(
                "You have changed %(limit)d inspiring marks in the last hour.",
                "You have changed %(limit)d inspiring marks in the last %(hours)d hours.",
                hours,
            )
        else:
            text = ngettext(
                "You have sent %(limit)d reports in the last hour.",
                "You have sent %(limit)d reports in the last %(hours)d hours.",
                hours,
            )
        text += " " + _("That is the most the platform accepts at a time.")
        return f"{text % {'limit': limit, 'hours': hours}} {self.try_again}"

    @property
    def try_again(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        if minutes < 90:
            return ngettext(
                "Please try again in %(count)d minute.",
                "Please try again in %(count)d minutes.",
                minutes,
            ) % {"count": minutes}
        hours = round(minutes / 60)
        return ngettext(
            "Please try again in about %(count)d hour.",
            "Please try again in about %(count)d hours.",
            hours,
        ) % {"count": hours}


def quota_for(action: Action) -> Quota | None:
    """The configured quota, or None when quotas are switched off."""
    if not settings.POSTING_QUOTAS_ENABLED:
        return None
    config = settings.QUOTAS[action.value]
    return Quota(limit=int(config["limit"]), window=timedelta(seconds=int(config["window"])))


def _rows(member: User, action: Action, since: datetime) -> QuerySet[Any]:
    if action == Action.EXAMPLES:
        return Example.objects.filter(author=member, created_at__gte=since)
    if action == Action.EDITS:
        # Every saved edit keeps a revision; an edit that changed nothing keeps none.
        return Revision.objects.filter(editor=member, created_at__gte=since)
    if action == Action.COMMENTS:
        return Comment.objects.filter(author=member, created_at__gte=since)
    if action == Action.REPORTS:
        return Report.objects.filter(reporter=member, created_at__gte=since)
    return Reaction.objects.filter(member=member, created_at__gte=since)


def _bucket(moment: datetime) -> int:
    return int(moment.timestamp()) // BUCKET_SECONDS


def _bucket_key(member: User, bucket: int) -> str:
    return f"quota:reactions:{member.pk}:{bucket}"


def _toggles(member: User, now: datetime, window: timedelta) -> dict[int, int]:
    """Reaction toggles per minute bucket in the window (empty when the cache is unreachable)."""
    last = _bucket(now)
    first = _bucket(now - window) + 1
    keys = {_bucket_key(member, bucket): bucket for bucket in range(first, last + 1)}
    try:
        found = cache.get_many(list(keys))
    except Exception:  # a cache outage must not stop members; the database count still holds
        log.warning("quota cache unreachable", exc_info=True)
        return {}
    return {keys[key]: int(count) for key, count in found.items()}


def record_reaction_toggle(member: User) -> None:
    """Count one inspiring toggle (on or off) for the member's reaction quota."""
    quota = quota_for(Action.REACTIONS)
    if quota is None:
        return
    key = _bucket_key(member, _bucket(timezone.now()))
    timeout = int(quota.window.total_seconds()) + BUCKET_SECONDS
    try:
        cache.add(key, 0, timeout)
        cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout)
    except Exception:  # see _toggles: the database count still bounds reactions
        log.warning("quota cache unreachable", exc_info=True)


def usage(member: User, action: Action, quota: Quota, now: datetime) -> tuple[int, int]:
    """How much of the quota the member used, and seconds until one more is allowed."""
    since = now - quota.window
    rows = _rows(member, action, since)
    used = rows.count()
    retry_after = 0
    if used >= quota.limit:
        # When enough of the oldest rows have left the window, one more fits.
        oldest = rows.order_by("created_at").values_list("created_at", flat=True)
        leaves_at = oldest[used - quota.limit] + quota.window
        retry_after = int((leaves_at - now).total_seconds()) + 1
    if action == Action.REACTIONS:
        buckets = _toggles(member, now, quota.window)
        toggles = sum(buckets.values())
        if toggles > used:
            used = toggles
            retry_after = 0
            if toggles >= quota.limit:
                dropped = 0
                for bucket in sorted(buckets):
                    dropped += buckets[bucket]
                    if toggles - dropped < quota.limit:
                        # The bucket leaves the window one window after its minute ends.
                        leaves_at = (bucket + 1) * BUCKET_SECONDS + quota.window.total_seconds()
                        retry_after = int(leaves_at - now.timestamp()) + 1
                        break
    return used, max(retry_after, 1) if used >= quota.limit else 0


def check(member: User, action: Action) -> None:
    """Raise QuotaExceeded when the member may not do this once more right now."""
    quota = quota_for(action)
    if quota is None:
        return
    used, retry_after = usage(member, action, quota, timezone.now())
    if used >= quota.limit:
        log.info(
            "quota_exceeded",
            extra={"event": "quota_exceeded", "action": str(action), "user": member.pk},
        )
        raise QuotaExceeded(action, quota, retry_after)


@contextmanager
def within_quota(member: User, action: Action) -> Iterator[None]:
    """Check the quota and do the write in one transaction, serialised per member.

    Locking the member's row first makes a second request of the same member wait until the
    first one committed, so it counts the first one's row.
    """
    with transaction.atomic():
        if settings.POSTING_QUOTAS_ENABLED:
            User.objects.select_for_update().filter(pk=member.pk).values_list("pk").first()
        check(member, action)
        yield
