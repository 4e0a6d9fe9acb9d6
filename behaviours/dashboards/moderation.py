"""Moderation figures (partnership managers only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import Period
from behaviours.dashboards.tables import Row, Table, number
from examples.models import Comment, Example, Report, Visibility


@dataclass(frozen=True)
class ModerationFigures:
    open_reports: int
    hidden_examples: int
    hidden_comments: int

    def table(self) -> Table:
        return Table(
            slug="moderation",
            caption=_("Moderation: open reports now, and items hidden in the period."),
            row_header=_("Figure"),
            columns=[_("Number")],
            rows=[
                Row(_("Open reports"), [number(self.open_reports)]),
                Row(_("Examples hidden in the period"), [number(self.hidden_examples)]),
                Row(_("Comments hidden in the period"), [number(self.hidden_comments)]),
            ],
        )


def moderation_figures(period: Period) -> ModerationFigures:
    """Three counts; the caller makes sure only moderators see them."""
    in_period = Q(moderated_at__gte=period.start, moderated_at__lt=period.end)
    return ModerationFigures(
        open_reports=Report.objects.open().count(),
        hidden_examples=Example.objects.filter(in_period, visibility=Visibility.HIDDEN).count(),
        hidden_comments=Comment.objects.filter(in_period, visibility=Visibility.HIDDEN).count(),
    )
