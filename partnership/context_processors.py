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
    """The figures versions as `figures`, for a template that keys a `{% cache %}` by them (the
    dashboard's filter form), read on first use only; see examples/caching.py."""
    return {
        "figures": SimpleLazyObject(lambda: _versions(request)),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }


def _versions(request: HttpRequest) -> dict[str, int]:
    return FiguresVersion.for_request(request)
