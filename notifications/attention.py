"""The partnership managers' weekly summary of the figures that ask for attention.

Silent organisations, behaviour gaps and one-way recognition, as the dashboards show them
(behaviours.dashboards) for the 90 days up to the end of last week: only figures above the
privacy floor, because the panels leave every organisation under it out of these lists. A
manager opts in on their e-mail preferences (category "attention", weekly or never); the
summary goes out once per manager and week (a DigestRun claimed under its unique
constraint, as the digests are) and not at all when nothing asks for attention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from behaviours.dashboards import Dashboard, DashboardFilters, Period
from notifications.mail import absolute_url, message_to, period_starts, unsubscribe_url
from notifications.models import Category, DigestRun, Frequency
from notifications.services import managers
from partnership.models import User

# The dashboards' default view: long enough for a gap or a one-way pair to mean something.
DAYS = 90
# Each list stops here in the mail; the dashboard has the rest.
MAX_LINES = 10


@dataclass
class Attention:
    """The figures that ask for attention at the end of one week (language-neutral data; the
    sentences are made when the mail is rendered, in the manager's language)."""

    dashboard: Dashboard
    week_start: datetime

    @property
    def silent(self) -> list[str]:
        return [org.name for org in self.dashboard.participation.silent_organisations]

    @property
    def gaps(self) -> list[str]:
        return self.dashboard.coverage.gaps

    @property
    def one_way(self) -> list[str]:
        return [pair.description for pair in self.dashboard.reciprocity.one_way_pairs]

    @property
    def empty(self) -> bool:
        return not (self.silent or self.gaps or self.one_way)


def attention_at(week_start: datetime, week_end: datetime) -> Attention:
    """The figures of the DAYS days up to the end of the week (the Sunday before week_end)."""
    last_day = timezone.localtime(week_end - timedelta(seconds=1)).date()
    period = Period(last_day - timedelta(days=DAYS - 1), last_day)
    # A dashboard at a fixed moment: computed afresh, not read from the pages' cache.
    return Attention(Dashboard(DashboardFilters(period), now=week_end), week_start)


def _section(title: str, lines: list[str]) -> dict[str, object]:
    return {"title": title, "lines": lines[:MAX_LINES], "more": max(0, len(lines) - MAX_LINES)}


def _render(member: User, attention: Attention) -> tuple[str, str, str, str]:
    """Subject, plain text, HTML and the unsubscribe address, in the manager's language."""
    unsubscribe = unsubscribe_url(member, [Category.ATTENTION])
    with translation.override(member.preferred_language):
        sections = [
            _section(
                gettext("Silent organisations: no example or comment for %(weeks)d weeks")
                % {"weeks": attention.dashboard.participation.silent_weeks},
                attention.silent,
            ),
            _section(gettext("Behaviour gaps"), attention.gaps),
            _section(gettext("One-way recognition"), attention.one_way),
        ]
        context = {
            "member": member,
            "period": attention.dashboard.period.description,
            "sections": [s for s in sections if s["lines"]],
            "left_out": attention.dashboard.left_out_sentence,
            "dashboard_url": absolute_url(reverse("behaviours:dashboard") + f"?period={DAYS}"),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
        }
        subject = gettext("Figures that ask for attention, week of %(date)s") % {
            "date": formats.date_format(timezone.localtime(attention.week_start), "DATE_FORMAT")
        }
        text = render_to_string("notifications/email/attention.txt", context)
        html = render_to_string("notifications/email/attention.html", context)
    return subject, text, html, unsubscribe


def send_attention_summary(member: User, attention: Attention) -> bool:
    """Send one manager the week's summary unless it is empty or was sent already."""
    if attention.empty:
        return False
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(
                member=member,
                frequency=Frequency.WEEKLY,
                summary=DigestRun.Summary.ATTENTION,
                period_start=attention.week_start,
            )
    except IntegrityError:
        return False  # another worker, or an earlier run, sent this week's
    subject, text, html, unsubscribe = _render(member, attention)
    message_to(member, subject=subject, text=text, html=html, unsubscribe=unsubscribe).send()
    run.item_count = len(attention.silent) + len(attention.gaps) + len(attention.one_way)
    run.sent_at = timezone.now()
    run.save(update_fields=["item_count", "sent_at"])
    return True


def recipients(week_start: datetime) -> list[User]:
    """Active partnership managers who asked for the summary and have not had this week's:
    someone who stops being a manager stops getting it, whatever their preference says."""
    already = DigestRun.objects.filter(
        summary=DigestRun.Summary.ATTENTION, period_start=week_start
    ).values("member")
    return list(
        managers()
        .exclude(email="")
        .filter(
            email_preferences__category=Category.ATTENTION,
            email_preferences__frequency=Frequency.WEEKLY,
        )
        .exclude(pk__in=already)
        .order_by("pk")
    )


def send_attention_summaries(now: datetime | None = None) -> int:
    """Send last week's summary to every manager who asked for it; safe from several workers.

    Only the last complete week: a summary of an older week is superseded by the newer one.
    The figures are computed once for all managers, and only if someone is waiting for them.
    """
    week_start, week_end = period_starts(Frequency.WEEKLY, now or timezone.now())[-1]
    waiting = recipients(week_start)
    if not waiting:
        return 0
    attention = attention_at(week_start, week_end)
    return sum(send_attention_summary(member, attention) for member in waiting)
