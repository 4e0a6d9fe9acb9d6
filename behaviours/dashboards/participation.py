"""Participation: contributors and shares per organisation, a Gini figure, silent ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    DashboardFilters,
    Period,
)
from behaviours.dashboards.privacy import OrgInfo, counted_ids, organisations_for
from behaviours.dashboards.rollups import contributions, example_days
from behaviours.dashboards.tables import Cell, Row, Table, number
from examples.models import Comment, Example, Visibility
from partnership.models import Organisation, User


def silent_weeks() -> int:
    return int(getattr(settings, "DASHBOARD_SILENT_WEEKS", 6))


@dataclass(frozen=True)
class OrgParticipation:
    org: OrgInfo
    contributors: int
    examples: int
    example_share: float | None  # percent, among organisations shown
    member_share: float | None
    last_activity: datetime | None
    silent: bool

    @property
    def contributor_rate(self) -> float | None:
        return self.contributors / self.org.members * 100 if self.org.members else None


def gini(values: Iterable[tuple[float, int]]) -> float | None:
    """The member-weighted Gini coefficient of examples per member across organisations.

    `values` are (examples per member, members) per organisation. 0 means every organisation
    posts in proportion to its size; the closer to 1, the more the examples come from a few.
    """
    items = [(x, w) for x, w in values if w > 0]
    total_weight = sum(w for _x, w in items)
    if not items or total_weight == 0:
        return None
    mean = sum(x * w for x, w in items) / total_weight
    if mean == 0:
        return None
    spread = sum(wi * wj * abs(xi - xj) for xi, wi in items for xj, wj in items)
    return spread / (2 * total_weight**2 * mean)


@dataclass
class ParticipationPanel:
    period: Period
    rows: list[OrgParticipation]
    gini: float | None
    silent_weeks: int
    reference: datetime

    @property
    def silent_organisations(self) -> list[OrgInfo]:
        return [r.org for r in self.rows if r.silent and r.org.shown]

    @property
    def contributors_total(self) -> int:
        return sum(r.contributors for r in self.rows if r.org.shown)

    def table(self) -> Table:
        rows = []
        for r in self.rows:
            hidden = not r.org.shown
            rows.append(
                Row(
                    r.org.name,
                    [
                        number(r.org.members, hidden=hidden),
                        number(r.contributors, hidden=hidden),
                        number(r.contributor_rate, hidden=hidden, decimals=0, suffix="%"),
                        number(r.examples, hidden=hidden),
                        number(r.example_share, hidden=hidden, decimals=1, suffix="%"),
                        number(r.member_share, hidden=hidden, decimals=1, suffix="%"),
                        Cell(
                            None, suppressed=hidden, empty=_("silent") if r.silent else _("active")
                        ),
                    ],
                    note="silent" if r.silent and not hidden else "",
                )
            )
        return Table(
            slug="participation",
            caption=_(
                "Participation per organisation, %(period)s: active contributors posted or "
                "commented in the period; shares are among the organisations shown."
            )
            % {"period": self.period.description},
            row_header=_("Organisation"),
            columns=[
                _("Members"),
                _("Active contributors"),
                _("Active contributors (%)"),
                _("Examples"),
                _("Share of examples"),
                _("Share of members"),
                _("Last %(weeks)d weeks") % {"weeks": self.silent_weeks},
            ],
            rows=rows,
        )

    def chart(self) -> dict[str, Any]:
        shown = [r for r in self.rows if r.org.shown]
        return {
            "kind": "bar",
            "labels": [r.org.name for r in shown],
            "datasets": [
                {"label": _("Share of examples (%)"), "data": [r.example_share for r in shown]},
                {"label": _("Share of members (%)"), "data": [r.member_share for r in shown]},
            ],
            "yTitle": "%",
        }


def participation(
    filters: DashboardFilters, orgs: Sequence[OrgInfo], now: datetime | None = None
) -> ParticipationPanel:
    """Contributors, examples and shares per organisation, a Gini figure and silent organisations.

    Three queries: active members who posted or commented (one Exists per member over the daily
    contributor rows, so nobody is counted twice), examples by the author's organisation (a sum
    of the daily rollups), and the last post or comment per
    organisation (before the end of the period) for the silence flag.
    """
    period = filters.period
    now = now or timezone.now()
    reference = min(period.end, now)
    counted = counted_ids(orgs)
    took_part = contributions(
        period.first_day, period.last_day, counted, behaviour=filters.behaviour
    ).filter(member=OuterRef("pk"))
    contributors = {
        r["organisation"]: r["n"]
        for r in User.objects.filter(is_active=True, organisation__isnull=False)
        .filter(Exists(took_part))
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
    }
    once = example_days(period.first_day, period.last_day, counted, behaviour=filters.behaviour)
    example_counts = {
        r["author_organisation"]: r["n"]
        for r in once.values("author_organisation").annotate(n=Sum("examples"))
    }
    last_example = (
        Example.objects.published()
        .filter(author_organisation=OuterRef("pk"), created_at__lt=reference)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    last_comment = (
        Comment.objects.published()
        .filter(
            author__organisation=OuterRef("pk"),
            created_at__lt=reference,
            example__visibility=Visibility.PUBLISHED,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    last = {
        r["pk"]: max(filter(None, (r["last_example"], r["last_comment"])), default=None)
        for r in Organisation.objects.active()
        .annotate(last_example=Subquery(last_example), last_comment=Subquery(last_comment))
        .values("pk", "last_example", "last_comment")
    }
    weeks = silent_weeks()
    silent_since = reference - timedelta(weeks=weeks)
    shown = [o for o in orgs if o.shown]
    shown_examples = sum(example_counts.get(o.pk, 0) for o in shown)
    shown_members = sum(o.members for o in shown)
    rows = []
    for org in organisations_for(filters, orgs):
        n = example_counts.get(org.pk, 0)
        last_activity = last.get(org.pk)
        rows.append(
            OrgParticipation(
                org=org,
                contributors=contributors.get(org.pk, 0),
                examples=n,
                example_share=n / shown_examples * 100 if shown_examples and org.shown else None,
                member_share=org.members / shown_members * 100
                if shown_members and org.shown
                else None,
                last_activity=last_activity,
                silent=last_activity is None or last_activity < silent_since,
            )
        )
    # Among the organisations shown only: with a small one in it, the figure would move with
    # the small organisation's examples.
    coefficient = gini(
        (example_counts.get(o.pk, 0) / o.members if o.members else 0.0, o.members) for o in shown
    )
    return ParticipationPanel(period, rows, coefficient, weeks, reference)
