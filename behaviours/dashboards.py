"""The figures behind the overview, the dashboards and the partnership review.

Every figure is aggregated in the database with a fixed number of grouped queries per panel
(`values().annotate(Count(...))`, `TruncWeek`/`TruncMonth` in the site's time zone), so a page's
query count does not grow with the data. Python only reshapes the grouped rows (a handful per
behaviour and organisation) into tables. Only published examples and published comments on
published examples count: hidden content never reaches a figure, a CSV or the review.

Privacy floor: a figure for an organisation with fewer than `settings.PRIVACY_MIN_GROUP_SIZE`
active members is never shown as a number but as "too few to show" (works councils and the GDPR
expect this). There are no per-person figures at all. Complementary suppression: every count
takes only examples authored by organisations whose figures are shown (`counted_ids`), so no
total minus the figures shown can give a small organisation's count away, and the page says so
(`left_out_sentence`). The filter sits inside the grouped queries: no extra query.

Each panel is a dataclass with `table()` methods returning `Table`s; the HTML tables and the
CSV downloads are both rendered from those, so they always carry the same numbers.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from time import monotonic, sleep
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber, TruncMonth, TruncWeek
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from behaviours.models import Behaviour, FiguresVersion
from examples.models import Comment, Example, ExampleQuerySet, Report, Visibility
from partnership.models import Organisation, ServiceArea, User

SITE_TZ = ZoneInfo("Europe/Amsterdam")
# Past this many days a week-by-week chart gets unreadable; trends switch to months.
MONTHLY_AFTER_DAYS = 120
HIGHLIGHTS_PER_BEHAVIOUR = 3
PERIOD_PRESETS = (30, 90, 365)
TOO_FEW = gettext_lazy("too few to show")

Granularity = Literal["week", "month"]
T = TypeVar("T")


def privacy_floor() -> int:
    return int(getattr(settings, "PRIVACY_MIN_GROUP_SIZE", 5))


def silent_weeks() -> int:
    return int(getattr(settings, "DASHBOARD_SILENT_WEEKS", 6))


# --------------------------------------------------------------------------------------------
# Period and filters
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Tables: what the HTML and the CSV are both rendered from
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One figure. `value` is None when it is suppressed or does not apply."""

    value: int | float | None
    suppressed: bool = False
    decimals: int = 0
    suffix: str = ""
    empty: str = "–"

    @property
    def display(self) -> str:
        if self.suppressed:
            return str(TOO_FEW)
        if self.value is None:
            return self.empty
        if isinstance(self.value, float) or self.decimals:
            # number_format cuts digits off; round half up first, as people round by hand.
            exponent = Decimal(1).scaleb(-self.decimals)
            rounded = Decimal(repr(self.value)).quantize(exponent, rounding=ROUND_HALF_UP)
            text = formats.number_format(rounded, self.decimals)
        else:
            text = str(self.value)
        return f"{text}{self.suffix}"

    def __str__(self) -> str:
        return self.display


def number(value: int | float | None, *, hidden: bool = False, **kwargs: Any) -> Cell:
    return Cell(None if hidden else value, suppressed=hidden, **kwargs)


def text_cell(text: str) -> Cell:
    return Cell(None, empty=text)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    note: str = ""


@dataclass
class Table:
    """A captioned table of figures; rows carry a label and one cell per column."""

    slug: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    totals: Row | None = None

    def csv_rows(self) -> list[list[str]]:
        rows = [[self.row_header, *self.columns]]
        rows += [[row.label, *(cell.display for cell in row.cells)] for row in self.rows]
        if self.totals is not None:
            rows.append([self.totals.label, *(cell.display for cell in self.totals.cells)])
        return rows


def csv_dialect() -> tuple[str, str]:
    """Delimiter and decimal mark as the spreadsheet of the active language expects them.

    Dutch Excel reads ";"-separated files with decimal commas; English Excel reads ",".
    """
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return (";" if decimal == "," else ","), decimal


def table_to_csv(table: Table) -> str:
    """The table as CSV text starting with a byte-order mark, so Excel reads it as UTF-8."""
    delimiter, _decimal = csv_dialect()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(table.csv_rows())
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Organisations and their size (one query, shared by every panel)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgInfo:
    pk: int
    name: str
    slug: str
    role: str
    members: int

    @property
    def shown(self) -> bool:
        """Figures about this organisation clear the privacy floor."""
        return self.members >= privacy_floor()


def organisations_with_size() -> list[OrgInfo]:
    """Active organisations with their number of active members (the privacy floor's basis)."""
    rows = (
        Organisation.objects.active()
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        # Django leaves Meta.ordering out of aggregate queries: order explicitly.
        .order_by(*Organisation._meta.ordering)
        .values_list("pk", "name", "slug", "role", "member_count")
    )
    return [OrgInfo(*row) for row in rows]


