"""Friendly error pages that leak nothing and need neither the database nor the member.

Each page is rendered from a standalone template (templates/error_layout.html) *without* the
request, so no context processor runs: the 500 and 503 pages render even when PostgreSQL is
down. HTMX requests get a one-line fragment instead of a page (the htmx-error box in base.html
shows its own generic message for errors that do not swap).

Wired up in partnership/urls.py (handler403/404/500), settings.CSRF_FAILURE_VIEW and
partnership.middleware.DatabaseUnavailableMiddleware. Quota checks answer with
`too_many_requests(request, message)`.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _

from partnership.jsonlog import log_event

# Seconds a client (or load balancer) should wait before retrying while the database is away.
RETRY_AFTER_SECONDS = 10


def _is_htmx(request: HttpRequest) -> bool:
    # Read the header itself: errors raised in early middleware come before HtmxMiddleware.
    return request.headers.get("HX-Request") == "true"


def _user_id(request: HttpRequest) -> int | None:
    """The member behind a refused request, loading them if need be.

    Unlike the per-request log fields (partnership.jsonlog.loaded_user_id, never a query), a
    security event is rare and worth the query: a CSRF failure happens before anything has
    loaded the member. A database that is down gives no id rather than a second error.
    """
    try:
        user = getattr(request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None
    except (OperationalError, InterfaceError):
        return None


def _respond(
    request: HttpRequest, template_name: str, status: int, *, message: str = ""
) -> HttpResponse:
    if _is_htmx(request):
        fallback = {
            403: _("You do not have access to this."),
            404: _("This could not be found. It may have been moved or hidden."),
            429: _("Too many requests. Please wait a moment and try again."),
            503: _("The platform is briefly unavailable. Please try again in a moment."),
        }.get(status, _("Something went wrong. Please try again."))
        content = format_html('<p class="error-fragment" role="alert">{}</p>', message or fallback)
    else:
        # No request: no context processors, so no database and no member needed.
        content = loader.render_to_string(template_name, {"message": message})
    response = HttpResponse(content, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _respond(request, "400.html", 400)


def _logged(response: HttpResponse) -> HttpResponse:
    # Our structured record replaces the plain line Django's request logger would add.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    log_event("forbidden", request=request, level=logging.WARNING, user=_user_id(request))
    return _logged(_respond(request, "403.html", 403))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    log_event("not_found", request=request, user=_user_id(request))
    return _logged(_respond(request, "404.html", 404))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: usually a form left open past its session, or a page from elsewhere."""
    log_event(
        "csrf_failure",
        request=request,
        level=logging.WARNING,
        user=_user_id(request),
        reason=reason,
    )
    return _logged(_respond(request, "403_csrf.html", 403))


def too_many_requests(request: HttpRequest, message: str = "") -> HttpResponse:
    """A 429 with a friendly message; HTMX swaps it in place (see responseHandling in base.html)."""
    return _respond(request, "429.html", 429, message=message)


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """503 while the database is unreachable; logged once, without a traceback on the page."""
    log_event(
        "database_unavailable",
        request=request,
        level=logging.ERROR,
        error=type(exception).__name__,
        detail=str(exception).splitlines()[0][:200] if str(exception) else "",
    )
    response = _respond(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return _logged(response)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A lost database connection anywhere in the request still gets the 503 page."""
    exception = sys.exc_info()[1]
    if is_database_unavailable(exception):
        assert exception is not None
        return database_unavailable(request, exception)
    return _respond(request, "500.html", 500)
