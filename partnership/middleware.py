from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from partnership.errors import bad_request, database_unavailable, is_database_unavailable
from partnership.jsonlog import request_context


class MemberLanguageMiddleware:
    """Serve each signed-in member in the language they chose, on every device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivateCacheMiddleware:
    """Pages for a signed-in member are theirs alone: no shared or browser cache keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestLogContextMiddleware:
    """Let every log record written while serving a request name its member and address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(request):
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers a friendly 503 instead of a 500.

    Errors raised before the view (loading the session or the member) reach handler500,
    which gives the same page; see partnership.errors.server_error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return database_unavailable(request, exception)
        return None


ADMIN_PREFIX = "/admin/"


class UnusableInputMiddleware:
    """Input no page can use is a 400, wherever it is read (admin filters included).

    A NUL byte in an admin filter cannot be compared by PostgreSQL, and an id too large for the
    database overflows SQLite; both would otherwise surface as a 500 from deep inside a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The platform's own forms refuse NUL bytes with a message of their own; the admin's
        # list filters pass them straight to the database.
        query = request.META.get("QUERY_STRING", "")
        if request.path.startswith(ADMIN_PREFIX) and "%00" in query:
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import DataError

        if isinstance(exception, OverflowError | DataError):
            return bad_request(request, exception)
        return None