def counted_ids(orgs: Iterable[OrgInfo]) -> list[int]:
    """The organisations whose authored examples count: those whose figures are shown.

    Leaving out the organisations under the privacy floor (and inactive ones, which have no
    figures of their own) is complementary suppression: every total equals the sum over the
    organisations shown, so subtracting them from it reveals nothing.
    """
    return [o.pk for o in orgs if o.shown]


def left_out(orgs: Iterable[OrgInfo]) -> list[OrgInfo]:
    """The active organisations under the privacy floor, whose examples no figure counts."""
    return [o for o in orgs if not o.shown]


def left_out_sentence(orgs: Iterable[OrgInfo]) -> str:
    """The one sentence a page with figures shows while organisations are left out, else ""."""
    if not left_out(orgs):
        return ""
    return _(
        "Examples by organisations with fewer than %(floor)d members are not counted here, "
        "so their figures cannot be worked out."
    ) % {"floor": privacy_floor()}


def behaviours_for(filters: DashboardFilters, behaviours: Sequence[Behaviour]) -> list[Behaviour]:
    if filters.behaviour is not None:
        return [filters.behaviour]
    return [b for b in behaviours if b.active]


def organisations_for(filters: DashboardFilters, organisations: Sequence[OrgInfo]) -> list[OrgInfo]:
    if filters.organisation is not None:
        return [o for o in organisations if o.pk == filters.organisation.pk]
    return list(organisations)


def change_percent(current: int, previous: int) -> float | None:
    """Relative change against the previous period; None when there was nothing to compare."""
    if previous == 0:
        return None
    return (current - previous) / previous * 100


# --------------------------------------------------------------------------------------------
# Overview: published examples per behaviour per author organisation, all time
# --------------------------------------------------------------------------------------------


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
            rows.append(Row(str(behaviour.name), cells))
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
    """Every behaviour with `published_count`, its published examples of all time (one query,
    cached under the examples and structure versions)."""
    return cached_figures("behaviour-counts", ("examples", "structure"), _behaviour_counts)


def _behaviour_counts() -> list[Behaviour]:
    return list(
        Behaviour.objects.annotate(
            published_count=Count("examples", filter=Q(examples__visibility=Visibility.PUBLISHED))
        ).order_by(*Behaviour._meta.ordering)
    )


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


# --------------------------------------------------------------------------------------------
# 1. Trends
# --------------------------------------------------------------------------------------------


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
            "datasets": [
                # key: the behaviour's slug, so the chart uses the behaviour's own colour.
                {"label": str(t.behaviour.name), "key": t.behaviour.slug, "data": t.counts}
                for t in self.rows
            ],
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
    if filters.organisation is not None and not _org_shown(filters.organisation, orgs):
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
        t = totals.get(behaviour.pk, {})
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


def _org_shown(organisation: Organisation, orgs: Sequence[OrgInfo]) -> bool:
    return any(o.pk == organisation.pk and o.shown for o in orgs)


