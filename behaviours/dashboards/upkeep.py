"""Keeping the dashboards' daily rollups up to date, in the transaction of each change.

`ExampleDay` and `ContributorDay` are counters. Every change of an example, comment or
recognition works out which rollup rows the item counted in before and after (from its state
before, read from the database, and its state after) and moves those counters by the
difference with one `INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n` per table, in
the same transaction as the change. A counter that reaches zero is deleted, so the rows are
always exactly what `rollups.rebuild()` would write.

Two changes of the same example are serialised by the example's own row lock: every receiver
here first locks the example(s) it is about (`FOR NO KEY UPDATE`, the lock the comment and
reaction counters' `UPDATE` takes anyway) and reads their state after the lock, so a comment
posted while its example is hidden is counted by exactly one of the two. Nothing locks a row
that other examples share: concurrent posts, comments and reactions on different examples
never wait for each other, and the counters' upserts lose nothing (the database adds the
deltas).

`HighlightDay` (the top three examples of a day and behaviour by reactions and by comments)
is no counter: after the commit, the one day × behaviour × counter that a comment or reaction
could change is ranked again from the examples (a few index rows) under a PostgreSQL advisory
lock of that day × behaviour × counter only, and its rows are replaced when they differ; the
figures version moves once more when they did. A dashboard computed between the commit and
this refresh was cached under the previous version and is not read again.

Changes that send no signals (queryset `update()`, COPY, loaddata) are not seen: run
`manage.py rebuild_rollups` after them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from behaviours.dashboards.periods import SITE_TZ
from behaviours.dashboards.rollups import (
    COUNTERS,
    HIGHLIGHTS_PER_BEHAVIOUR,
    LOCK_NAMESPACE,
    ContributorDay,
    ExampleDay,
    HighlightDay,
    local_day,
)
from behaviours.models import FiguresVersion
from examples.models import Comment, Example, Reaction, Visibility

STATE_FIELDS = (
    "created_at",
    "behaviour_id",
    "author_id",
    "author_organisation_id",
    "service_area_id",
    "visibility",
)
EXAMPLE_DAY_KEY: tuple[str, ...] = (
    "day",
    "behaviour",
    "author_organisation",
    "service_area",
    "involved",
)
CONTRIBUTOR_DAY_KEY: tuple[str, ...] = ("member", "day", "behaviour", "author_organisation")


@dataclass(frozen=True)
class Counted:
    """What of a published example the rollups count (None stands for "counts nowhere")."""

    day: date
    behaviour: int
    author: int
    author_organisation: int
    service_area: int


def _counted(values: tuple[Any, ...]) -> Counted | None:
    created_at, behaviour, author, organisation, area, visibility = values
    if visibility != Visibility.PUBLISHED:
        return None
    return Counted(local_day(created_at), behaviour, author, organisation, area or 0)


def _lock(pks: Iterable[int]) -> dict[int, Counted | None]:
    """Lock these examples (in id order, so two writers never wait on each other crosswise)
    and read what the rollups count of them, as committed or changed by this transaction."""
    rows = (
        Example.objects.select_for_update(no_key=True)
        .filter(pk__in=sorted(set(pks)))
        .order_by("pk")
        .values_list("pk", *STATE_FIELDS)
    )
    return {pk: _counted(values) for pk, *values in rows}


def _recognised(pks: Iterable[int]) -> dict[int, set[int]]:
    through = Example.recognised_organisations.through.objects.filter(example_id__in=list(pks))
    found: dict[int, set[int]] = {}
    for example, organisation in through.values_list("example_id", "organisation_id"):
        found.setdefault(example, set()).add(organisation)
    return found


def _example_rows(counted: Counted | None, recognised: Iterable[int]) -> Counter[tuple[Any, ...]]:
    """The ExampleDay rows an example counts once in: each example once (involved 0), once for
    its author's organisation and once for every other organisation it recognises."""
    if counted is None:
        return Counter()
    base = (counted.day, counted.behaviour, counted.author_organisation, counted.service_area)
    involved = {0, counted.author_organisation, *recognised}
    return Counter((*base, organisation) for organisation in involved)


def _own_contribution(counted: Counted | None) -> Counter[tuple[Any, ...]]:
    if counted is None:
        return Counter()
    return Counter([(counted.author, counted.day, counted.behaviour, counted.author_organisation)])


