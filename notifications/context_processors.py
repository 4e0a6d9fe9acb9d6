"""The bell's figure on every page, read only when a template shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.models import BELL_CAP
from notifications.services import unread_count


@dataclass(frozen=True)
class Bell:
    count: int

    @property
    def label(self) -> str:
        return f"{BELL_CAP - 1}+" if self.count >= BELL_CAP else str(self.count)


def bell(request: HttpRequest) -> dict[str, Any]:
    """`bell`: the signed-in member's unread count, one indexed query on first use, none on a
    page that does not show it (error pages, signed-out pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": SimpleLazyObject(lambda: Bell(count=unread_count(user)))}
