"""The whole dashboard (its panels for one set of filters) and the partnership review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from behaviours.dashboards.caching import cached_once, panel_key
from behaviours.dashboards.coverage import CoveragePanel, coverage
from behaviours.dashboards.highlights import HighlightsPanel, highlights
from behaviours.dashboards.moderation import ModerationFigures, moderation_figures, moderation_log
from behaviours.dashboards.overview import overview
from behaviours.dashboards.participation import ParticipationPanel, participation
from behaviours.dashboards.periods import DashboardFilters, Period
from behaviours.dashboards.privacy import (
    OrgInfo,
    counted_ids,
    left_out_sentence,
    org_shown,
    organisations_with_size,
)
from behaviours.dashboards.reciprocity import ReciprocityPanel, reciprocity
from behaviours.dashboards.rollups import example_days
from behaviours.dashboards.tables import Cell, Row, Table, number
from behaviours.dashboards.trends import TrendsPanel, trends
from behaviours.models import Behaviour, FiguresVersion

T = TypeVar("T")


PANELS = ("trends", "coverage", "reciprocity", "participation", "highlights", "moderation")


class Dashboard:
    """The panels for one set of filters, each computed on first use.

    A panel fragment computes only its own panel; the full page and the review compute all.
    """

    def __init__(
        self, filters: DashboardFilters, *, moderator: bool = False, now: datetime | None = None
    ) -> None:
        self.filters = filters
        self.moderator = moderator
        self.now = now

    @property
    def period(self) -> Period:
        return self.filters.period

    @cached_property
    def behaviours(self) -> list[Behaviour]:
        return list(Behaviour.objects.all())

    @cached_property
    def organisations(self) -> list[OrgInfo]:
        return self._cached("organisations", organisations_with_size)

    @property
    def filtered_organisation_too_small(self) -> bool:
        org = self.filters.organisation
        return org is not None and not org_shown(org, self.organisations)

    @property
    def left_out_sentence(self) -> str:
        """Said on the page while examples by small organisations are left out of every count."""
        return left_out_sentence(self.organisations)

    @cached_property
    def version(self) -> dict[str, int]:
        return FiguresVersion.current()

    @property
    def caching(self) -> bool:
        """False for a dashboard at a fixed moment (tests) or with the cache turned off."""
        return self.now is None and bool(settings.DASHBOARD_CACHE_SECONDS)

    def _cached(self, panel: str, compute: Callable[[], T]) -> T:
        """A panel from the cache, or computed and cached (see caching.py)."""
        if not self.caching:
            return compute()
        return cached_once(panel_key(panel, self.version, self.filters), compute)

    @cached_property
    def trends(self) -> TrendsPanel:
        return self._cached(
            "trends", lambda: trends(self.filters, self.behaviours, self.organisations)
        )

    @cached_property
    def coverage(self) -> CoveragePanel:
        return self._cached(
            "coverage", lambda: coverage(self.filters, self.behaviours, self.organisations)
        )

    @cached_property
    def reciprocity(self) -> ReciprocityPanel:
        return self._cached("reciprocity", lambda: reciprocity(self.filters, self.organisations))

    @cached_property
    def participation(self) -> ParticipationPanel:
        return self._cached(
            "participation", lambda: participation(self.filters, self.organisations, now=self.now)
        )

    @cached_property
    def highlights(self) -> HighlightsPanel:
        return self._cached("highlights", lambda: highlights(self.filters, self.behaviours))

    @cached_property
    def moderation(self) -> ModerationFigures | None:
        if not self.moderator:
            return None
        return self._cached("moderation", lambda: moderation_figures(self.period))

    def table(self, slug: str) -> Table | None:
        """The table behind a CSV download, or None for an unknown (or forbidden) one."""
        make = TABLES.get(slug)
        if make is None or (slug in MODERATOR_TABLES and not self.moderator):
            return None
        return make(self)


def _moderation_table(board: Dashboard) -> Table:
    figures = board.moderation
    assert figures is not None
    return figures.table()


# Every table with a CSV download, by its slug: the one mapping the download view and the
# access matrix read, so a table cannot be offered without being served or the other way round.
TABLES: dict[str, Callable[[Dashboard], Table]] = {
    "trends": lambda board: board.trends.table(),
    "coverage": lambda board: board.coverage.table(),
    "service-areas": lambda board: board.coverage.area_table(),
    "reciprocity": lambda board: board.reciprocity.matrix_table(),
    "pairs": lambda board: board.reciprocity.pairs_table(),
    "participation": lambda board: board.participation.table(),
    "highlights": lambda board: board.highlights.table(),
    "review": lambda board: Review(board).comparison_table(),
    "overview": lambda board: overview().table(),
    "moderation": _moderation_table,
    "moderation-log": lambda board: moderation_log(board.period),
}
# Only for partnership managers (404 for everyone else, so their existence is not revealed).
MODERATOR_TABLES = frozenset({"moderation", "moderation-log"})
# Figures of all time, whatever the filters say (the overview page has none).
ALL_TIME_TABLES = frozenset({"overview"})
CSV_TABLES = tuple(TABLES)


@dataclass(frozen=True)
class Comparison:
    label: str
    current: Cell
    previous: Cell

    @property
    def change(self) -> Cell:
        if self.current.suppressed or self.previous.suppressed:
            return Cell(None, suppressed=True)
        if self.current.value is None or self.previous.value is None:
            return Cell(None)
        return Cell(self.current.value - self.previous.value, decimals=self.current.decimals)


class Review:
    """The partnership review: this period's dashboard next to the previous period's."""

    def __init__(self, dashboard: Dashboard) -> None:
        self.current = dashboard
        self.previous = Dashboard(
            dashboard.filters.for_period(dashboard.period.previous()),
            moderator=dashboard.moderator,
            now=dashboard.now,
        )
        # Both periods share one look-up of behaviours, organisations and the figures versions.
        self.previous.__dict__["behaviours"] = dashboard.behaviours
        self.previous.__dict__["organisations"] = dashboard.organisations
        self.previous.__dict__["version"] = dashboard.version

    @cached_property
    def example_counts(self) -> tuple[int, int]:
        return self.current._cached("review-counts", self._example_counts)

    def _example_counts(self) -> tuple[int, int]:
        current, previous = self.current.period, self.previous.period
        filters = self.current.filters
        days = example_days(
            previous.first_day,
            current.last_day,
            counted_ids(self.current.organisations),
            behaviour=filters.behaviour,
            involving=filters.organisation,
        )
        counts = days.aggregate(
            current=Sum("examples", filter=Q(day__gte=current.first_day), default=0),
            previous=Sum("examples", filter=Q(day__lt=current.first_day), default=0),
        )
        return counts["current"], counts["previous"]

    def comparisons(self) -> list[Comparison]:
        hidden = self.current.filtered_organisation_too_small
        current_examples, previous_examples = self.example_counts
        current_gini = self.current.participation.gini
        previous_gini = self.previous.participation.gini
        return [
            Comparison(
                _("Published examples"),
                number(current_examples, hidden=hidden),
                number(previous_examples, hidden=hidden),
            ),
            Comparison(
                _("Active contributors (organisations shown)"),
                number(self.current.participation.contributors_total),
                number(self.previous.participation.contributors_total),
            ),
            Comparison(
                _("Gaps (behaviour × organisation without examples)"),
                number(len(self.current.coverage.gaps)),
                number(len(self.previous.coverage.gaps)),
            ),
            Comparison(
                _("One-way pairs"),
                number(len(self.current.reciprocity.one_way_pairs)),
                number(len(self.previous.reciprocity.one_way_pairs)),
            ),
            Comparison(
                _("Participation balance (Gini)"),
                number(current_gini, decimals=2),
                number(previous_gini, decimals=2),
            ),
        ]

    def comparison_table(self) -> Table:
        return Table(
            slug="review",
            caption=_("This period (%(current)s) against the previous one (%(previous)s).")
            % {
                "current": self.current.period.description,
                "previous": self.previous.period.description,
            },
            row_header=_("Figure"),
            columns=[_("This period"), _("Previous period"), _("Change")],
            rows=[Row(c.label, [c.current, c.previous, c.change]) for c in self.comparisons()],
        )
