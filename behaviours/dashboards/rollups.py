"""Daily rollups of published examples, from which the dashboards' counts are summed.

A dashboard over 365 days used to group every example of the period on each cold request
(0.8–1.3 s at 200,000 examples, growing with the data). `ExampleDay` holds, per day in the
site's time zone, behaviour, author's organisation, service area and involved organisation,
how many published examples there are; a panel sums a few hundred rows per day of the period,
however many examples there are.

`involved` is 0 on the row that counts each example once; the other rows count each example
once more for every organisation it involves (the author's, and every organisation recognised),
which is what coverage, reciprocity and the organisation filter need.

Kept up to date in the transaction of every change by `behaviours.dashboards.upkeep`
(counters moved by the change's difference; the highlights of one day ranked again after the
commit). `rebuild()` (`manage.py rebuild_rollups`) computes every row from the examples
themselves: after a bulk load such as seed_bench's COPY, or a restore, and in the tests that
prove the counters kept equal a rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from django.db import models, transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate

from behaviours.dashboards.periods import SITE_TZ
from behaviours.models import Behaviour, FiguresVersion
from examples.models import Comment, Example, Visibility
from partnership.models import Organisation

# The first key of the advisory locks upkeep.refresh_highlights takes per day, behaviour and
# counter ("roll" in ASCII).
LOCK_NAMESPACE = 0x726F6C6C
HIGHLIGHTS_PER_BEHAVIOUR = 3
COUNTERS = ("reaction_count", "comment_count")


class ExampleDay(models.Model):
    """Published examples of one day × behaviour × author's organisation × service area ×
    involved organisation (0: each example once). Plain ids: a sum, not a relation."""

    day = models.DateField()
    behaviour = models.IntegerField()
    author_organisation = models.IntegerField()
    service_area = models.IntegerField(help_text="0: no service area")
    involved = models.IntegerField(help_text="0: the example itself; else an organisation")
    examples = models.IntegerField()

    class Meta:
        app_label = "behaviours"
        db_table = "behaviours_example_day"
        verbose_name = "example day rollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "involved", "behaviour", "author_organisation", "service_area"],
                name="example_day_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.behaviour}/{self.author_organisation}: {self.examples}"


class ContributorDay(models.Model):
    """Who took part on a day, per behaviour: the author of a published example (with the
    example's author organisation, for the privacy floor) or of a published comment on a
    published example (author_organisation 0). Participation counts distinct members over a
    period from these rows, with one index probe per member."""

    day = models.DateField()
    member = models.IntegerField()
    behaviour = models.IntegerField()
    author_organisation = models.IntegerField(help_text="0: a comment")
    contributions = models.IntegerField(help_text="examples or comments (a row at 0 is deleted)")

    class Meta:
        app_label = "behaviours"
        db_table = "behaviours_contributor_day"
        verbose_name = "contributor day rollup"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "day", "behaviour", "author_organisation"],
                name="contributor_day_unique",
            )
        ]
        # rebuild() and the participation panel read by day; the constraint leads with the member.
        indexes = [models.Index(fields=["day"], name="contributor_day_by_day")]

    def __str__(self) -> str:
        return f"{self.day} member {self.member}"


class HighlightDay(models.Model):
    """The top examples of a day per behaviour by reactions and by comments. The period's top
    three per behaviour are always among its days' top three, so highlights rank these rows
    instead of every example of the period."""

    day = models.DateField()
    behaviour = models.IntegerField()
    counter = models.CharField(max_length=20, help_text="reaction_count or comment_count")
    example = models.IntegerField()
    value = models.IntegerField()
    created_at = models.DateTimeField()

    class Meta:
        app_label = "behaviours"
        db_table = "behaviours_highlight_day"
        verbose_name = "highlight day rollup"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "behaviour", "counter", "example"], name="highlight_day_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.counter} example {self.example}: {self.value}"


def local_day(moment: datetime) -> date:
    return moment.astimezone(SITE_TZ).date()


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tzinfo=SITE_TZ)
    return start, datetime.combine(last + timedelta(days=1), time.min, tzinfo=SITE_TZ)


def _rows(first: date, last: date) -> list[ExampleDay]:
    """The rollup rows of the days first..last, from the published examples (two queries)."""
    start, end = _bounds(first, last)
    examples = (
        Example.objects.published()
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=SITE_TZ))
    )
    counts: dict[tuple[date, int, int, int, int], int] = defaultdict(int)
    for r in examples.values("day", "behaviour", "author_organisation", "service_area").annotate(
        n=Count("pk")
    ):
        key = (r["day"], r["behaviour"], r["author_organisation"], r["service_area"] or 0)
        counts[(*key, 0)] += r["n"]
        counts[(*key, r["author_organisation"])] += r["n"]
    through = Example.recognised_organisations.through.objects.filter(
        example__in=examples.values("pk")
    ).exclude(organisation=F("example__author_organisation"))
    recognised = (
        through.order_by()
        .annotate(day=TruncDate("example__created_at", tzinfo=SITE_TZ))
        .values(  # type: ignore[misc]  # the stubs do not see the annotation on the through model
            "day",
            "example__behaviour",
            "example__author_organisation",
            "example__service_area",
            "organisation",
        )
        .annotate(n=Count("pk"))
    )
    for r in recognised:
        key = (
            r["day"],
            r["example__behaviour"],
            r["example__author_organisation"],
            r["example__service_area"] or 0,
        )
        counts[(*key, r["organisation"])] += r["n"]
    return [
        ExampleDay(
            day=day,
            behaviour=behaviour,
            author_organisation=author,
            service_area=area,
            involved=involved,
            examples=n,
        )
        for (day, behaviour, author, area, involved), n in counts.items()
    ]


def _contributor_rows(first: date, last: date) -> list[ContributorDay]:
    """Who posted or commented on the days first..last, and how often (two grouped queries)."""
    start, end = _bounds(first, last)
    posted = (
        Example.objects.published()
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=SITE_TZ))
        .values_list("day", "author", "behaviour", "author_organisation")
        .annotate(n=Count("pk"))
    )
    commented = (
        Comment.objects.published()
        .filter(
            created_at__gte=start,
            created_at__lt=end,
            example__visibility=Visibility.PUBLISHED,
        )
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=SITE_TZ))
        .values_list("day", "author", "example__behaviour")
        .annotate(n=Count("pk"))
    )
    rows = [
        ContributorDay(
            day=day, member=member, behaviour=behaviour, author_organisation=org, contributions=n
        )
        for day, member, behaviour, org, n in posted
    ]
    rows += [
        ContributorDay(
            day=day, member=member, behaviour=behaviour, author_organisation=0, contributions=n
        )
        for day, member, behaviour, n in commented
    ]
    return rows


def _highlight_rows(first: date, last: date) -> list[HighlightDay]:
    """The top examples per day and behaviour by each counter (one window query per counter)."""
    start, end = _bounds(first, last)
    examples = (
        Example.objects.published().filter(created_at__gte=start, created_at__lt=end).order_by()
    )
    rows = []
    for counter in COUNTERS:
        ranked = (
            examples.filter(**{f"{counter}__gt": 0})
            .annotate(
                day=TruncDate("created_at", tzinfo=SITE_TZ),
                rank=Window(
                    RowNumber(),
                    partition_by=[TruncDate("created_at", tzinfo=SITE_TZ), F("behaviour_id")],
                    order_by=[F(counter).desc(), F("created_at").desc(), F("pk").desc()],
                ),
            )
            .filter(rank__lte=HIGHLIGHTS_PER_BEHAVIOUR)
            .values_list("day", "behaviour", "pk", counter, "created_at")
        )
        rows += [
            HighlightDay(
                day=day,
                behaviour=behaviour,
                counter=counter,
                example=pk,
                value=value,
                created_at=created,
            )
            for day, behaviour, pk, value, created in ranked
        ]
    return rows


def rebuild() -> int:
    """Rebuild every rollup row (manage.py rebuild_rollups); the number of rows."""
    first_last = Example.objects.aggregate(
        first=models.Min("created_at"), last=models.Max("created_at")
    )
    last_comment = Comment.objects.aggregate(last=models.Max("created_at"))["last"]
    count = 0
    with transaction.atomic():
        ExampleDay.objects.all().delete()
        ContributorDay.objects.all().delete()
        HighlightDay.objects.all().delete()
        if first_last["first"] is not None:
            first = local_day(first_last["first"])
            last = local_day(max(filter(None, (first_last["last"], last_comment))))
            # A month at a time keeps the rows in memory small at a million examples.
            while first <= last:
                chunk_last = min(last, first + timedelta(days=30))
                rows = _rows(first, chunk_last)
                contributors = _contributor_rows(first, chunk_last)
                highlights = _highlight_rows(first, chunk_last)
                ExampleDay.objects.bulk_create(rows, batch_size=5000)
                ContributorDay.objects.bulk_create(contributors, batch_size=5000)
                HighlightDay.objects.bulk_create(highlights, batch_size=5000)
                count += len(rows) + len(contributors) + len(highlights)
                first = chunk_last + timedelta(days=1)
    for kind in ("examples", "comments", "reactions"):
        FiguresVersion.bump(kind)
    return count


# --- Reading them -----------------------------------------------------------------------------


def example_days(
    first: date,
    last: date,
    counted: Collection[int],
    *,
    behaviour: Behaviour | None = None,
    involving: Organisation | None = None,
) -> QuerySet[ExampleDay]:
    """The rollup rows of the days first..last of examples authored from `counted`.

    By default the rows that count each example once; with `involving`, the rows of the
    examples that involve that organisation (posted from it or recognising it). Callers that
    want every organisation's involvement filter `involved` themselves.
    """
    rows = ExampleDay.objects.filter(
        day__gte=first, day__lte=last, author_organisation__in=list(counted)
    )
    if behaviour is not None:
        rows = rows.filter(behaviour=behaviour.pk)
    return rows.filter(involved=involving.pk if involving is not None else 0).order_by()


def involvement_days(
    first: date, last: date, counted: Collection[int], *, behaviour: Behaviour | None = None
) -> QuerySet[ExampleDay]:
    """The rows that count each example once per organisation it involves."""
    rows = ExampleDay.objects.filter(
        day__gte=first, day__lte=last, author_organisation__in=list(counted)
    ).exclude(involved=0)
    if behaviour is not None:
        rows = rows.filter(behaviour=behaviour.pk)
    return rows.order_by()


def contributions(
    first: date, last: date, counted: Collection[int], *, behaviour: Behaviour | None = None
) -> QuerySet[ContributorDay]:
    """Rows of members who, on the days first..last, posted an example authored from `counted`
    or commented on a published example (for an Exists per member)."""
    rows = ContributorDay.objects.filter(day__gte=first, day__lte=last).filter(
        Q(author_organisation=0) | Q(author_organisation__in=list(counted))
    )
    if behaviour is not None:
        rows = rows.filter(behaviour=behaviour.pk)
    return rows.order_by()


def highlight_candidates(
    first: date, last: date, *, behaviour: Behaviour | None = None
) -> QuerySet[HighlightDay]:
    """The days' top examples per behaviour and counter, among which the period's top are."""
    rows = HighlightDay.objects.filter(day__gte=first, day__lte=last)
    if behaviour is not None:
        rows = rows.filter(behaviour=behaviour.pk)
    return rows.order_by()
