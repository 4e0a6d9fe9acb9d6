"""Evaluation moments: scheduling, the agenda and pack, the record of the meeting, closing,
and the history across evaluations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from behaviours import dashboards
from evaluations import export, services
from evaluations.forms import (
    ActionForm,
    ActionStatusForm,
    DecisionForm,
    EvaluationForm,
    NoteForm,
    SummaryForm,
)
from evaluations.history import history_table
from evaluations.models import Action, Concern, Evaluation, ParkedItem, PartnerProfile
from evaluations.pack import build_pack, table_from
from evaluations.roles import admin_organisation_ids
from partnership import access
from partnership.http import MemberRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def history(request: MemberRequest) -> HttpResponse:
    """Every evaluation, and the figures of the closed ones side by side."""
    evaluations = list(Evaluation.objects.for_list())
    context = {
        "evaluations": evaluations,
        "table": history_table(evaluations),
        "can_schedule": access.is_moderator(request.user),
    }
    return render(request, "evaluations/history.html", context)


@require_http_methods(["GET", "POST"])
def schedule(request: MemberRequest) -> HttpResponse:
    access.require_moderator(request.user)
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        evaluation = services.schedule_evaluation(
            held_on=form.cleaned_data["held_on"],
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            organisations=list(form.cleaned_data["organisations"]),
            by=request.user,
        )
        messages.success(request, _("The evaluation is scheduled."))
        return redirect(evaluation.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluations/schedule.html", {"form": form}, status=status)


def _pack(evaluation: Evaluation, request: MemberRequest) -> dict[str, Any]:
    """The pack this member sees: frozen when closed; concern counts only per pair the member
    handles (managers: all), so a count never reveals a concern to anyone else."""
    pack = evaluation.snapshot if evaluation.is_closed else build_pack(evaluation)
    assert pack is not None  # a closed evaluation always has its snapshot (a constraint)
    admin_of = admin_organisation_ids(request.user)
    concerns = dict(pack["concerns"])
    concerns["rows"] = [
        row for row in concerns["rows"] if admin_of is None or set(row["orgs"]) & set(admin_of)
    ]
    tables = [table_from(t) for t in pack["tables"]]
    return {
        "tables": tables,
        "concerns": table_from(concerns) if concerns["rows"] else None,
        "outcomes": pack["outcomes"],
        "figures": pack["figures"],
        "left_out": pack["left_out"],
        "open_actions": pack["open_actions"],
    }


def _context(request: MemberRequest, evaluation: Evaluation, **forms: Any) -> dict[str, Any]:
    organisations = list(evaluation.organisations.all())
    parked = ParkedItem.objects.visible_to(request.user).for_list()
    parked = parked.filter(evaluation=evaluation) if evaluation.is_closed else parked.waiting()
    concerns = (
        Concern.objects.visible_to(request.user)
        .open()
        .filter(organisations__in=organisations)
        .distinct()
        .for_list()
    )
    manager = access.is_moderator(request.user)
    editable = manager and not evaluation.is_closed
    profiles = [PartnerProfile.objects.current_for(o) for o in organisations]
    context = {
        "evaluation": evaluation,
        "organisations": organisations,
        "pack": _pack(evaluation, request),
        "parked": parked,
        "open_concerns": concerns,
        "decisions": evaluation.decisions.all(),
        "actions": evaluation.actions.for_list(),
        "notes": evaluation.notes.select_related("author"),
        "profiles": [p for p in profiles if p is not None],
        "manager": manager,
        "privacy_floor": dashboards.privacy_floor(),
        "summary_form": SummaryForm(initial={"summary": evaluation.summary}) if editable else None,
        "decision_form": DecisionForm() if editable else None,
        "action_form": ActionForm(evaluation=evaluation) if editable else None,
        "note_form": NoteForm() if manager and evaluation.is_closed else None,
        "status_choices": Action.Status.choices,
    }
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


@require_GET
def detail(request: MemberRequest, pk: int) -> HttpResponse:
    """The agenda (scheduled) or the pack as the meeting saw it (closed)."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    return render(request, "evaluations/detail.html", _context(request, evaluation))


def _record(request: MemberRequest, pk: int) -> Evaluation:
    """The evaluation a manager records the meeting in (others: 403 before any look-up)."""
    access.require_moderator(request.user)
    return get_object_or_404(Evaluation, pk=pk)


def _refused(request: MemberRequest, evaluation: Evaluation, **forms: Any) -> HttpResponse:
    context = _context(request, evaluation, **forms)
    return render(request, "evaluations/detail.html", context, status=422)


def _closed(request: MemberRequest, evaluation: Evaluation, error: ValidationError) -> HttpResponse:
    """A change to a closed evaluation: 409, the page with the reason."""
    context = _context(request, evaluation)
    context["refusal"] = " ".join(error.messages)
    return render(request, "evaluations/detail.html", context, status=409)


