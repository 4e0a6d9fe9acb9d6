from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def behaviour_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("behaviours")


@require_GET
def behaviour_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("behaviour")


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return HttpResponse("overview")
