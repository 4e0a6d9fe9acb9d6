from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return HttpResponse("about")


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("organisations")


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("organisation")


@require_GET
def member_profile(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("member")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return redirect("examples:browse")


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and database reachability for load balancers; no data, no session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
