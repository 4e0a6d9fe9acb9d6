"""Moderation figures and the moderation log (partnership managers only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import SITE_TZ, Period
from behaviours.dashboards.tables import Row, Table, number, text_cell
from examples.models import Comment, Example, ModerationAction, Report, Visibility


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


def _item(action: ModerationAction) -> str:
    """What was moderated, as the moderation queue names it."""
    if action.example is not None:
        return action.example.title
    if action.comment is not None:
        return _("Comment on “%(title)s”") % {"title": action.comment.example.title}
    return ""


def moderation_log(period: Period) -> Table:
    """Every moderation action of the period, newest first: when, who, what, action, reason.

    One query whatever the number of actions. Names who moderated, so the caller makes sure
    only moderators get it.
    """
    actions = ModerationAction.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end
    ).select_related("moderator", "example", "comment__example")
    rows = [
        Row(
            # ISO-like, so a spreadsheet reads it as a date and time.
            f"{timezone.localtime(action.created_at, SITE_TZ):%Y-%m-%d %H:%M}",
            [
                text_cell(action.moderator.display_name if action.moderator else _("the platform")),
                text_cell(action.get_action_display()),
                text_cell(_item(action)),
                text_cell(action.reason),
            ],
        )
        for action in actions
    ]
    return Table(
        slug="moderation-log",
        caption=_("Moderation log: every moderation action in the period, newest first."),
        row_header=_("When"),
        columns=[_("Who"), _("Action"), _("Item"), _("Reason")],
        rows=rows,
    )
