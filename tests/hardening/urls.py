"""The project's URLs plus a few views that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from partnership import errors
from partnership.urls import urlpatterns as project_urlpatterns

# A value that must never reach a page: every failing view mentions it.
SECRET = "s3cret-detail-7f3a"


def layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(f"owner is {SECRET}")


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404(f"no example {SECRET}")


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"SELECT * FROM partnership_user WHERE password = {SECRET!r}")  # noqa: S608


def on_crash() -> None:
    """Replaced by tests that need something to happen just before `crash_midway` fails."""


def crash_midway(request: HttpRequest) -> HttpResponse:
    assert request.user.is_authenticated  # the member was loaded while the database was up
    on_crash()
    raise RuntimeError(f"lost it halfway {SECRET}")


def database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError(f"connection to server at 10.0.0.9 failed {SECRET}")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(f"tampered {SECRET}")


def quota(request: HttpRequest) -> HttpResponse:
    return errors.too_many_requests(request, "You can share 10 examples a day.")


def posting(request: HttpRequest) -> HttpResponse:
    return HttpResponse("posted")


urlpatterns = [
    *project_urlpatterns,
    path("__test__/layout/", layout),
    path("__test__/forbidden/", forbidden),
    path("__test__/not-found/", not_found),
    path("__test__/crash/", crash),
    path("__test__/crash-midway/", crash_midway),
    path("__test__/database-gone/", database_gone),
    path("__test__/public-database-gone/", login_not_required(database_gone)),
    path("__test__/suspicious/", suspicious),
    path("__test__/quota/", quota),
    path("__test__/posting/", posting),
]

handler400 = "partnership.errors.bad_request"
handler403 = "partnership.errors.permission_denied"
handler404 = "partnership.errors.page_not_found"
handler500 = "partnership.errors.server_error"
