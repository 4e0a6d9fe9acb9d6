from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from behaviours import dashboards
from behaviours.forms import DashboardFilterForm
from behaviours.models import Behaviour
from examples.caching import cards
from examples.models import Example
from partnership.access import is_moderator
from partnership.http import HtmxHttpRequest, wants_fragment
from partnership.pagination import paginate, status_of


@require_GET
def behaviour_list(request: HtmxHttpRequest) -> HttpResponse:
    """The behaviours with their example counts, which leave small organisations out as every
    count does (privacy floor)."""
    behaviours, organisations = dashboards.behaviour_list()
    return render(
        request,
        "behaviours/behaviour_list.html",
        {
            "active": [b for b in behaviours if b.active],
            "retired": [b for b in behaviours if not b.active],
            "privacy_floor": dashboards.privacy_floor(),
            "left_out": dashboards.left_out_sentence(organisations),
        },
    )


@require_GET
@vary_on_headers("HX-Request")
def behaviour_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The behaviour, its prompts and its examples, newest first, in keyset pages (no count)."""
    behaviour = get_object_or_404(Behaviour, slug=slug)
    partial = wants_fragment(request)
    template = "behaviours/behaviour_detail.html" + ("#behaviour-examples" if partial else "")
    examples = Example.objects.visible_to(request.user).filter(behaviour=behaviour).for_cards()
    page = paginate(request, examples)
    context = {"behaviour": behaviour, "page": cards(page, request)}
    return render(request, template, context, status=status_of(request, page))


@require_GET
def overview(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "behaviours/overview.html",
        {"table": dashboards.overview().table(), "privacy_floor": dashboards.privacy_floor()},
    )


def _filters(request: HtmxHttpRequest) -> tuple[DashboardFilterForm, dashboards.Dashboard | None]:
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, dashboards.Dashboard(form.filters(), moderator=is_moderator(request.user))


def _board_context(
    request: HtmxHttpRequest, form: DashboardFilterForm, board: dashboards.Dashboard
) -> dict[str, Any]:
    """What the dashboard, its panels and the review render with."""
    return {
        "form": form,
        "board": board,
        "query": request.GET.urlencode(),
        "privacy_floor": dashboards.privacy_floor(),
    }


def _invalid(request: HtmxHttpRequest, template: str, form: DashboardFilterForm) -> HttpResponse:
    # 400 for a page or link with bad filters; an HTMX swap gets 422 so the errors swap in place.
    status = 422 if wants_fragment(request) else 400
    return render(
        request,
        template,
        {"form": form, "privacy_floor": dashboards.privacy_floor()},
        status=status,
    )


@require_GET
@vary_on_headers("HX-Request")
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    form, board = _filters(request)
    template = "behaviours/dashboard.html"
    if wants_fragment(request):
        template += "#dashboard-panels"
    if board is None:
        return _invalid(request, template, form)
    return render(request, template, _board_context(request, form, board))


@require_GET
@vary_on_headers("HX-Request")
def dashboard_panel(request: HtmxHttpRequest, panel: str) -> HttpResponse:
    """One panel as an HTMX fragment; without HTMX, the dashboard at that panel."""
    if panel not in dashboards.PANELS:
        raise Http404
    if panel == "moderation" and not is_moderator(request.user):
        raise PermissionDenied
    if not wants_fragment(request):
        query = request.GET.urlencode()
        url = reverse("behaviours:dashboard") + (f"?{query}" if query else "")
        return HttpResponseRedirect(f"{url}#{panel}-panel")
    form, board = _filters(request)
    if board is None:
        return _invalid(request, "behaviours/dashboard.html#filter-errors", form)
    return render(
        request, f"behaviours/dashboard.html#{panel}-panel", _board_context(request, form, board)
    )


@require_GET
def dashboard_csv(request: HtmxHttpRequest, table: str) -> HttpResponse:
    """A panel's table as CSV (UTF-8 with BOM), with the same numbers as the page."""
    form, board = _filters(request)
    if board is None:
        return _invalid(request, "behaviours/dashboard.html", form)
    data = board.table(table)
    if data is None:
        raise Http404
    period = board.period
    name = table
    if table not in dashboards.ALL_TIME_TABLES:
        name += f"-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}"
    response = HttpResponse(dashboards.table_to_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def review(request: HtmxHttpRequest) -> HttpResponse:
    form, board = _filters(request)
    if board is None:
        return _invalid(request, "behaviours/review.html", form)
    context = _board_context(request, form, board)
    context["review"] = dashboards.Review(board)
    return render(request, "behaviours/review.html", context)