def _comment_contributions(example: int, counted: Counted | None) -> Counter[tuple[Any, ...]]:
    """The ContributorDay rows the example's published comments count in (none while the
    example is not published)."""
    if counted is None:
        return Counter()
    groups = (
        Comment.objects.published()
        .filter(example_id=example)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=SITE_TZ))
        .values_list("author", "day")
        .annotate(n=Count("pk"))
    )
    return Counter({(author, day, counted.behaviour, 0): n for author, day, n in groups})


def _add(model: type[ExampleDay] | type[ContributorDay], deltas: Counter[tuple[Any, ...]]) -> None:
    """Move the counters of these rows by their deltas (one statement; rows created at need)
    and delete the rows that reach zero."""
    moved = sorted((key, n) for key, n in deltas.items() if n)
    if not moved:
        return
    if model is ExampleDay:
        columns, total = EXAMPLE_DAY_KEY, "examples"
    else:
        columns, total = CONTRIBUTOR_DAY_KEY, "contributions"
    day_at = columns.index("day")
    adapt = connection.ops.adapt_datefield_value

    def row(key: tuple[Any, ...]) -> list[Any]:
        return [adapt(value) if at == day_at else value for at, value in enumerate(key)]

    table = model._meta.db_table
    names = ", ".join(columns)
    one = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    # Only the model's own table and column names go into the text; every value is a parameter.
    with connection.cursor() as cursor:
        # Rows in key order: two transactions moving the same rows lock them in the same order.
        upsert = (
            f"INSERT INTO {table} ({names}, {total}) VALUES {', '.join([one] * len(moved))} "  # noqa: S608
            f"ON CONFLICT ({names}) DO UPDATE SET {total} = {table}.{total} + excluded.{total}"
        )
        cursor.execute(upsert, [value for key, n in moved for value in (*row(key), n)])
        fallen = [key for key, n in moved if n < 0]
        if fallen:
            keys = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(fallen))
            cursor.execute(
                f"DELETE FROM {table} WHERE {total} <= 0 AND ({names}) IN (VALUES {keys})",  # noqa: S608
                [value for key in fallen for value in row(key)],
            )


# --- Highlights, after the commit ---------------------------------------------------------


def _highlights_after_commit(
    counted: Iterable[Counted | None], counters: Iterable[str], kind: str
) -> None:
    days = {(c.day, c.behaviour) for c in counted if c is not None}
    keys = {(day, behaviour, counter) for day, behaviour in days for counter in counters}
    if keys:
        transaction.on_commit(partial(refresh_highlights, keys, kind))


def refresh_highlights(keys: Iterable[tuple[date, int, str]], kind: str) -> bool:
    """Rank these days × behaviours × counters again from the examples and replace their
    HighlightDay rows where they differ; move the figures version of `kind` if any did."""
    changed = False
    for day, behaviour, counter in sorted(set(keys)):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                lock = (day.toordinal() * 1_000_003 + behaviour * 2 + COUNTERS.index(counter)) % (
                    2**31
                )
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, lock])
            start = datetime.combine(day, time.min, tzinfo=SITE_TZ)
            top = (
                Example.objects.published()
                .filter(
                    created_at__gte=start,
                    created_at__lt=datetime.combine(day + timedelta(days=1), time.min, SITE_TZ),
                    behaviour_id=behaviour,
                    **{f"{counter}__gt": 0},
                )
                .order_by(f"-{counter}", "-created_at", "-pk")
                .values_list("pk", counter, "created_at")[:HIGHLIGHTS_PER_BEHAVIOUR]
            )
            fresh = set(top)
            rows = HighlightDay.objects.filter(day=day, behaviour=behaviour, counter=counter)
            if set(rows.values_list("example", "value", "created_at")) == fresh:
                continue
            rows.delete()
            HighlightDay.objects.bulk_create(
                HighlightDay(
                    day=day,
                    behaviour=behaviour,
                    counter=counter,
                    example=pk,
                    value=value,
                    created_at=created_at,
                )
                for pk, value, created_at in fresh
            )
            changed = True
    if changed:
        FiguresVersion.bump(kind)
    return changed


# --- Receivers -------------------------------------------------------------------------------


