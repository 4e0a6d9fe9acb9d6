"""A page of notifications as the lines the page shows: several of a kind about one example
become one line ("3 new comments on ..."), each line knowing whether its item is still there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from examples.access import can_view
from notifications.models import Notification
from notifications.services import GROUPED_KINDS
from partnership.models import User


@dataclass
class Line:
    notifications: list[Notification] = field(default_factory=list)
    available: bool = True

    @property
    def newest(self) -> Notification:
        return self.notifications[0]

    @property
    def count(self) -> int:
        return len(self.notifications)

    @property
    def unread(self) -> bool:
        return any(n.read_at is None for n in self.notifications)

    @property
    def actors(self) -> list[User]:
        """The distinct people behind the line, newest first (at most three named)."""
        seen: dict[int, User] = {}
        for n in self.notifications:
            if n.actor is not None and n.actor_id not in seen:
                seen[n.actor.pk] = n.actor
        return list(seen.values())[:3]

    @property
    def more_actors(self) -> int:
        distinct = {n.actor_id for n in self.notifications if n.actor_id}
        return max(0, len(distinct) - 3)


def lines_for(member: User, notifications: Iterable[Notification]) -> list[Line]:
    """Group a page of notifications (newest first) into lines, in the order of each line's
    newest notification. A line whose item the member may no longer see is marked
    unavailable: the page shows it without its title or link."""
    lines: list[Line] = []
    by_key: dict[tuple[str, int], Line] = {}
    for n in notifications:
        if n.kind in GROUPED_KINDS:
            key = (n.kind, n.example_id)
            line = by_key.get(key)
            if line is None:
                line = by_key[key] = Line()
                lines.append(line)
        else:
            line = Line()
            lines.append(line)
        line.notifications.append(n)
    for line in lines:
        line.available = can_view(member, line.newest.item)
    return lines
