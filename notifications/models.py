"""What members are told about: notifications, and the threads they follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from behaviours.models import Behaviour
from examples.models import Comment, Example, Report
from partnership.models import Organisation

# The bell shows at most this many; beyond it says "99+" (counting stops there: the count's
# query never reads more index entries than this, however many notifications wait).
BELL_CAP = 100


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_page(self) -> NotificationQuerySet:
        """Everything a row of the notifications page shows, in one query."""
        return self.select_related(
            "actor", "example", "comment", "comment__example", "organisation"
        ).defer("example__search_vector", "comment__example__search_vector")


class Notification(models.Model):
    """One thing one member is told about, in their inbox until they read it.

    The reason of a hide is stored as its kind (`reason_kind`) so it is translated into the
    recipient's language when shown; a moderator's own words (`reason`) are shown as written.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", _("A comment on my example")
        THREAD = "thread", _("A new comment in a thread I follow")
        REACTION = "reaction", _("Someone found my example inspiring")
        MENTION = "mention", _("I was mentioned")
        FOLLOWED = "followed", _("A new example about a behaviour or organisation I follow")
        RECOGNISED = "recognised", _("My organisation was recognised")
        HIDDEN = "hidden", _("My example or comment was hidden")
        RESTORED = "restored", _("My example or comment was restored")
        REPORT_RESOLVED = "resolved", _("A report I made was resolved")
        NEW_REPORT = "new_report", _("A new report (managers)")
        AUTO_HIDDEN = "auto_hidden", _("An item was hidden automatically (managers)")
        RESUBMITTED = "resubmitted", _("A hidden item was edited for review (managers)")

    class ReasonKind(models.TextChoices):
        NONE = "", _("No reason")
        MODERATOR = "moderator", _("A partnership manager's decision")
        REPORTS = "reports", _("Reports by several members")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        # A member's own inbox, not something anyone wrote: it goes with the account.
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason_kind = models.CharField(
        _("kind of reason"), max_length=10, choices=ReasonKind.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set by the one worker that mails it at once (notifications.mail): never mailed twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            # The bell's count on every page: only unread rows are in it, so it stays small.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]
        constraints = [
            # A report is resolved once; its reporter hears of it once, even if the
            # resolution is delivered twice (a retried task).
            models.UniqueConstraint(
                fields=["recipient", "report", "kind"],
                condition=Q(report__isnull=False),
                name="one_notification_per_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"

    @property
    def item(self) -> Example | Comment:
        return self.comment if self.comment_id else self.example  # type: ignore[return-value]


class Follow(models.Model):
    """A member follows an example's thread (automatically: their own, or one they commented
    in) or has muted it (`muted`: no more notifications about new comments)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.PROTECT, related_name="+"
    )
    muted = models.BooleanField(_("muted"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("followed thread")
        verbose_name_plural = _("followed threads")
        constraints = [
            models.UniqueConstraint(fields=["member", "example"], name="one_follow_per_thread"),
        ]
        indexes = [models.Index(fields=["example", "muted"], name="follow_thread_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.example_id}"


class TopicFollow(models.Model):
    """A member follows a behaviour or an organisation: its new examples reach them (in their
    notifications and, at the frequency they chose, their digest)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="topic_follows",
    )
    behaviour = models.ForeignKey(
        Behaviour,
        verbose_name=_("behaviour"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("followed behaviour or organisation")
        verbose_name_plural = _("followed behaviours and organisations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(behaviour__isnull=False) & Q(organisation__isnull=True))
                | (Q(behaviour__isnull=True) & Q(organisation__isnull=False)),
                name="topic_follow_one_topic",
            ),
            models.UniqueConstraint(
                fields=["member", "behaviour"],
                condition=Q(behaviour__isnull=False),
                name="one_follow_per_behaviour",
            ),
            models.UniqueConstraint(
                fields=["member", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_follow_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.behaviour_id or self.organisation_id}"


class Category(models.TextChoices):
    """The kinds of notification a member sets one e-mail frequency for."""

    MENTIONS = "mentions", _("Mentions of me")
    MODERATION = "moderation", _("Moderation of my content and my reports")
    COMMENTS = "comments", _("Comments on my examples and threads I follow")
    RECOGNITIONS = "recognitions", _("Recognitions of my organisation")
    FOLLOWS = "follows", _("New examples about what I follow")
    REACTIONS = "reactions", _("Members finding my examples inspiring")
    MANAGERS = "managers", _("New reports and automatic hides (partnership managers)")
    ATTENTION = (
        "attention",
        _("Weekly summary of the figures that ask for attention (partnership managers)"),
    )


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


CATEGORY_OF: dict[str, str] = {
    Notification.Kind.MENTION: Category.MENTIONS,
    Notification.Kind.HIDDEN: Category.MODERATION,
    Notification.Kind.RESTORED: Category.MODERATION,
    Notification.Kind.REPORT_RESOLVED: Category.MODERATION,
    Notification.Kind.COMMENT: Category.COMMENTS,
    Notification.Kind.THREAD: Category.COMMENTS,
    Notification.Kind.RECOGNISED: Category.RECOGNITIONS,
    Notification.Kind.FOLLOWED: Category.FOLLOWS,
    Notification.Kind.REACTION: Category.REACTIONS,
    Notification.Kind.NEW_REPORT: Category.MANAGERS,
    Notification.Kind.AUTO_HIDDEN: Category.MANAGERS,
    Notification.Kind.RESUBMITTED: Category.MANAGERS,
}

# Mentions and moderation of my content at once; recognitions, follows and reactions weekly.
DEFAULT_FREQUENCY: dict[str, str] = {
    Category.MENTIONS: Frequency.IMMEDIATELY,
    Category.MODERATION: Frequency.IMMEDIATELY,
    Category.COMMENTS: Frequency.DAILY,
    Category.RECOGNITIONS: Frequency.WEEKLY,
    Category.FOLLOWS: Frequency.WEEKLY,
    Category.REACTIONS: Frequency.WEEKLY,
    Category.MANAGERS: Frequency.DAILY,
    # Opt-in: a manager asks for it on their preferences page (notifications.attention).
    Category.ATTENTION: Frequency.NEVER,
}

# The categories whose notifications make up the digests; the attention summary is its own
# mail (notifications.attention), weekly or never.
DIGEST_CATEGORIES: frozenset[str] = frozenset(CATEGORY_OF.values())


class EmailPreference(models.Model):
    """How often a member is e-mailed about one category; no row means the default."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "category"], name="one_preference_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.category} {self.frequency}"


class DigestRun(models.Model):
    """One member's digest (or managers' attention summary) of one period, claimed (inserted)
    before it is built and sent.

    The unique constraint is what makes a digest go out once: a second worker, or a run
    catching up after a worker was down, fails to insert the same row and sends nothing.
    """

    class Summary(models.TextChoices):
        NOTIFICATIONS = "notifications", _("Digest of notifications")
        ATTENTION = "attention", _("Figures that ask for attention")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    summary = models.CharField(
        _("summary"), max_length=13, choices=Summary.choices, default=Summary.NOTIFICATIONS
    )
    period_start = models.DateTimeField(_("period start"))
    item_count = models.PositiveIntegerField(_("items"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period_start", "frequency", "summary"],
                name="one_digest_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.frequency} {self.period_start:%Y-%m-%d}"


class ScheduleSlot(models.Model):
    """One run of a periodic task (the hourly digests, notifications.schedule), claimed by
    inserting it together with the queued task: the unique constraint lets only one of two
    workers, or of repeated starts, queue the run of a slot, so there is only ever one chain."""

    task = models.CharField(_("task"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["task", "starts_at"], name="one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.starts_at:%Y-%m-%d %H:%M}"


class Mention(models.Model):
    """A member mentioned in an example or a comment (notifications.mentions), stored once
    per item: an edit that keeps a mention adds no row, so it notifies nobody again."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "example"],
                condition=Q(comment__isnull=True),
                name="one_mention_per_example",
            ),
            models.UniqueConstraint(
                fields=["member", "comment"],
                condition=Q(comment__isnull=False),
                name="one_mention_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.comment_id or self.example_id}"


class ReviewRequestQuerySet(models.QuerySet["ReviewRequest"]):
    def open(self) -> ReviewRequestQuerySet:
        return self.filter(status=ReviewRequest.Status.OPEN)

    def for_queue(self) -> ReviewRequestQuerySet:
        return self.select_related(
            "author", "example", "comment", "comment__example", "decided_by"
        ).defer("example__search_vector", "comment__example__search_vector")


class ReviewRequest(models.Model):
    """The author of a hidden item edited it and asks a partnership manager to look again:
    the second chance. Each step is a row or a field here, and the decision is also a
    moderation action (restored, or hidden again with a reason) in examples' record."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        RESTORED = "restored", _("Restored")
        KEPT_HIDDEN = "kept_hidden", _("Kept hidden")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note to the partnership managers"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        constraints = [
            # One open request per item: submitting again waits for the decision.
            models.UniqueConstraint(
                fields=["example"],
                condition=Q(status="open", comment__isnull=True),
                name="one_open_review_per_example",
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(status="open", comment__isnull=False),
                name="one_open_review_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.comment_id or self.example_id}"

    @property
    def item(self) -> Example | Comment:
        return self.comment if self.comment_id else self.example  # type: ignore[return-value]
