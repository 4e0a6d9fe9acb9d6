"""Trends: examples per behaviour per week (or month) and against the previous period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    SITE_TZ,
    DashboardFilters,
    Period,
    behaviours_for,
    published_examples,
)
from behaviours.dashboards.privacy import OrgInfo, counted_ids, org_shown
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
            "datasets": [{"label": str(t.behaviour.name), "data": t.counts} for t in self.rows],
            "yTitle": _("Examples"),
        }


def trends(
    filters: DashboardFilters, behaviours: Sequence[Behaviour], orgs: Sequence[OrgInfo]
) -> TrendsPanel:
    """Examples per behaviour per week (or month past 120 days) and against the previous period.

    Two grouped queries: one by behaviour and time bucket, one with the totals of this and the
    previous period side by side.
    """
    period = filters.period
    rows_behaviours = behaviours_for(filters, behaviours)
    if filters.organisation is not None and not org_shown(filters.organisation, orgs):
        return TrendsPanel(period, period.buckets(), [], suppressed=True)
    trunc = TruncMonth if period.granularity == "month" else TruncWeek
    counted = counted_ids(orgs)
    grouped = (
        published_examples(filters, counted)
        .annotate(bucket=trunc("created_at", tzinfo=SITE_TZ))
        .values("behaviour", "bucket")
        .annotate(n=Count("pk"))
    )
    per_bucket: dict[tuple[int, date], int] = {}
    for r in grouped:
        per_bucket[(r["behaviour"], _bucket_day(r["bucket"]))] = r["n"]
    previous = period.previous()
    both = DashboardFilters(
        Period(previous.first_day, period.last_day), filters.organisation, filters.behaviour
    )
    totals = {
        r["behaviour"]: r
        for r in published_examples(both, counted)
        .values("behaviour")
        .annotate(
            current=Count("pk", filter=Q(created_at__gte=period.start)),
            previous=Count("pk", filter=Q(created_at__lt=period.start)),
        )
    }
    buckets = period.buckets()
    result = []
    for behaviour in rows_behaviours:
        t: dict[str, int] = totals.get(behaviour.pk, {})
        result.append(
            BehaviourTrend(
                behaviour,
                [per_bucket.get((behaviour.pk, b), 0) for b in buckets],
                t.get("current", 0),
                t.get("previous", 0),
            )
        )
    return TrendsPanel(period, buckets, result)


def _bucket_day(value: datetime | date) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(SITE_TZ)
        return value.date()
    return value
