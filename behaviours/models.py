"""The behaviours the partnership agreed on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnership.models import TranslatedField

if TYPE_CHECKING:
    from django.http import HttpRequest


class BehaviourQuerySet(models.QuerySet["Behaviour"]):
    def active(self) -> BehaviourQuerySet:
        """Behaviours members can post under; retired ones keep their examples but take no new."""
        return self.filter(active=True)


class Behaviour(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=1000)
    summary_en = models.TextField(_("summary (English)"), max_length=1000)
    in_practice_nl = models.TextField(_("what it looks like in practice (Dutch)"), max_length=4000)
    in_practice_en = models.TextField(
        _("what it looks like in practice (English)"), max_length=4000
    )
    prompts_nl = models.TextField(
        _("prompting questions (Dutch)"),
        max_length=2000,
        help_text=_("One question per line; two or three help members write an example."),
    )
    prompts_en = models.TextField(
        _("prompting questions (English)"),
        max_length=2000,
        help_text=_("One question per line; two or three help members write an example."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired behaviours keep their examples.")
    )

    objects = BehaviourQuerySet.as_manager()

    name = TranslatedField("name")
    summary = TranslatedField("summary")
    in_practice = TranslatedField("in_practice")
    prompts = TranslatedField("prompts")

    class Meta:
        ordering = ["order", "name_nl"]
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("behaviours:detail", args=[self.slug])

    @property
    def prompt_list(self) -> list[str]:
        return [line.strip() for line in str(self.prompts).splitlines() if line.strip()]


class FiguresVersion(models.Model):
    """Counters that move whenever something behind a cached figure or fragment changes, one
    per kind (the caching scheme is explained in examples/caching.py).

    A change bumps its kind after its transaction commits (`bump_after_commit`, called by the
    receivers in behaviours/signals.py), so a cached panel or fragment keyed by the kinds it
    reads never outlives the data it was computed from, whichever worker, app server or cache
    backend serves the next request. Kinds keep the frequent changes (a reaction) from throwing
    away panels that do not read them (the trends). No write holds this row: a bump is one
    short autocommit UPDATE after the commit.
    """

    KINDS = ("examples", "comments", "reactions", "reports", "structure")

    examples = models.BigIntegerField(default=0)
    comments = models.BigIntegerField(default=0)
    reactions = models.BigIntegerField(default=0)
    reports = models.BigIntegerField(default=0)
    structure = models.BigIntegerField(
        default=0, help_text=_("Members, organisations, behaviours and service areas.")
    )

    class Meta:
        verbose_name = _("figures version")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="figures_version_one_row")
        ]

    def __str__(self) -> str:
        return ".".join(str(getattr(self, kind)) for kind in self.KINDS)

    @classmethod
    def bump(cls, kind: str) -> None:
        """Move one kind's counter now: a single atomic `UPDATE ... SET n = n + 1`."""
        if kind not in cls.KINDS:
            raise ValueError(kind)
        if not cls.objects.filter(pk=1).update(**{kind: models.F(kind) + 1}):
            cls.objects.get_or_create(pk=1)
            cls.objects.filter(pk=1).update(**{kind: models.F(kind) + 1})

    @classmethod
    def bump_after_commit(cls, kind: str) -> None:
        """Move one kind's counter once the current transaction commits (at once outside one).

        One bump per kind per transaction is enough, however many rows it changed. A reader
        that computes between the commit and the bump stores the new data under the old
        version, which is harmless: the bump moves every key past it a moment later.
        """
        if kind not in cls.KINDS:
            raise ValueError(kind)
        connection = transaction.get_connection()
        # The callbacks this transaction will run: (savepoint ids, callback, robust). A rolled
        # back savepoint takes its callbacks out, so this never skips a bump that is needed.
        for _sids, queued, _robust in connection.run_on_commit:
            if isinstance(queued, _Bump) and queued.kind == kind:
                return
        transaction.on_commit(_Bump(kind))

    @classmethod
    def current(cls) -> dict[str, int]:
        """Every kind's counter, e.g. {"examples": 12, "comments": 40, ...}.

        Every page reads this row once, so it is read in plain SQL: the ORM's compiling of the
        same one-row query cost about 0.7 ms of CPU a request (README, "Last benchmark").
        """
        quote = connection.ops.quote_name
        columns = ", ".join(quote(kind) for kind in cls.KINDS)
        table = quote(cls._meta.db_table)
        with connection.cursor() as cursor:
            # Only this model's own names go into the text, quoted: nothing a user gave.
            cursor.execute(f"SELECT {columns} FROM {table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return dict(zip(cls.KINDS, row, strict=True)) if row else dict.fromkeys(cls.KINDS, 0)

    @classmethod
    def for_request(cls, request: HttpRequest) -> dict[str, int]:
        """The counters as `current()`, read once per request however often they are asked."""
        versions: dict[str, int] | None = getattr(request, "_figures_versions", None)
        if versions is None:
            versions = cls.current()
            request._figures_versions = versions  # type: ignore[attr-defined]
        return versions


@dataclass(frozen=True)
class _Bump:
    """A queued bump of one kind, recognisable in the transaction's on_commit queue."""

    kind: str

    def __call__(self) -> None:
        FiguresVersion.bump(self.kind)
