"""The moderation queue: open reports, hidden content and the latest moderation actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from examples import access, services
from examples.forms import ResolveReportForm
from examples.models import Comment, Example, ModerationAction, Report, Visibility
from partnership.http import HtmxHttpRequest, wants_fragment
from partnership.pagination import paginate, status_of

_QUEUE = "examples/moderation_queue.html"
_REPORT_ROW = "examples/moderation_queue.html#report-row"
QUEUE_LIST_SIZE = 25


@require_GET
def moderation_queue(request: HtmxHttpRequest) -> HttpResponse:
    """Open reports (oldest first), hidden content and the latest moderation actions."""
    access.require_moderator(request.user)
    context = _queue_context(request)
    status = status_of(request, context["reports"])
    return render(request, "examples/moderation_queue.html", context, status=status)


@require_POST
@vary_on_headers("HX-Request")
def resolve_report(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Close a report with an outcome and a note; HTMX swaps just that report's row."""
    access.require_moderator(request.user)
    report = get_object_or_404(Report.objects.for_queue(), pk=pk)
    partial = wants_fragment(request)
    if report.status != Report.Status.OPEN:
        if partial:
            return render(request, _REPORT_ROW, {"report": report})
        messages.info(request, _("This report was already resolved."))
        return redirect("examples:moderation")
    form = ResolveReportForm(request.POST, auto_id=_resolve_auto_id(report))
    if not form.is_valid():
        if partial:
            report.resolve_form = form  # type: ignore[attr-defined]
            return render(request, _REPORT_ROW, {"report": report}, status=422)
        return render(request, _QUEUE, _queue_context(request, invalid=(pk, form)), status=422)
    services.resolve_report(
        report=report,
        moderator=request.user,
        outcome=form.cleaned_data["outcome"],
        note=form.cleaned_data["note"],
    )
    report = Report.objects.for_queue().get(pk=pk)
    if partial:
        return render(request, _REPORT_ROW, {"report": report, "just_resolved": True})
    messages.success(request, _("The report is resolved."))
    return redirect("examples:moderation")


def _resolve_auto_id(report: Report) -> str:
    # Every report on the queue has its own form: ids must stay unique on the page.
    return f"id_report{report.pk}_%s"


def _queue_context(
    request: HtmxHttpRequest, *, invalid: tuple[int, ResolveReportForm] | None = None
) -> dict[str, Any]:
    open_reports = Report.objects.open()
    reports = paginate(request, open_reports.for_queue(), ascending=True, per_page=QUEUE_LIST_SIZE)
    for report in reports:
        if invalid is not None and invalid[0] == report.pk:
            report.resolve_form = invalid[1]
        else:
            report.resolve_form = ResolveReportForm(auto_id=_resolve_auto_id(report))
    hidden_examples = Example.objects.filter(visibility=Visibility.HIDDEN)
    hidden_comments = Comment.objects.filter(visibility=Visibility.HIDDEN)
    latest = ("-moderated_at", "-pk")
    return {
        "reports": reports,
        "report_total": open_reports.count(),
        "hidden_examples": hidden_examples.select_related("author", "moderated_by").order_by(
            *latest
        )[:QUEUE_LIST_SIZE],
        "hidden_example_total": hidden_examples.count(),
        "hidden_comments": hidden_comments.select_related(
            "author", "example", "moderated_by"
        ).order_by(*latest)[:QUEUE_LIST_SIZE],
        "hidden_comment_total": hidden_comments.count(),
        "actions": ModerationAction.objects.select_related(
            "moderator", "example", "comment", "comment__example"
        )[:QUEUE_LIST_SIZE],
        "list_size": QUEUE_LIST_SIZE,
    }
