"""Trends: examples per behaviour per week (or month) and against the previous period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    DashboardFilters,
    Period,
    behaviours_for,
)
from behaviours.dashboards.privacy import OrgInfo, counted_ids, org_shown
from behaviours.dashboards.rollups import example_days
from behaviours.dashboards.tables import Row, Table, number
from behaviours.models import Behaviour


def change_percent(current: int, previous: int) -> float | None:
    """Relative change against the previous period; None when there was nothing to compare."""
    if previous == 0:
        return None
    return (current - previous) / previous * 100


@dataclass
class BehaviourTrend:
    behaviour: Behaviour
    counts: list[int]
    total: int
    previous_total: int

    @property
    def change(self) -> int:
        return self.total - self.previous_total

    @property
    def change_percent(self) -> float | None:
        return change_percent(self.total, self.previous_total)


@dataclass
class TrendsPanel:
    period: Period
    buckets: list[date]
    rows: list[BehaviourTrend]
    suppressed: bool = False

    @property
    def labels(self) -> list[str]:
        return [self.period.bucket_label(b) for b in self.buckets]

    def table(self) -> Table:
        hidden = self.suppressed
        return Table(
            slug="trends",
            caption=_(
                "Published examples per behaviour per %(unit)s, %(period)s, with the change "
                "against the previous %(days)d days."
            )
            % {
                "unit": _("month") if self.period.granularity == "month" else _("week"),
                "period": self.period.description,
                "days": self.period.days,
            },
            row_header=_("Behaviour"),
            columns=[
                *self.labels,
                _("Total"),
                _("Previous period"),
                _("Change"),
                _("Change (%)"),
            ],
            rows=[
                Row(
                    str(t.behaviour.name),
                    [number(n, hidden=hidden) for n in t.counts]
                    + [
                        number(t.total, hidden=hidden),
                        number(t.previous_total, hidden=hidden),
                        number(t.change, hidden=hidden),
                        number(t.change_percent, hidden=hidden, decimals=0, suffix="%"),
                    ],
                    behaviour=t.behaviour.slug,
                )
                for t in self.rows
            ],
        )

    def chart(self) -> dict[str, Any]:
        if self.suppressed:
            return {}
        return {
            "kind": "line",
            "labels": self.labels,
            "datasets": [
                # key: the behaviour's slug, so the chart uses the behaviour's own colour.
                {"label": str(t.behaviour.name), "key": t.behaviour.slug, "data": t.counts}
                for t in self.rows
            ],
            "yTitle": _("Examples"),
        }


def trends(
    filters: DashboardFilters, behaviours: Sequence[Behaviour], orgs: Sequence[OrgInfo]
) -> TrendsPanel:
    """Examples per behaviour per week (or month past 120 days) and against the previous period.

    One grouped query over the daily rollups of both periods (per behaviour and day); the
    buckets and the two totals are summed from those rows.
    """
    period = filters.period
    rows_behaviours = behaviours_for(filters, behaviours)
    if filters.organisation is not None and not org_shown(filters.organisation, orgs):
        return TrendsPanel(period, period.buckets(), [], suppressed=True)
    previous = period.previous()
    days = example_days(
        previous.first_day,
        period.last_day,
        counted_ids(orgs),
        behaviour=filters.behaviour,
        involving=filters.organisation,
    )
    per_bucket: dict[tuple[int, date], int] = defaultdict(int)
    current: dict[int, int] = defaultdict(int)
    earlier: dict[int, int] = defaultdict(int)
    for r in days.values("behaviour", "day").annotate(n=Sum("examples")):
        if r["day"] >= period.first_day:
            current[r["behaviour"]] += r["n"]
            per_bucket[(r["behaviour"], period.bucket_of(r["day"]))] += r["n"]
        else:
            earlier[r["behaviour"]] += r["n"]
    buckets = period.buckets()
    result = [
        BehaviourTrend(
            behaviour,
            [per_bucket.get((behaviour.pk, b), 0) for b in buckets],
            current.get(behaviour.pk, 0),
            earlier.get(behaviour.pk, 0),
        )
        for behaviour in rows_behaviours
    ]
    return TrendsPanel(period, buckets, result)
