"""The overview: published examples per behaviour per author organisation, all time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from behaviours.dashboards.caching import cached_figures
from behaviours.dashboards.privacy import (
    OrgInfo,
    counted_ids,
    left_out_sentence,
    organisations_with_size,
)
from behaviours.dashboards.tables import Row, Table, number
from behaviours.models import Behaviour
from examples.models import Example, Visibility


@dataclass
class Overview:
    behaviours: list[Behaviour]
    organisations: list[OrgInfo]
    counts: dict[tuple[int, int], int]

    def table(self) -> Table:
        shown = [o for o in self.organisations if o.shown]
        rows = []
        column_totals = dict.fromkeys((o.pk for o in shown), 0)
        for behaviour in self.behaviours:
            cells = []
            row_total = 0
            for org in self.organisations:
                value = self.counts.get((behaviour.pk, org.pk), 0)
                cells.append(number(value, hidden=not org.shown))
                if org.shown:
                    row_total += value
                    column_totals[org.pk] += value
            cells.append(number(row_total))
            rows.append(Row(str(behaviour.name), cells, behaviour=behaviour.slug))
        totals = Row(
            _("Total"),
            [number(column_totals.get(o.pk), hidden=not o.shown) for o in self.organisations]
            + [number(sum(column_totals.values()))],
        )
        caption = _(
            "Published examples per behaviour, counted by the organisation of the author "
            "when they posted it."
        )
        if note := left_out_sentence(self.organisations):
            caption += " " + note
        return Table(
            slug="overview",
            caption=caption,
            row_header=_("Behaviour"),
            columns=[o.name for o in self.organisations] + [_("Total")],
            rows=rows,
            totals=totals,
        )


def behaviours_with_example_counts() -> list[Behaviour]:
    """Every behaviour with `published_count`, its published examples of all time authored from
    the organisations whose figures are shown, as every count (cached, see behaviour_list)."""
    return behaviour_list()[0]


def behaviour_list() -> tuple[list[Behaviour], list[OrgInfo]]:
    """The behaviour list's figures and the organisations they were counted for (two queries,
    cached under the examples and structure versions)."""
    return cached_figures("behaviour-counts", ("examples", "structure"), _behaviour_counts)


def _behaviour_counts() -> tuple[list[Behaviour], list[OrgInfo]]:
    organisations = organisations_with_size()
    published = Q(
        examples__visibility=Visibility.PUBLISHED,
        examples__author_organisation__in=counted_ids(organisations),
    )
    behaviours = Behaviour.objects.annotate(published_count=Count("examples", filter=published))
    return list(behaviours.order_by(*(Behaviour._meta.ordering or ()))), organisations


def overview() -> Overview:
    """The first overview: one grouped query over all published examples (cached under the
    examples and structure versions)."""
    return cached_figures("overview", ("examples", "structure"), _overview)


def _overview() -> Overview:
    behaviours = list(Behaviour.objects.all())
    organisations = organisations_with_size()
    rows = (
        Example.objects.published()
        .filter(author_organisation__in=counted_ids(organisations))
        .order_by()
        .values("behaviour", "author_organisation")
        .annotate(n=Count("pk"))
    )
    counts = {(r["behaviour"], r["author_organisation"]): r["n"] for r in rows}
    return Overview(behaviours, organisations, counts)
