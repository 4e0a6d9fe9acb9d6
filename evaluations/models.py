"""The evaluation cycle: agreed outcomes, items parked for the evaluation, evaluation moments
with their decisions, actions and frozen figures, concerns between organisations and the
partner profiles each organisation keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.roles import admin_organisation_ids
from examples.models import Comment, Example
from partnership.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User

TEXT_LIMIT = 5000
QUESTION_LIMIT = 200


# --- Agreed outcomes ----------------------------------------------------------------------------


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def for_list(self) -> OutcomeQuerySet:
        """Outcomes with their owners and the number of published examples contributing."""
        return self.prefetch_related("owners").annotate(
            example_count=Count("examples", filter=Q(examples__visibility="published"))
        )


class Outcome(models.Model):
    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    title = models.CharField(_("title"), max_length=200)
    success = models.TextField(_("what success looks like"), max_length=TEXT_LIMIT)
    owners = models.ManyToManyField(
        Organisation, verbose_name=_("organisations that own it"), related_name="outcomes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ON_TRACK
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agreed outcome")
        verbose_name_plural = _("agreed outcomes")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="outcome_title_not_empty")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:outcome", args=[self.pk])


class OutcomeStatusChange(models.Model):
    """One dated change of an outcome's status (the first is its creation): the history."""

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.PROTECT, related_name="changes"
    )
    status = models.CharField(_("status"), max_length=10, choices=Outcome.Status.choices)
    note = models.TextField(_("note"), max_length=TEXT_LIMIT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("outcome status change")
        verbose_name_plural = _("outcome status changes")

    def __str__(self) -> str:
        return f"{self.outcome}: {self.get_status_display()}"


# --- Concerns between organisations -----------------------------------------------------------


class ConcernQuerySet(models.QuerySet["Concern"]):
    def visible_to(self, user: User | AnonymousUser) -> ConcernQuerySet:
        """Only for the author, partnership managers and the admins of a named organisation."""
        if not user.is_authenticated:
            return self.none()
        admin_of = admin_organisation_ids(user)
        if admin_of is None:
            return self.all()
        named = Concern.organisations.through.objects.filter(
            concern_id=models.OuterRef("pk"), organisation_id__in=admin_of
        )
        return self.filter(Q(author=user) | models.Exists(named))

    def open(self) -> ConcernQuerySet:
        return self.exclude(status=Concern.Status.RESOLVED)

    def for_list(self) -> ConcernQuerySet:
        return self.select_related("author").prefetch_related("organisations")


class Concern(models.Model):
    """How the organisations work together, raised by a member: never about a person."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        PARKED = "parked", _("Parked for the evaluation")
        RESOLVED = "resolved", _("Resolved")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations concerned"), related_name="concerns"
    )
    what_happened = models.TextField(_("what happened"), max_length=TEXT_LIMIT)
    wish = models.TextField(_("what you would like"), max_length=TEXT_LIMIT)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    resolution_note = models.TextField(_("resolution note"), max_length=TEXT_LIMIT, blank=True)
    created_at = models.DateTimeField(_("raised"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")

    def __str__(self) -> str:
        return self.what_happened[:60]

    def get_absolute_url(self) -> str:
        return reverse("evaluations:concern", args=[self.pk])


# --- Evaluation moments -----------------------------------------------------------------------


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def for_list(self) -> EvaluationQuerySet:
        return self.prefetch_related("organisations").order_by("-held_on", "-pk")


class Evaluation(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed")

    held_on = models.DateField(_("date of the meeting"))
    period_start = models.DateField(_("looks back from"))
    period_end = models.DateField(_("looks back until"))
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations taking part"), related_name="evaluations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    summary = models.TextField(_("summary"), max_length=20000, blank=True)
    # The pack as the meeting saw it, stored when it closed (evaluations.pack).
    snapshot = models.JSONField(_("frozen figures"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("evaluation moment")
        verbose_name_plural = _("evaluation moments")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="evaluation_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled") | Q(snapshot__isnull=False),
                name="closed_evaluation_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Evaluation of %(date)s") % {"date": self.held_on.isoformat()})

    def get_absolute_url(self) -> str:
        return reverse("evaluations:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Decision(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.filter(status=Action.Status.OPEN)

    def for_list(self) -> ActionQuerySet:
        return self.select_related("organisation", "person", "evaluation").order_by("due_on", "pk")


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="evaluation_actions",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person (optional)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_actions",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [models.CheckConstraint(condition=~Q(what=""), name="action_what_not_empty")]

    def __str__(self) -> str:
        return self.what

    @property
    def done_on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on


class EvaluationNote(models.Model):
    """A dated correction or addition to an evaluation (a closed one is never reopened)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="notes"
    )
    body = models.TextField(_("note"), max_length=TEXT_LIMIT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evaluation note")
        verbose_name_plural = _("evaluation notes")

    def __str__(self) -> str:
        return self.body[:60]


# --- Parked for the evaluation ----------------------------------------------------------------


class ParkedItemQuerySet(models.QuerySet["ParkedItem"]):
    def waiting(self) -> ParkedItemQuerySet:
        """Not yet on a closed evaluation: the next evaluation's agenda."""
        return self.filter(evaluation__isnull=True)

    def visible_to(self, user: User | AnonymousUser) -> ParkedItemQuerySet:
        """Parked items whose example, comment or concern the member may see."""
        examples = Example.objects.visible_to(user)
        comments = Comment.objects.visible_to(user)
        concerns = Concern.objects.visible_to(user)
        return self.filter(
            Q(example__in=examples) | Q(comment__in=comments) | Q(concern__in=concerns)
        )

    def for_list(self) -> ParkedItemQuerySet:
        return self.select_related("example", "comment__example", "concern", "parked_by").order_by(
            "parked_at", "pk"
        )


class ParkedItem(models.Model):
    example = models.ForeignKey(
        Example, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.PROTECT, null=True, blank=True, related_name="parked"
    )
    question = models.CharField(_("question for the meeting"), max_length=QUESTION_LIMIT)
    parked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parked_at = models.DateTimeField(_("parked"), default=timezone.now, editable=False)
    # Set when the evaluation whose agenda it was on closes.
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("discussed at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parked_items",
    )

    objects = ParkedItemQuerySet.as_manager()

    class Meta:
        ordering = ["parked_at", "pk"]
        verbose_name = _("parked item")
        verbose_name_plural = _("parked items")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(example__isnull=False, comment__isnull=True, concern__isnull=True)
                    | Q(example__isnull=True, comment__isnull=False, concern__isnull=True)
                    | Q(example__isnull=True, comment__isnull=True, concern__isnull=False)
                ),
                name="parked_item_is_one_thing",
            ),
            models.CheckConstraint(condition=~Q(question=""), name="parked_question_not_empty"),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def item(self) -> Example | Comment | Concern:
        return self.example or self.comment or self.concern  # type: ignore[return-value]

    @property
    def kind(self) -> str:
        if self.example_id:
            return str(_("Example"))
        if self.comment_id:
            return str(_("Comment"))
        return str(_("Concern"))

    @property
    def label(self) -> str:
        if self.example is not None:
            return self.example.title
        if self.comment is not None:
            return self.comment.body[:80]
        return str(self.concern)


# --- Partner profiles -------------------------------------------------------------------------


class PartnerProfileQuerySet(models.QuerySet["PartnerProfile"]):
    def current_for(self, organisation: Organisation) -> PartnerProfile | None:
        return self.filter(organisation=organisation).order_by("-created_at", "-pk").first()


class PartnerProfile(models.Model):
    """One dated version of an organisation's profile; every edit adds a version."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    priorities = models.TextField(_("priorities for the partnership"), max_length=TEXT_LIMIT)
    needs = models.TextField(_("needs and expectations"), max_length=TEXT_LIMIT, blank=True)
    can_do = models.TextField(_("what we can do"), max_length=TEXT_LIMIT, blank=True)
    cannot_do = models.TextField(
        _("what we cannot do (capacity, deadlines, budget, weaker competences)"),
        max_length=TEXT_LIMIT,
        blank=True,
    )
    strengths = models.TextField(_("strengths"), max_length=TEXT_LIMIT, blank=True)
    visionary = models.CharField(_("the visionary"), max_length=200, blank=True)
    project_lead = models.CharField(_("the project lead"), max_length=200, blank=True)
    process_person = models.CharField(_("the process person"), max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("version of"), default=timezone.now, editable=False)

    objects = PartnerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"