@require_POST
def record_summary(request: MemberRequest, pk: int) -> HttpResponse:
    evaluation = _record(request, pk)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _refused(request, evaluation, summary_form=form)
    try:
        services.record_summary(evaluation=evaluation, summary=form.cleaned_data["summary"])
    except ValidationError as error:
        return _closed(request, evaluation, error)
    messages.success(request, _("The summary is saved."))
    return redirect(evaluation.get_absolute_url())


@require_POST
def add_decision(request: MemberRequest, pk: int) -> HttpResponse:
    evaluation = _record(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _refused(request, evaluation, decision_form=form)
    try:
        services.add_decision(evaluation=evaluation, text=form.cleaned_data["text"])
    except ValidationError as error:
        return _closed(request, evaluation, error)
    messages.success(request, _("The decision is recorded."))
    return redirect(evaluation.get_absolute_url() + "#decisions")


@require_POST
def add_action(request: MemberRequest, pk: int) -> HttpResponse:
    evaluation = _record(request, pk)
    form = ActionForm(request.POST, evaluation=evaluation)
    if not form.is_valid():
        return _refused(request, evaluation, action_form=form)
    try:
        services.add_action(evaluation=evaluation, **form.cleaned_data)
    except ValidationError as error:
        return _closed(request, evaluation, error)
    messages.success(request, _("The action is recorded."))
    return redirect(evaluation.get_absolute_url() + "#actions")


@require_POST
def action_status(request: MemberRequest, pk: int) -> HttpResponse:
    access.require_moderator(request.user)
    action = get_object_or_404(Action.objects.select_related("evaluation"), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        context = _context(request, action.evaluation)
        context["refusal"] = _("Choose open, done or dropped.")
        return render(request, "evaluations/detail.html", context, status=422)
    services.set_action_status(action=action, status=form.cleaned_data["status"])
    messages.success(request, _("The action is updated."))
    return redirect(action.evaluation.get_absolute_url() + "#actions")


@require_POST
def close(request: MemberRequest, pk: int) -> HttpResponse:
    evaluation = _record(request, pk)
    try:
        services.close_evaluation(evaluation=evaluation)
    except ValidationError as error:
        return _closed(request, evaluation, error)
    messages.success(request, _("The evaluation is closed; its figures are frozen."))
    return redirect(evaluation.get_absolute_url())


@require_POST
def add_note(request: MemberRequest, pk: int) -> HttpResponse:
    evaluation = _record(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, evaluation, note_form=form)
    services.add_evaluation_note(
        evaluation=evaluation, body=form.cleaned_data["body"], by=request.user
    )
    messages.success(request, _("The note is added."))
    return redirect(evaluation.get_absolute_url() + "#notes")


def _pack_tables(request: MemberRequest, evaluation: Evaluation) -> list[dashboards.Table]:
    context = _context(request, evaluation)
    pack = context["pack"]
    tables = list(pack["tables"])
    if pack["concerns"] is not None:
        tables.append(pack["concerns"])
    return [*tables, decisions_table(context), actions_table(context)]


@require_GET
def pack_csv(request: MemberRequest, pk: int) -> HttpResponse:
    """Every table of the pack in one CSV file, one table after the other."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    body = export.pack_csv(_pack_tables(request, evaluation))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{evaluation.held_on:%Y%m%d}.csv"'
    )
    return response


@require_GET
def pack_xlsx(request: MemberRequest, pk: int) -> HttpResponse:
    """The same tables as a workbook, one sheet each."""
    evaluation = get_object_or_404(Evaluation, pk=pk)
    response = HttpResponse(export.pack_xlsx(_pack_tables(request, evaluation)), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{evaluation.held_on:%Y%m%d}.xlsx"'
    )
    return response


def decisions_table(context: dict[str, Any]) -> dashboards.Table:
    return dashboards.Table(
        slug="decisions",
        caption=_("Decisions"),
        row_header=_("Decision"),
        columns=[],
        rows=[dashboards.Row(d.text, []) for d in context["decisions"]],
    )


def actions_table(context: dict[str, Any]) -> dashboards.Table:
    rows = [
        dashboards.Row(
            a.what,
            [
                dashboards.text_cell(a.organisation.name),
                dashboards.text_cell(str(a.person or "")),
                dashboards.text_cell(a.due_on.isoformat()),
                dashboards.text_cell(str(a.get_status_display())),
            ],
        )
        for a in context["actions"]
    ]
    return dashboards.Table(
        slug="actions",
        caption=_("Actions"),
        row_header=_("What"),
        columns=[_("Organisation"), _("Person"), _("Due"), _("Status")],
        rows=rows,
    )
