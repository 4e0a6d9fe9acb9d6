"""The evaluation pack: the figures an evaluation looks at, as plain JSON-able data.

An open evaluation's pack is computed on every view from the live platform (through the
dashboards' review, so it equals the partnership review of the same period); closing an
evaluation stores it (Evaluation.snapshot), and from then on the pack is read back from that
snapshot, so later edits, hides or new examples never change what the meeting saw.

Every table is a behaviours.dashboards Table turned into strings: the HTML, the CSV and the
stored snapshot all come from the same rows.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from behaviours import dashboards
from evaluations.models import Action, Concern, Evaluation, Outcome
from examples.models import Visibility

if TYPE_CHECKING:
    from behaviours.dashboards import Period, Table

PACK_VERSION = 1


def period_of(evaluation: Evaluation) -> Period:
    return dashboards.Period(evaluation.period_start, evaluation.period_end)


def table_data(table: Table) -> dict[str, Any]:
    """A Table as JSON: its cells as the text the page shows."""

    def row(label: str, cells: list[Any], note: str = "") -> dict[str, Any]:
        return {"label": label, "cells": [str(cell.display) for cell in cells], "note": note}

    return {
        "slug": table.slug,
        "caption": str(table.caption),
        "row_header": str(table.row_header),
        "columns": [str(column) for column in table.columns],
        "rows": [row(r.label, r.cells, r.note) for r in table.rows],
        "totals": row(table.totals.label, table.totals.cells) if table.totals else None,
    }


def table_from(data: dict[str, Any]) -> Table:
    """A stored table back as a Table the dashboards' template and CSV writer take."""
    rows = [
        dashboards.Row(r["label"], [dashboards.text_cell(c) for c in r["cells"]], r["note"])
        for r in data["rows"]
    ]
    totals = data.get("totals")
    return dashboards.Table(
        slug=data["slug"],
        caption=data["caption"],
        row_header=data["row_header"],
        columns=data["columns"],
        rows=rows,
        totals=dashboards.Row(totals["label"], [dashboards.text_cell(c) for c in totals["cells"]])
        if totals
        else None,
    )


def _simple_table(
    slug: str, caption: str, row_header: str, columns: list[str], rows: list[list[str]]
) -> Table:
    return dashboards.Table(
        slug=slug,
        caption=caption,
        row_header=row_header,
        columns=columns,
        rows=[dashboards.Row(r[0], [dashboards.text_cell(c) for c in r[1:]]) for r in rows],
    )


def outcomes_in(period: Period) -> list[dict[str, Any]]:
    """Every outcome with its status and its published examples that happened in the period."""
    in_period = Q(
        examples__visibility=Visibility.PUBLISHED,
        examples__happened_on__gte=period.first_day,
        examples__happened_on__lte=period.last_day,
    )
    outcomes = Outcome.objects.annotate(in_period=Count("examples", filter=in_period))
    return [
        {
            "pk": o.pk,
            "title": o.title,
            "status": o.status,
            "status_label": str(o.get_status_display()),
            "examples": o.in_period,  # type: ignore[attr-defined]
        }
        for o in outcomes
    ]


def concern_pairs(taking_part_ids: set[int], orgs: list[dashboards.OrgInfo]) -> dict[str, Any]:
    """Concerns per pair of organisations taking part, per status, under the privacy floor.

    Each row keeps the two organisations' ids: only the partnership managers and the admins
    of one of the two see it (evaluations.views). Counted in one grouped query.
    """
    taking_part = {o.pk: o for o in orgs if o.pk in taking_part_ids}
    through = Concern.organisations.through
    named = through.objects.filter(organisation_id__in=taking_part).values_list(
        "concern_id", "organisation_id", "concern__status"
    )
    per_concern: dict[int, tuple[set[int], str]] = {}
    for concern_id, org_id, status in named:
        per_concern.setdefault(concern_id, (set(), status))[0].add(org_id)
    counts: Counter[tuple[int, int, str]] = Counter()
    for org_ids, status in per_concern.values():
        ordered = sorted(org_ids)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                counts[(first, second, status)] += 1
    statuses = list(Concern.Status)
    pair_ids: list[list[int]] = []
    rows: list[list[str]] = []
    ordered_orgs = sorted(taking_part.values(), key=lambda o: o.pk)
    for i, one in enumerate(ordered_orgs):
        for two in ordered_orgs[i + 1 :]:
            shown = one.shown and two.shown
            cells = [
                str(counts[(one.pk, two.pk, s.value)]) if shown else str(dashboards.TOO_FEW)
                for s in statuses
            ]
            pair_ids.append([one.pk, two.pk])
            rows.append([f"{one.name} ↔ {two.name}", *cells])
    table = _simple_table(
        "concerns",
        _("Concerns between the organisations taking part, per pair and status."),
        _("Pair"),
        [str(s.label) for s in statuses],
        rows,
    )
    data = table_data(table)
    for stored, ids in zip(data["rows"], pair_ids, strict=True):
        stored["orgs"] = ids
    return data


