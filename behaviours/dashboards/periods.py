"""Periods (ranges of whole days in the site's time zone) and the dashboard filters.

Also the base querysets every panel counts from: published examples and comments of a period.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from behaviours.models import Behaviour
from examples.models import Comment, Example, ExampleQuerySet, Visibility
from partnership.models import Organisation

SITE_TZ = ZoneInfo("Europe/Amsterdam")
# Past this many days a week-by-week chart gets unreadable; trends switch to months.
MONTHLY_AFTER_DAYS = 120
PERIOD_PRESETS = (30, 90, 365)

Granularity = Literal["week", "month"]


@dataclass(frozen=True)
class Period:
    """A range of whole days in the site's time zone, both ends included."""

    first_day: date
    last_day: date
    preset_days: int | None = None

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        today = today or timezone.localdate(timezone=SITE_TZ)
        return cls(today - timedelta(days=days - 1), today, preset_days=days)

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self) -> datetime:
        """The first moment of the period (midnight in Amsterdam), inclusive."""
        return datetime.combine(self.first_day, time.min, tzinfo=SITE_TZ)

    @property
    def end(self) -> datetime:
        """Midnight after the last day, exclusive."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=SITE_TZ)

    def previous(self) -> Period:
        """The period of equal length that ends the day before this one starts."""
        last = self.first_day - timedelta(days=1)
        return Period(last - timedelta(days=self.days - 1), last, preset_days=None)

    @property
    def granularity(self) -> Granularity:
        return "month" if self.days > MONTHLY_AFTER_DAYS else "week"

    def buckets(self) -> list[date]:
        """The first day of every week (Monday) or month the period touches, in order."""
        if self.granularity == "month":
            current = self.first_day.replace(day=1)
            result = []
            while current <= self.last_day:
                result.append(current)
                current = (current + timedelta(days=32)).replace(day=1)
            return result
        current = self.first_day - timedelta(days=self.first_day.weekday())
        result = []
        while current <= self.last_day:
            result.append(current)
            current += timedelta(days=7)
        return result

    def bucket_of(self, day: date) -> date:
        """The first day of the week (Monday) or month `day` falls in."""
        if self.granularity == "month":
            return day.replace(day=1)
        return day - timedelta(days=day.weekday())

    def bucket_label(self, bucket: date) -> str:
        if self.granularity == "month":
            return formats.date_format(bucket, "YEAR_MONTH_FORMAT")
        return _("week of %(date)s") % {"date": formats.date_format(bucket, "SHORT_DATE_FORMAT")}

    @property
    def description(self) -> str:
        """ "the last 90 days" or "1 January 2026 – 31 March 2026", for sentences and captions."""
        if self.preset_days:
            return _("the last %(days)d days") % {"days": self.preset_days}
        return _("%(first)s – %(last)s") % {
            "first": formats.date_format(self.first_day, "DATE_FORMAT"),
            "last": formats.date_format(self.last_day, "DATE_FORMAT"),
        }

    @property
    def in_description(self) -> str:
        if self.preset_days:
            return _("in the last %(days)d days") % {"days": self.preset_days}
        return _("between %(first)s and %(last)s") % {
            "first": formats.date_format(self.first_day, "DATE_FORMAT"),
            "last": formats.date_format(self.last_day, "DATE_FORMAT"),
        }


@dataclass(frozen=True)
class DashboardFilters:
    period: Period
    organisation: Organisation | None = None
    behaviour: Behaviour | None = None

    def for_period(self, period: Period) -> DashboardFilters:
        return DashboardFilters(period, self.organisation, self.behaviour)


def published_examples(
    filters: DashboardFilters, counted: Collection[int] | None, period: Period | None = None
) -> ExampleQuerySet:
    """Published examples created in the period, narrowed by the behaviour and organisation.

    For counting, pass `counted_ids(orgs)`: only examples authored from those organisations
    take part, so a small organisation's examples cannot be worked out from a total. None
    takes every author (for lists of single examples, not for counts).
    """
    period = period or filters.period
    examples = Example.objects.published().filter(
        created_at__gte=period.start, created_at__lt=period.end
    )
    if counted is not None:
        examples = examples.filter(author_organisation__in=list(counted))
    if filters.behaviour is not None:
        examples = examples.filter(behaviour=filters.behaviour)
    if filters.organisation is not None:
        examples = examples.involving(filters.organisation)
    # Clear the model's default ordering: it would otherwise join the GROUP BY.
    return examples.order_by()


def recognitions_of(examples: ExampleQuerySet, period: Period) -> QuerySet[Any]:
    """The recognised-organisation rows of `examples`, published examples of `period`.

    The period's bounds are repeated on the joined example. They change no result, but they let
    PostgreSQL start from the period's examples (example_dash_period_idx) and join their
    recognitions, instead of joining every recognition to every example and then probing each
    for the period (0.43 s → see docs/performance.md, at N = 200,000).
    """
    return Example.recognised_organisations.through.objects.filter(
        example__in=examples.values("pk"),
        example__visibility=Visibility.PUBLISHED,
        example__created_at__gte=period.start,
        example__created_at__lt=period.end,
    ).order_by()


def published_comments(period: Period, behaviour: Behaviour | None = None) -> QuerySet[Comment]:
    """Published comments of the period on published examples (hiding an example hides them)."""
    comments = Comment.objects.published().filter(
        created_at__gte=period.start,
        created_at__lt=period.end,
        example__visibility=Visibility.PUBLISHED,
    )
    if behaviour is not None:
        comments = comments.filter(example__behaviour=behaviour)
    return comments.order_by()


def behaviours_for(filters: DashboardFilters, behaviours: Sequence[Behaviour]) -> list[Behaviour]:
    if filters.behaviour is not None:
        return [filters.behaviour]
    return [b for b in behaviours if b.active]
