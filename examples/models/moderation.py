"""Reports on examples and comments, and the moderation record of what was hidden, restored
or resolved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from examples.models.content import Comment, Example


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.OPEN)

    def for_queue(self) -> ReportQuerySet:
        return self.select_related(
            "reporter",
            "example",
            "comment",
            "comment__example",
            "comment__author",
            "example__author",
            "resolved_by",
        ).order_by("created_at", "pk")


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("Content hidden")
        NO_ACTION = "no_action", _("No action needed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    example = models.ForeignKey(
        Example,
        verbose_name=_("example"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True, max_length=2000)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "created_at"], name="report_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(example__isnull=False) & Q(comment__isnull=True))
                | (Q(example__isnull=True) & Q(comment__isnull=False)),
                name="report_targets_one_thing",
            ),
            models.UniqueConstraint(
                fields=["reporter", "example"],
                condition=Q(example__isnull=False),
                name="one_report_per_member_per_example",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="one_report_per_member_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.target}"

    @property
    def target(self) -> Example | Comment:
        return self.example if self.example_id else self.comment  # type: ignore[return-value]


class ModerationAction(models.Model):
    """The record of every moderation step: who did what to which item, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        RESOLVE = "resolve", _("Report resolved")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moderation_actions",
        help_text=_("Empty when the platform acted by itself."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    example = models.ForeignKey(
        Example, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
