from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


class PermissionsPolicyMiddleware:
    """Every response turns off the browser features no page uses (PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# A part header that names a file: `Content-Disposition: form-data; name="x"; filename="y"`.
FILE_PART = re.compile(rb"\r\ncontent-disposition:[^\r\n]*;\s*filename\*?=", re.IGNORECASE)


def _under(path: str, prefix: str) -> bool:
    """Whether `path` starts with `prefix`, where a "*" in the prefix is one path segment."""
    if "*" not in prefix:
        return path.startswith(prefix)
    pattern = "".join(
        "[^/]+" if part == "*" else re.escape(part) for part in re.split(r"(\*)", prefix)
    )
    return re.match(pattern, path) is not None


def body_limit(path: str) -> tuple[int, bool]:
    """(largest body in bytes, whether file parts are allowed) for a path.

    REQUEST_BODY_LIMIT and no files everywhere, except under a prefix in BODY_LIMIT_OVERRIDES,
    e.g. {"/organisations/import/": {"limit": 2_000_000, "files": True}} for an upload view.
    """
    for prefix, override in settings.BODY_LIMIT_OVERRIDES.items():
        if _under(path, prefix):
            return int(override.get("limit", settings.REQUEST_BODY_LIMIT)), bool(
                override.get("files", False)
            )
    return settings.REQUEST_BODY_LIMIT, False


class RequestBodyLimitMiddleware:
    """Refuse big bodies (413) and file parts (400) before Django reads or spools anything.

    No page takes files, and none needs more than REQUEST_BODY_LIMIT bytes; the proxy in front
    has its own limit (docs/nginx.conf). A body's size is known from Content-Length before it is
    read; a multipart body within the limit is read into memory (never to a temporary file) and
    refused when one of its parts is a file.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit, files_allowed = body_limit(request.path)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return bad_request(request)
        if length > limit:
            return payload_too_large(request, limit)
        content_type = request.META.get("CONTENT_TYPE", "").lower()
        multipart = length and content_type.startswith("multipart/")
        if multipart and not files_allowed and FILE_PART.search(b"\r\n" + request.body):
            return bad_request(request)
        return self.get_response(request)


def payload_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("That is more than this page accepts (at most %(size)s).") % {
        "size": filesizeformat(limit)
    }
    if request.headers.get("HX-Request") == "true":
        content = format_html('<p class="error-fragment" role="alert">{}</p>', message)
    else:
        content = loader.render_to_string("413.html", {"message": message})
    response = HttpResponse(content, status=413)
    response["Cache-Control"] = "private, no-store"
    # The rest of the body is not read: close the connection rather than parse it as a request.
    response["Connection"] = "close"
    return response
