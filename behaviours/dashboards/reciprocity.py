"""Reciprocity: who recognises whom, per pair of organisations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import (
    DashboardFilters,
    Period,
)
from behaviours.dashboards.privacy import OrgInfo, counted_ids
from behaviours.dashboards.rollups import involvement_days
from behaviours.dashboards.tables import TOO_FEW, Row, Table, number, text_cell
from behaviours.models import Behaviour


@dataclass(frozen=True)
class OrganisationPair:
    """Recognition between two organisations, both ways."""

    first: OrgInfo
    second: OrgInfo
    forward: int  # examples from first's people recognising second's people
    backward: int

    @property
    def suppressed(self) -> bool:
        return not (self.first.shown and self.second.shown)

    @property
    def index(self) -> float | None:
        """min/max of the two directions: 1 is fully mutual, 0 is one-way; None if neither."""
        high = max(self.forward, self.backward)
        if high == 0:
            return None
        return min(self.forward, self.backward) / high

    @property
    def one_way(self) -> bool:
        return max(self.forward, self.backward) > 0 and min(self.forward, self.backward) == 0

    @property
    def description(self) -> str:
        if self.suppressed:
            return str(TOO_FEW)
        if self.one_way:
            giver, receiver = (
                (self.first, self.second) if self.forward else (self.second, self.first)
            )
            return _("One-way: %(giver)s recognises %(receiver)s, never the other way round.") % {
                "giver": giver.name,
                "receiver": receiver.name,
            }
        if self.index is None:
            return _("No recognition either way yet.")
        return _("Both ways.")


@dataclass
class ReciprocityPanel:
    period: Period
    organisations: list[OrgInfo]
    matrix: dict[tuple[int, int], int]
    pairs: list[OrganisationPair]
    behaviour: Behaviour | None = None

    @property
    def one_way_pairs(self) -> list[OrganisationPair]:
        return [p for p in self.pairs if p.one_way and not p.suppressed]

    def matrix_table(self) -> Table:
        rows = []
        for giver in self.organisations:
            cells = []
            for receiver in self.organisations:
                if giver.pk == receiver.pk:
                    cells.append(text_cell("–"))
                else:
                    cells.append(
                        number(
                            self.matrix.get((giver.pk, receiver.pk), 0),
                            hidden=not (giver.shown and receiver.shown),
                        )
                    )
            rows.append(Row(giver.name, cells))
        scope = str(self.behaviour.name) if self.behaviour else _("all behaviours")
        return Table(
            slug="reciprocity",
            caption=_(
                "Who recognises whom (%(scope)s, %(period)s): each row is the organisation of "
                "the author, each column an organisation whose people showed the behaviour."
            )
            % {"scope": scope, "period": self.period.description},
            row_header=_("From (author's organisation) → to"),
            columns=[o.name for o in self.organisations],
            rows=rows,
        )

    def pairs_table(self) -> Table:
        return Table(
            slug="pairs",
            caption=_(
                "Reciprocity per pair of organisations: the smaller direction divided by the "
                "larger; 1 means they recognise each other equally, 0 means one-way."
            ),
            row_header=_("Pair"),
            columns=[_("A → B"), _("B → A"), _("Reciprocity index"), _("Assessment")],
            rows=[
                Row(
                    f"{p.first.name} ↔ {p.second.name}",
                    [
                        number(p.forward, hidden=p.suppressed),
                        number(p.backward, hidden=p.suppressed),
                        number(p.index, hidden=p.suppressed, decimals=2),
                        text_cell(p.description),
                    ],
                    note="one-way" if p.one_way and not p.suppressed else "",
                )
                for p in self.pairs
            ],
        )


def reciprocity(filters: DashboardFilters, orgs: Sequence[OrgInfo]) -> ReciprocityPanel:
    """The author organisation → recognised organisation matrix, one grouped sum of rollups.

    Recognising one's own organisation is left out: reciprocity is about pairs. With an
    organisation filter the matrix stays whole and the pairs narrow to that organisation.
    """
    period = filters.period
    grouped = (
        involvement_days(
            period.first_day, period.last_day, counted_ids(orgs), behaviour=filters.behaviour
        )
        .exclude(involved=F("author_organisation"))
        .values("author_organisation", "involved")
        .annotate(n=Sum("examples"))
    )
    matrix = {(r["author_organisation"], r["involved"]): r["n"] for r in grouped}
    organisations = list(orgs)
    pairs = []
    for i, first in enumerate(organisations):
        for second in organisations[i + 1 :]:
            if filters.organisation is not None and filters.organisation.pk not in (
                first.pk,
                second.pk,
            ):
                continue
            pairs.append(
                OrganisationPair(
                    first,
                    second,
                    matrix.get((first.pk, second.pk), 0),
                    matrix.get((second.pk, first.pk), 0),
                )
            )
    pairs.sort(key=lambda p: (p.suppressed, not p.one_way, p.index is None, p.index or 0))
    return ReciprocityPanel(filters.period, organisations, matrix, pairs, filters.behaviour)
