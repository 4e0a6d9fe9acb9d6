"""Coverage: behaviour × organisation and behaviour × service area, with the gaps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    DashboardFilters,
    Period,
    behaviours_for,
)
from behaviours.dashboards.privacy import OrgInfo, counted_ids, org_shown, organisations_for
from behaviours.dashboards.rollups import example_days, involvement_days
from behaviours.dashboards.tables import Row, Table, number
from behaviours.models import Behaviour
from partnership.models import ServiceArea


@dataclass
class CoveragePanel:
    period: Period
    behaviours: list[Behaviour]
    organisations: list[OrgInfo]
    involving: dict[tuple[int, int], int]
    behaviour_totals: dict[int, int]
    service_areas: list[ServiceArea]
    per_area: dict[tuple[int, int | None], int]
    areas_suppressed: bool = False

    def count(self, behaviour: Behaviour, org: OrgInfo) -> int:
        return self.involving.get((behaviour.pk, org.pk), 0)

    @property
    def gaps(self) -> list[str]:
        """Every behaviour × organisation without a single example, said in words."""
        sentences = []
        for behaviour in self.behaviours:
            for org in self.organisations:
                if org.shown and self.count(behaviour, org) == 0:
                    sentences.append(
                        _("No examples of %(behaviour)s involving %(organisation)s %(period)s.")
                        % {
                            "behaviour": str(behaviour.name).lower(),
                            "organisation": org.name,
                            "period": self.period.in_description,
                        }
                    )
        return sentences

    @property
    def chart_orgs(self) -> list[OrgInfo]:
        return [o for o in self.organisations if o.shown]

    def table(self) -> Table:
        return Table(
            slug="coverage",
            caption=_(
                "Published examples per behaviour involving each organisation (posted by its "
                "people or recognising them), %(period)s. An example can involve several "
                "organisations, so the total counts each example once."
            )
            % {"period": self.period.description},
            row_header=_("Behaviour"),
            columns=[o.name for o in self.organisations] + [_("Total")],
            rows=[
                Row(
                    str(b.name),
                    [number(self.count(b, o), hidden=not o.shown) for o in self.organisations]
                    + [number(self.behaviour_totals.get(b.pk, 0))],
                    behaviour=b.slug,
                )
                for b in self.behaviours
            ],
        )

    def area_table(self) -> Table:
        return Table(
            slug="service-areas",
            caption=_("Published examples per behaviour and service area, %(period)s.")
            % {"period": self.period.description},
            row_header=_("Behaviour"),
            columns=[str(a.name) for a in self.service_areas] + [_("No service area")],
            rows=[
                Row(
                    str(b.name),
                    [
                        number(self.per_area.get((b.pk, a.pk), 0), hidden=self.areas_suppressed)
                        for a in self.service_areas
                    ]
                    + [number(self.per_area.get((b.pk, None), 0), hidden=self.areas_suppressed)],
                    behaviour=b.slug,
                )
                for b in self.behaviours
            ],
        )

    def chart(self) -> dict[str, Any]:
        orgs = self.chart_orgs
        return {
            "kind": "bar",
            "labels": [str(b.name) for b in self.behaviours],
            "datasets": [
                {"label": o.name, "data": [self.count(b, o) for b in self.behaviours]} for o in orgs
            ],
            "yTitle": _("Examples"),
        }


def coverage(
    filters: DashboardFilters, behaviours: Sequence[Behaviour], orgs: Sequence[OrgInfo]
) -> CoveragePanel:
    """Behaviour × organisation ("involving": posted by or recognising) and × service area.

    "Involving" counts each example once per organisation even when the author's organisation is
    also recognised (the rollups' involvement rows). Three grouped sums over the daily rollups
    (involvement, behaviour totals, the service-area split) and the list of service areas.
    """
    period = filters.period
    counted = counted_ids(orgs)
    first, last = period.first_day, period.last_day
    involved = involvement_days(first, last, counted, behaviour=filters.behaviour)
    involving = {
        (r["behaviour"], r["involved"]): r["n"]
        for r in involved.values("behaviour", "involved").annotate(n=Sum("examples"))
    }
    once = example_days(first, last, counted, behaviour=filters.behaviour)
    behaviour_totals = {
        r["behaviour"]: r["n"] for r in once.values("behaviour").annotate(n=Sum("examples"))
    }
    areas = list(ServiceArea.objects.filter(active=True))
    filtered = example_days(
        first, last, counted, behaviour=filters.behaviour, involving=filters.organisation
    )
    per_area: dict[tuple[int, int | None], int] = {
        (r["behaviour"], r["service_area"] or None): r["n"]
        for r in filtered.values("behaviour", "service_area").annotate(n=Sum("examples"))
    }
    return CoveragePanel(
        period,
        behaviours_for(filters, behaviours),
        organisations_for(filters, orgs),
        involving,
        behaviour_totals,
        areas,
        per_area,
        # Filtered on a small organisation, the split per area would add up to its hidden cell.
        areas_suppressed=filters.organisation is not None
        and not org_shown(filters.organisation, orgs),
    )