def open_actions_before(evaluation: Evaluation) -> list[Action]:
    """The actions of earlier evaluations still open: on this agenda until closed."""
    earlier = Q(evaluation__held_on__lt=evaluation.held_on) | Q(
        evaluation__held_on=evaluation.held_on, evaluation__pk__lt=evaluation.pk
    )
    return list(Action.objects.open().filter(earlier).for_list())


def action_data(action: Action) -> dict[str, Any]:
    return {
        "what": action.what,
        "organisation": action.organisation.name,
        "person": str(action.person) if action.person else "",
        "due_on": action.due_on.isoformat(),
        "status": str(action.get_status_display()),
    }


def build_pack(evaluation: Evaluation) -> dict[str, Any]:
    """Everything the agenda shows as figures, computed now from the live platform."""
    period = period_of(evaluation)
    board = dashboards.Dashboard(dashboards.DashboardFilters(period))
    review = dashboards.Review(board)
    outcomes = outcomes_in(period)
    pairs = [p for p in board.reciprocity.pairs if not p.suppressed and p.index is not None]
    highlights = [
        [str(row.behaviour.name), _("Inspiring"), e.title, e.author_organisation.name]
        for row in board.highlights.rows
        for e in row.inspiring
    ] + [
        [str(row.behaviour.name), _("Discussed"), e.title, e.author_organisation.name]
        for row in board.highlights.rows
        for e in row.discussed
    ]
    current_examples, _previous = review.example_counts
    return {
        "version": PACK_VERSION,
        "language": get_language(),
        "period": {"first": period.first_day.isoformat(), "last": period.last_day.isoformat()},
        "left_out": board.left_out_sentence,
        "tables": [
            table_data(review.comparison_table()),
            table_data(board.trends.table()),
            table_data(board.coverage.table()),
            table_data(board.participation.table()),
            table_data(board.reciprocity.pairs_table()),
            table_data(
                _simple_table(
                    "highlights",
                    _("Highlights: the most inspiring and most discussed examples."),
                    _("Behaviour"),
                    [_("Why"), _("Example"), _("Organisation")],
                    highlights,
                )
            ),
            table_data(
                _simple_table(
                    "gaps", _("Gaps"), _("Gap"), [], [[gap] for gap in board.coverage.gaps]
                )
            ),
            table_data(
                _simple_table(
                    "outcomes",
                    _("Agreed outcomes: status and examples in the period."),
                    _("Outcome"),
                    [_("Status"), _("Examples")],
                    [[o["title"], o["status_label"], str(o["examples"])] for o in outcomes],
                )
            ),
        ],
        "concerns": concern_pairs(
            {o.pk for o in evaluation.organisations.all()}, board.organisations
        ),
        "outcomes": outcomes,
        "open_actions": [action_data(a) for a in open_actions_before(evaluation)],
        "figures": {
            "examples": current_examples,
            "per_behaviour": {str(r.behaviour.name): r.total for r in board.trends.rows},
            "gini": board.participation.gini,
            "reciprocity": sum(p.index or 0 for p in pairs) / len(pairs) if pairs else None,
            "outcomes_achieved": sum(o["status"] == Outcome.Status.ACHIEVED for o in outcomes),
            "outcomes_total": len(outcomes),
        },
    }