def _example_saving(instance: Example, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance._state.adding:
        return
    instance.__dict__["_rollups_before"] = _lock([instance.pk]).get(instance.pk)


def _example_saved(instance: Example, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: rebuild_rollups afterwards
        return
    before = instance.__dict__.pop("_rollups_before", None)
    after = _counted(tuple(getattr(instance, name) for name in STATE_FIELDS))
    if before == after:
        return
    # A new example recognises no organisation yet (those are added after it is saved).
    _example_moved(instance.pk, before, after, new=created)


def _example_moved(
    pk: int, before: Counted | None, after: Counted | None, *, new: bool = False
) -> None:
    recognised = set() if new else _recognised([pk]).get(pk, set())
    rows = _example_rows(after, recognised)
    rows.subtract(_example_rows(before, recognised))
    _add(ExampleDay, rows)
    contributions = _own_contribution(after)
    contributions.subtract(_own_contribution(before))
    # Its comments count under the example's behaviour, and only while it is published.
    if not new and (before and before.behaviour) != (after and after.behaviour):
        contributions.update(_comment_contributions(pk, after))
        contributions.subtract(_comment_contributions(pk, before))
    _add(ContributorDay, contributions)
    _highlights_after_commit([before, after], COUNTERS, "examples")


def _example_deleting(instance: Example, **kwargs: Any) -> None:
    # Before the delete: its recognitions go with it, and then nothing tells what they were.
    before = _lock([instance.pk]).get(instance.pk)
    if before is not None:
        _example_moved(instance.pk, before, None)


def _comment_saving(instance: Comment, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance._state.adding:
        return
    published = Comment.objects.filter(pk=instance.pk, visibility=Visibility.PUBLISHED).exists()
    instance.__dict__["_rollups_published"] = published


def _comment_counts(instance: Comment, delta: int) -> None:
    example = _lock([instance.example_id]).get(instance.example_id)
    if example is None:
        return
    key = (instance.author_id, local_day(instance.created_at), example.behaviour, 0)
    _add(ContributorDay, Counter({key: delta}))
    _highlights_after_commit([example], ["comment_count"], "comments")


def _comment_saved(instance: Comment, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = instance.__dict__.pop("_rollups_published", False)
    after = instance.visibility == Visibility.PUBLISHED
    if before != after:
        _comment_counts(instance, 1 if after else -1)


def _comment_deleting(instance: Comment, **kwargs: Any) -> None:
    if Comment.objects.filter(pk=instance.pk, visibility=Visibility.PUBLISHED).exists():
        _comment_counts(instance, -1)


def _reaction_changed(instance: Reaction, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    state = Example.objects.filter(pk=instance.example_id).values_list(*STATE_FIELDS).first()
    if state is not None:
        _highlights_after_commit([_counted(state)], ["reaction_count"], "reactions")


def _recognitions_changed(
    instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Before the change: lock the examples and note what they recognise; after it: count the
    organisations added and take away those removed. (`set()` sends a remove, then an add.)"""
    stack = instance.__dict__.setdefault("_rollups_recognitions", [])
    if action.startswith("pre_"):
        if not reverse:
            pks = [instance.pk]
        elif pk_set is not None:
            pks = sorted(pk_set)
        else:  # clearing from the organisation's side: the examples it is recognised in
            pks = list(instance.recognised_in.values_list("pk", flat=True))
        stack.append((_lock(pks), _recognised(pks)))
        return
    if not stack:
        return
    states, before = stack.pop()
    after = _recognised(states)
    deltas: Counter[tuple[Any, ...]] = Counter()
    for pk, counted in states.items():
        deltas.update(_example_rows(counted, after.get(pk, set())))
        deltas.subtract(_example_rows(counted, before.get(pk, set())))
    _add(ExampleDay, deltas)


def connect() -> None:
    """Connect the receivers (BehavioursConfig.ready)."""
    uid = "rollups-"
    pre_save.connect(_example_saving, sender=Example, dispatch_uid=f"{uid}example-saving")
    post_save.connect(_example_saved, sender=Example, dispatch_uid=f"{uid}example-saved")
    pre_delete.connect(_example_deleting, sender=Example, dispatch_uid=f"{uid}example-deleting")
    pre_save.connect(_comment_saving, sender=Comment, dispatch_uid=f"{uid}comment-saving")
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid=f"{uid}comment-saved")
    pre_delete.connect(_comment_deleting, sender=Comment, dispatch_uid=f"{uid}comment-deleting")
    post_save.connect(_reaction_changed, sender=Reaction, dispatch_uid=f"{uid}reaction-saved")
    post_delete.connect(_reaction_changed, sender=Reaction, dispatch_uid=f"{uid}reaction-deleted")
    through = Example.recognised_organisations.through
    m2m_changed.connect(_recognitions_changed, sender=through, dispatch_uid=f"{uid}recognised")
