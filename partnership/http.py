"""What every view needs to know about an HTMX request."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """A real HTMX swap gets the fragment; a history restore (the back button) the whole page."""
    return bool(request.htmx and not request.htmx.history_restore_request)