# --------------------------------------------------------------------------------------------
# 2. Coverage
# --------------------------------------------------------------------------------------------


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
    also recognised: posted + recognised − both, three grouped queries. Two more give the
    behaviour totals and the service-area split, one the list of service areas.
    """
    period = filters.period
    counted = counted_ids(orgs)
    by_behaviour = DashboardFilters(period, None, filters.behaviour)
    examples = published_examples(by_behaviour, counted)
    involving: dict[tuple[int, int], int] = defaultdict(int)
    for r in examples.values("behaviour", "author_organisation").annotate(n=Count("pk")):
        involving[(r["behaviour"], r["author_organisation"])] += r["n"]
    through = recognitions_of(examples, period)
    for r in through.values("example__behaviour", "organisation").annotate(n=Count("pk")):
        involving[(r["example__behaviour"], r["organisation"])] += r["n"]
    both = through.filter(organisation=F("example__author_organisation"))
    for r in both.values("example__behaviour", "organisation").annotate(n=Count("pk")):
        involving[(r["example__behaviour"], r["organisation"])] -= r["n"]
    behaviour_totals = {
        r["behaviour"]: r["n"] for r in examples.values("behaviour").annotate(n=Count("pk"))
    }
    areas = list(ServiceArea.objects.filter(active=True))
    per_area = {
        (r["behaviour"], r["service_area"]): r["n"]
        for r in published_examples(filters, counted)
        .values("behaviour", "service_area")
        .annotate(n=Count("pk"))
    }
    return CoveragePanel(
        period,
        behaviours_for(filters, behaviours),
        organisations_for(filters, orgs),
        dict(involving),
        behaviour_totals,
        areas,
        per_area,
        # Filtered on a small organisation, the split per area would add up to its hidden cell.
        areas_suppressed=filters.organisation is not None
        and not _org_shown(filters.organisation, orgs),
    )


# --------------------------------------------------------------------------------------------
# 3. Reciprocity
# --------------------------------------------------------------------------------------------


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
    """The author organisation → recognised organisation matrix, in one grouped query.

    Recognising one's own organisation is left out: reciprocity is about pairs. With an
    organisation filter the matrix stays whole and the pairs narrow to that organisation.
    """
    examples = published_examples(
        DashboardFilters(filters.period, None, filters.behaviour), counted_ids(orgs)
    )
    grouped = (
        recognitions_of(examples, filters.period)
        .exclude(organisation=F("example__author_organisation"))
        .order_by()
        .values("example__author_organisation", "organisation")
        .annotate(n=Count("pk"))
    )
    matrix = {(r["example__author_organisation"], r["organisation"]): r["n"] for r in grouped}
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


# --------------------------------------------------------------------------------------------
# 4. Participation
# --------------------------------------------------------------------------------------------


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

    Three queries: distinct active members who posted or commented (Exists, so nobody is
    counted twice), examples by the author's organisation, and the last post or comment per
    organisation (before the end of the period) for the silence flag.
    """
    period = filters.period
    now = now or timezone.now()
    reference = min(period.end, now)
    examples = published_examples(
        DashboardFilters(period, None, filters.behaviour), counted_ids(orgs)
    )
    comments = published_comments(period, filters.behaviour)
    posted = examples.filter(author=OuterRef("pk"))
    commented = comments.filter(author=OuterRef("pk"))
    contributors = {
        r["organisation"]: r["n"]
        for r in User.objects.filter(is_active=True, organisation__isnull=False)
        .filter(Exists(posted) | Exists(commented))
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
    }
    example_counts = {
        r["author_organisation"]: r["n"]
        for r in examples.values("author_organisation").annotate(n=Count("pk"))
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


# --------------------------------------------------------------------------------------------
# 5. Highlights
# --------------------------------------------------------------------------------------------


@dataclass
class BehaviourHighlights:
    behaviour: Behaviour
    inspiring: list[Example] = field(default_factory=list)
    discussed: list[Example] = field(default_factory=list)


@dataclass
class HighlightsPanel:
    period: Period
    rows: list[BehaviourHighlights]

    @property
    def empty(self) -> bool:
        return not any(r.inspiring or r.discussed for r in self.rows)


def _top_per_behaviour(examples: ExampleQuerySet, counter: str) -> list[int]:
    """The ids of the top examples per behaviour by `counter`, in order (behaviour, rank).

    The ranking reads narrow rows from example_dash_period_idx alone; ranking whole rows had
    sorted every story of the period (0.28 s per counter at N = 200,000).
    """
    ranked = examples.filter(**{f"{counter}__gt": 0}).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("behaviour_id")],
            order_by=[F(counter).desc(), F("created_at").desc(), F("pk").desc()],
        )
    )
    top = ranked.filter(rank__lte=HIGHLIGHTS_PER_BEHAVIOUR).order_by("behaviour_id", "rank")
    return list(top.values_list("pk", flat=True))


def highlights(filters: DashboardFilters, behaviours: Sequence[Behaviour]) -> HighlightsPanel:
    """The most inspiring and the most discussed examples of the period per behaviour.

    Two window-function queries (top three per behaviour each, ids only) and one that loads
    those examples; not one query per behaviour.
    """
    # Highlights are single examples every member can read anyway, not a count per
    # organisation, so examples by small organisations can be highlighted too.
    examples = published_examples(filters, None)
    rows = {b.pk: BehaviourHighlights(b) for b in behaviours_for(filters, behaviours)}
    inspiring = _top_per_behaviour(examples, "reaction_count")
    discussed = _top_per_behaviour(examples, "comment_count")
    loaded = (
        Example.objects.select_related("behaviour", "author_organisation")
        .defer("search_vector")
        .in_bulk({*inspiring, *discussed})
    )
    for ids, attribute in ((inspiring, "inspiring"), (discussed, "discussed")):
        for pk in ids:
            example = loaded[pk]
            if example.behaviour_id in rows:
                getattr(rows[example.behaviour_id], attribute).append(example)
    return HighlightsPanel(filters.period, list(rows.values()))


# --------------------------------------------------------------------------------------------
# Moderation (partnership managers only)
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# The whole dashboard and the partnership review
# --------------------------------------------------------------------------------------------

