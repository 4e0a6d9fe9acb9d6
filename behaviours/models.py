"""The behaviours the partnership agreed on."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnership.models import TranslatedField


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
    """Counters that move whenever something behind a dashboard figure changes, one per kind.

    A change bumps its kind in the same transaction (behaviours/signals.py), so a cached panel
    keyed by the kinds it reads can never outlive the data it was computed from, whichever
    worker, app server or cache backend serves the next request. Kinds keep the frequent
    changes (a reaction) from throwing away panels that do not read them (the trends).
    One row, so every write takes the same single lock first and none can deadlock.
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
    def lock(cls) -> None:
        """Take the row for the rest of the transaction (writes call this first)."""
        if not list(cls.objects.select_for_update().filter(pk=1).values_list("pk", flat=True)):
            cls.objects.get_or_create(pk=1)

    @classmethod
    def bump(cls, kind: str) -> None:
        if kind not in cls.KINDS:
            raise ValueError(kind)
        if not cls.objects.filter(pk=1).update(**{kind: models.F(kind) + 1}):
            cls.objects.get_or_create(pk=1)
            cls.objects.filter(pk=1).update(**{kind: models.F(kind) + 1})

    @classmethod
    def current(cls) -> dict[str, int]:
        row = cls.objects.filter(pk=1).values(*cls.KINDS).first()
        return row or dict.fromkeys(cls.KINDS, 0)
