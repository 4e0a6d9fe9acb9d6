"""Highlights: the most inspiring and most discussed examples of the period per behaviour."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    DashboardFilters,
    Period,
    behaviours_for,
    published_examples,
)
from behaviours.dashboards.rollups import HIGHLIGHTS_PER_BEHAVIOUR, highlight_candidates
from behaviours.dashboards.tables import Row, Table, number, text_cell
from behaviours.models import Behaviour
from examples.models import Example, ExampleQuerySet


@dataclass
class BehaviourHighlights:
    behaviour: Behaviour
    inspiring: list[Example] = field(default_factory=list)
    discussed: list[Example] = field(default_factory=list)


@dataclass
class HighlightsPanel:
    period: Period
    rows: list[BehaviourHighlights]

    @property
    def empty(self) -> bool:
        return not any(r.inspiring or r.discussed for r in self.rows)

    def table(self) -> Table:
        """The highlights as the panel lists them: per behaviour, the most inspiring examples,
        then the most discussed, each with its organisation and both counts."""
        rows = []
        for row in self.rows:
            lists = ((_("Most inspiring"), row.inspiring), (_("Most discussed"), row.discussed))
            for kind, examples in lists:
                rows += [
                    Row(
                        str(row.behaviour.name),
                        [
                            text_cell(kind),
                            number(rank),
                            text_cell(example.title),
                            text_cell(example.author_organisation.name),
                            number(example.reaction_count),
                            number(example.comment_count),
                        ],
                    )
                    for rank, example in enumerate(examples, start=1)
                ]
        return Table(
            slug="highlights",
            caption=_("Highlights: the most inspiring and most discussed examples of the period."),
            row_header=_("Behaviour"),
            columns=[
                _("List"),
                _("Rank"),
                _("Example"),
                _("Organisation"),
                _("Found this inspiring"),
                _("Comments"),
            ],
            rows=rows,
        )


def _top_per_behaviour(examples: ExampleQuerySet, counter: str) -> list[int]:
    """The ids of the top examples per behaviour by `counter`, in order (behaviour, rank).

    The ranking reads narrow rows from example_dash_period_idx alone; ranking whole rows had
    sorted every story of the period (0.28 s per counter at N = 200,000).
    """
    ranked = examples.filter(**{f"{counter}__gt": 0}).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("behaviour_id")],
            order_by=[F(counter).desc(), F("created_at").desc(), F("pk").desc()],
        )
    )
    top = ranked.filter(rank__lte=HIGHLIGHTS_PER_BEHAVIOUR).order_by("behaviour_id", "rank")
    return list(top.values_list("pk", flat=True))


def _top_from_rollups(filters: DashboardFilters, counter: str) -> list[int]:
    """The same ids as `_top_per_behaviour`, ranked among the days' top examples (rollups)."""
    period = filters.period
    rows = highlight_candidates(period.first_day, period.last_day, behaviour=filters.behaviour)
    per_behaviour: dict[int, list[tuple[int, datetime, int]]] = defaultdict(list)
    for behaviour, example, value, created in rows.filter(counter=counter).values_list(
        "behaviour", "example", "value", "created_at"
    ):
        per_behaviour[behaviour].append((value, created, example))
    ids = []
    for behaviour in sorted(per_behaviour):
        ranked = sorted(per_behaviour[behaviour], reverse=True)[:HIGHLIGHTS_PER_BEHAVIOUR]
        ids += [example for _value, _created, example in ranked]
    return ids


def highlights(filters: DashboardFilters, behaviours: Sequence[Behaviour]) -> HighlightsPanel:
    """The most inspiring and the most discussed examples of the period per behaviour.

    Ranked among the daily top examples (rollups.HighlightDay, a few rows per day however many
    examples there are); filtered on an organisation, among the period's examples involving it
    (two window-function queries, ids only). Then one query loads those examples.
    """
    # Highlights are single examples every member can read anyway, not a count per
    # organisation, so examples by small organisations can be highlighted too.
    rows = {b.pk: BehaviourHighlights(b) for b in behaviours_for(filters, behaviours)}
    if filters.organisation is None:
        inspiring = _top_from_rollups(filters, "reaction_count")
        discussed = _top_from_rollups(filters, "comment_count")
    else:
        examples = published_examples(filters, None)
        inspiring = _top_per_behaviour(examples, "reaction_count")
        discussed = _top_per_behaviour(examples, "comment_count")
    loaded = (
        Example.objects.select_related("behaviour", "author_organisation")
        .defer("search_vector")
        .in_bulk({*inspiring, *discussed})
    )
    for ids, attribute in ((inspiring, "inspiring"), (discussed, "discussed")):
        for pk in ids:
            example = loaded[pk]
            if example.behaviour_id in rows:
                getattr(rows[example.behaviour_id], attribute).append(example)
    return HighlightsPanel(filters.period, list(rows.values()))