PANELS = ("trends", "coverage", "reciprocity", "participation", "highlights", "moderation")
# The kinds of change (FiguresVersion) each panel's figures depend on. Counters on examples
# move with comments and reactions; hidden counts with examples and comments.
PANEL_READS = {
    "trends": ("examples", "structure"),
    "coverage": ("examples", "structure"),
    "reciprocity": ("examples", "structure"),
    "participation": ("examples", "comments", "structure"),
    "highlights": ("examples", "comments", "reactions", "structure"),
    "moderation": ("examples", "comments", "reports"),
    # Not panels: the organisations and their sizes every panel and the privacy note use,
    # and the review's example counts for two periods.
    "organisations": ("structure",),
    "review-counts": ("examples", "structure"),
}
SINGLE_FLIGHT_SECONDS = 15
CSV_TABLES = (
    "trends",
    "coverage",
    "service-areas",
    "reciprocity",
    "pairs",
    "participation",
    "moderation",
)


def cached_once(key: str, compute: Callable[[], T]) -> T:
    """The value cached under `key`, or computed and cached by one request at a time.

    One request computes a missing value while the others wait for it, so a busy moment after
    a change does not compute the same figures sixteen times.
    """
    value = cache.get(key)
    if value is not None:
        return value
    if not cache.add(f"{key}:computing", 1, SINGLE_FLIGHT_SECONDS):
        deadline = monotonic() + SINGLE_FLIGHT_SECONDS
        while monotonic() < deadline:
            sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return value
    try:
        value = compute()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    finally:
        cache.delete(f"{key}:computing")
    return value


def cached_figures(name: str, kinds: tuple[str, ...], compute: Callable[[], T]) -> T:
    """All-time figures (the behaviour list, the overview) cached under the versions of the
    kinds of data they read, so they always equal a fresh computation."""
    if not settings.DASHBOARD_CACHE_SECONDS:
        return compute()
    version = FiguresVersion.current()
    parts = ("figures", name, *(version[kind] for kind in kinds), get_language(), privacy_floor())
    return cached_once(":".join(str(part) for part in parts), compute)


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
        return org is not None and not _org_shown(org, self.organisations)

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

    def _key(self, panel: str) -> str:
        """What a cached panel is keyed by: everything its figures and sentences depend on.

        The versions of the kinds of data the panel reads (each bumped in the same transaction
        as any change of that kind), the filters, the language (panels carry sentences), the
        day (silence is counted from today) and the privacy floor.
        """
        filters = self.filters
        return ":".join(
            str(part)
            for part in (
                "dashboard",
                panel,
                *(self.version[kind] for kind in PANEL_READS[panel]),
                filters.period.first_day,
                filters.period.last_day,
                filters.period.preset_days,
                getattr(filters.organisation, "pk", "-"),
                getattr(filters.behaviour, "pk", "-"),
                get_language(),
                timezone.localdate(timezone=SITE_TZ),
                # Which organisations count depends on the floor, a setting.
                privacy_floor(),
            )
        )

    @cached_property
    def panel_keys(self) -> dict[str, str]:
        """The key of each panel, for caching its rendered HTML beside its figures."""
        return {panel: self._key(panel) for panel in PANELS if panel != "moderation"}

    @property
    def fragment_seconds(self) -> int:
        """How long a rendered panel is kept (0: not at all, when figures are not cached)."""
        return settings.FRAGMENT_CACHE_SECONDS if self.caching else 0

    def _cached(self, panel: str, compute: Callable[[], T]) -> T:
        """A panel from the cache, or computed and cached.

        Keyed by `_key`, so a cached panel always equals a fresh computation; with the cache
        off every panel is computed. One request computes a missing panel while the others
        wait for it, so a busy moment after a change does not compute the same panel sixteen
        times.
        """
        if not self.caching:
            return compute()
        return cached_once(self._key(panel), compute)

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
        tables = {
            "trends": lambda: self.trends.table(),
            "coverage": lambda: self.coverage.table(),
            "service-areas": lambda: self.coverage.area_table(),
            "reciprocity": lambda: self.reciprocity.matrix_table(),
            "pairs": lambda: self.reciprocity.pairs_table(),
            "participation": lambda: self.participation.table(),
        }
        if self.moderator:
            tables["moderation"] = lambda: self.moderation.table()  # type: ignore[union-attr]
        make = tables.get(slug)
        return make() if make else None


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
        both = Period(self.previous.period.first_day, self.current.period.last_day)
        start = self.current.period.start
        counted = counted_ids(self.current.organisations)
        counts = published_examples(self.current.filters.for_period(both), counted).aggregate(
            current=Count("pk", filter=Q(created_at__gte=start)),
            previous=Count("pk", filter=Q(created_at__lt=start)),
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
