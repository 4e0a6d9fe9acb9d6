"""The history across evaluations: a few figures of every closed evaluation side by side."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.utils import formats
from django.utils.translation import gettext as _

from behaviours import dashboards
from evaluations.models import Action, Evaluation


def _number(value: Any, decimals: int = 0) -> dashboards.Cell:
    return dashboards.number(value, decimals=decimals)


def history_table(evaluations: list[Evaluation]) -> dashboards.Table:
    """Oldest first, from each closed evaluation's frozen figures; actions done on time are
    counted now (an action decided at an evaluation may be done long after), in one query."""
    closed = sorted((e for e in evaluations if e.is_closed), key=lambda e: (e.held_on, e.pk))
    actions = {
        row["evaluation"]: row
        for row in Action.objects.filter(evaluation__in=[e.pk for e in closed])
        .values("evaluation")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(status="done", done_on__lte=F("due_on"))),
        )
    }
    figures = [e.snapshot["figures"] for e in closed if e.snapshot]
    behaviours: list[str] = []
    for f in figures:
        behaviours += [name for name in f["per_behaviour"] if name not in behaviours]
    rows = [
        dashboards.Row(
            _("Examples: %(behaviour)s") % {"behaviour": name},
            [_number(f["per_behaviour"].get(name)) for f in figures],
        )
        for name in behaviours
    ]
    rows += [
        dashboards.Row(_("Published examples"), [_number(f["examples"]) for f in figures]),
        dashboards.Row(_("Participation balance (Gini)"), [_number(f["gini"], 2) for f in figures]),
        dashboards.Row(
            _("Reciprocity (mean index of the pairs)"),
            [_number(f["reciprocity"], 2) for f in figures],
        ),
        dashboards.Row(
            _("Outcomes achieved"),
            [
                dashboards.text_cell(f"{f['outcomes_achieved']} / {f['outcomes_total']}")
                for f in figures
            ],
        ),
        dashboards.Row(
            _("Actions done on time"),
            [
                dashboards.text_cell(
                    "{on_time} / {total}".format(**actions.get(e.pk, {"on_time": 0, "total": 0}))
                )
                for e in closed
            ],
        ),
    ]
    return dashboards.Table(
        slug="history",
        caption=_("Figures of every closed evaluation, as each meeting saw them."),
        row_header=_("Figure"),
        columns=[formats.date_format(e.held_on, "SHORT_DATE_FORMAT") for e in closed],
        rows=rows,
    )
