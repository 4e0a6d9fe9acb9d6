from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnership.access import is_moderator


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"is_moderator": bool(user is not None and is_moderator(user))}
