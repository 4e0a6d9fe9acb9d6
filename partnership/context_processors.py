from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from behaviours.models import FiguresVersion
from partnership.access import is_moderator


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"is_moderator": bool(user is not None and is_moderator(user))}


def figures(request: HttpRequest) -> dict[str, Any]:
    """What cached fragments are keyed by (`{% cache fragment_seconds ... figures.structure %}`).

    `figures` holds the figures versions (behaviours.models.FiguresVersion), read on first
    use only: one small query on a page that caches a fragment, none on a page that doesn't.
    A renamed behaviour or organisation, or a member's new name, bumps "structure", so no
    cached fragment shows an old name.
    """
    return {
        "figures": SimpleLazyObject(lambda: figures_for(request)),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }


def figures_for(request: HttpRequest) -> dict[str, int]:
    """The figures versions, read once per request (by a view or by its templates)."""
    if not hasattr(request, "_figures"):
        request._figures = FiguresVersion.current()  # type: ignore[attr-defined]
    versions: dict[str, int] = request._figures  # type: ignore[attr-defined]
    return versions
