"""Practice examples, their discussion, reactions and revisions (the moderation record and
reports are in examples/models/moderation.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from behaviours.models import Behaviour
from examples.indexes import PostgresCoveringIndex
from examples.markdown import render_markdown, without_control_characters
from examples.search import RankedMatches, full_text_search
from partnership.access import is_moderator
from partnership.models import Organisation, ServiceArea

# The orders a list of examples pages in (partnership.pagination): every sort is descending and
# ends with the primary key, so the order is total.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "newest": ("created_at", "pk"),
    "inspiring": ("reaction_count", "created_at", "pk"),
    "discussed": ("comment_count", "created_at", "pk"),
}

# A list row's cursor (SORT_KEYS) and its cached card's key (Example.card_version); pk is
# always loaded.
CARD_KEY_FIELDS = ("created_at", "updated_at", "visibility", "comment_count", "reaction_count")
# The example's page: its cached fragments' key (Example.header_version) and what the page
# shows around them (title, the author's own controls, the counts).
DETAIL_KEY_FIELDS = (*CARD_KEY_FIELDS, "title", "author")

if TYPE_CHECKING:
    from collections.abc import Collection

    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User


class Visibility(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class Moderated(models.Model):
    """Visibility and the moderation fields shared by examples and comments.

    Nothing a member wrote is deleted: moderators hide it with a reason and can restore it.
    """

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    def hide(self, *, by: User | None, reason: str) -> None:
        self.visibility = Visibility.HIDDEN
        self.moderation_reason = reason
        self.moderated_by = by
        self.moderated_at = timezone.now()

    def restore(self, *, by: User, reason: str) -> None:
        self.visibility = Visibility.PUBLISHED
        self.moderation_reason = reason
        self.moderated_by = by
        self.moderated_at = timezone.now()


class ExampleQuerySet(models.QuerySet["Example"]):
    def published(self) -> ExampleQuerySet:
        return self.filter(visibility=Visibility.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> ExampleQuerySet:
        """Published examples, plus the member's own hidden ones; moderators see everything."""
        if not user.is_authenticated:
            return self.none()
        if is_moderator(user):
            return self.all()
        return self.filter(Q(visibility=Visibility.PUBLISHED) | Q(author=user))

    def involving(self, organisation: Organisation) -> ExampleQuerySet:
        """Examples posted from the organisation or recognising its people (no duplicates)."""
        recognised = Example.recognised_organisations.through.objects.filter(
            example_id=OuterRef("pk"),
            organisation_id=organisation.pk,
            # Redundant, on purpose: a second, non-equality reference to the outer row keeps
            # PostgreSQL from turning this EXISTS into a hash of every example that recognises
            # the organisation (20 ms at 200,000 examples); probed per row along the newest-
            # first index walk it costs under a millisecond (docs/performance.md).
            example_id__gte=OuterRef("pk"),
        )
        return self.filter(Q(author_organisation=organisation) | Exists(recognised))

    def recognising(self, organisation: Organisation) -> ExampleQuerySet:
        recognised = Example.recognised_organisations.through.objects.filter(
            example_id=OuterRef("pk"), organisation_id=organisation.pk
        )
        return self.filter(Exists(recognised))

    def search(self, text: str) -> ExampleQuerySet:
        """Examples matching the words a Dutch or English writer would use.

        On PostgreSQL: full-text search over a stored, weighted search vector (title above
        story, Dutch and English stemming), annotated with `rank` and a highlighted
        `headline`; when no word matches exactly, trigram similarity on the title catches
        typos. On SQLite: every word must occur in the title or story.
        """
        if connection.vendor == "postgresql":
            return full_text_search(self, text)
        for word in text.split()[:10]:
            self = self.filter(
                Q(title__icontains=word)
                | Q(what_happened__icontains=word)
                | Q(partnership_impact__icontains=word)
            )
        return self

    def sorted_by(self, sort: str) -> ExampleQuerySet | RankedMatches:
        """Newest, most inspiring or most discussed first (the keyset orders); a search by
        relevance ranks its most recent matches (examples.search.RankedMatches)."""
        if sort == "relevance" and "rank" in self.query.annotations:
            return RankedMatches(self)
        return self.order_by(*(f"-{key}" for key in SORT_KEYS.get(sort, SORT_KEYS["newest"])))

    def for_list(self) -> ExampleQuerySet:
        """Everything a card in a list of examples shows, in a fixed number of queries (its
        snippet comes from the stored HTML, so the texts as written stay in the database)."""
        return (
            self.select_related("behaviour", "author", "author_organisation", "service_area")
            .prefetch_related("recognised_organisations")
            .defer(
                "search_vector", "what_happened", "partnership_impact", "partnership_impact_html"
            )
        )

    def for_cards(self) -> ExampleQuerySet:
        """Only what a list's cursors and its cached cards' keys need: one narrow row each.

        examples.caching.cards then loads the rows of the cards not in the cache with
        for_list().
        """
        return self.only(*CARD_KEY_FIELDS)

    def for_detail_keys(self, user: User | AnonymousUser) -> ExampleQuerySet:
        """What the example's page needs besides its cached head and story: the key of those
        fragments (Example.header_version), its title, author and counts, and whether the
        member found it inspiring, in one narrow row (examples.caching.detail loads the rest
        with for_detail() when a fragment is not cached)."""
        return self.only(*DETAIL_KEY_FIELDS).annotate(
            reacted=Exists(Reaction.objects.filter(example=OuterRef("pk"), member_id=user.pk))
        )

    def for_detail(self) -> ExampleQuerySet:
        return (
            self.select_related(
                "behaviour",
                "author",
                "author__organisation",
                "author_organisation",
                "service_area",
                "outcome",
                "moderated_by",
            )
            .prefetch_related("recognised_organisations")
            .defer("search_vector")
        )


class Example(Moderated):
    title = models.CharField(_("title"), max_length=200)
    what_happened = models.TextField(
        _("what happened and what someone did"),
        max_length=20000,
        help_text=_("Markdown is allowed: *emphasis*, lists, links."),
    )
    partnership_impact = models.TextField(
        _("what it did for the partnership"),
        max_length=10000,
        blank=True,
        help_text=_("Optional, but it helps others see why it matters."),
    )
    # The two texts above rendered and sanitised (examples/markdown.py), kept up to date by
    # save(); `manage.py rerender_markdown` renders them all again when the renderer changes.
    what_happened_html = models.TextField(default="", editable=False)
    partnership_impact_html = models.TextField(default="", blank=True, editable=False)
    behaviour = models.ForeignKey(
        Behaviour, verbose_name=_("behaviour"), on_delete=models.PROTECT, related_name="examples"
    )
    service_area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("service area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="examples",
    )
    # The agreed outcome the example contributes to (evaluations app), if any.
    outcome = models.ForeignKey(
        "evaluations.Outcome",
        verbose_name=_("agreed outcome"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="examples",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="examples",
    )
    author_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("author's organisation"),
        on_delete=models.PROTECT,
        related_name="authored_examples",
        help_text=_("The author's organisation at the time of posting."),
    )
    recognised_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations whose people showed the behaviour"),
        related_name="recognised_in",
    )
    happened_on = models.DateField(_("date it happened"))
    # Kept by services with F() updates so lists sort and show counts without aggregating.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    reaction_count = models.PositiveIntegerField(_("inspiring"), default=0, editable=False)
    # Kept by a PostgreSQL trigger (migration 0004); unused on SQLite. Lists defer it.
    search_vector = SearchVectorField(null=True, editable=False)
    # Idempotency key of the form that posted it: a second submit of the same form (double
    # click, retry after a timeout, a second tab) finds this example instead of making another.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ExampleQuerySet.as_manager()

    # The story and impact the stored HTML was rendered from (set on load and save).
    _rendered_from: tuple[str | None, str | None] | None = None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("example")
        verbose_name_plural = _("examples")
        permissions = [("moderate_content", "Can moderate examples, comments and reports")]
        indexes = [
            models.Index(fields=["visibility", "-created_at"], name="example_visible_new_idx"),
            models.Index(fields=["behaviour", "-created_at"], name="example_behaviour_new_idx"),
            models.Index(fields=["author_organisation", "-created_at"], name="example_org_new_idx"),
            models.Index(fields=["author", "-created_at"], name="example_author_new_idx"),
            # Keyset pagination: each sort order is an index walk (docs/performance.md).
            models.Index(fields=["-created_at", "-id"], name="example_newest_idx"),
            models.Index(
                fields=["-reaction_count", "-created_at", "-id"], name="example_inspiring_idx"
            ),
            models.Index(
                fields=["-comment_count", "-created_at", "-id"], name="example_discussed_idx"
            ),
            # Dashboards: published examples of a period, grouped by behaviour, organisation or
            # service area, joined to their recognitions by id and ranked by their counts for
            # the highlights, answered from the index alone: an example's row is wide (story,
            # search vector), about one per heap page.
            PostgresCoveringIndex(
                fields=["visibility", "created_at", "behaviour", "author_organisation"],
                covering=["id", "author", "service_area", "reaction_count", "comment_count"],
                name="example_dash_period_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="example_title_not_empty"),
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_example_per_submission_key"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = without_control_characters(self.title)
        update_fields = kwargs.get("update_fields")
        # Rendered when the story changed, not at every save (a hide, a restore).
        if update_fields is None and self._story_sources() != self._rendered_from:
            self.render_story()
        super().save(*args, **kwargs)
        self._rendered_from = self._story_sources()

    def get_absolute_url(self) -> str:
        return reverse("examples:detail", args=[self.pk])

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Example:
        example = super().from_db(db, field_names, values, **kwargs)
        example._rendered_from = example._story_sources()
        return example

    @property
    def what_happened_rendered(self) -> SafeString:
        """The stored story HTML, sanitised by render_markdown when it was saved."""
        return mark_safe(self.what_happened_html)

    @property
    def partnership_impact_rendered(self) -> SafeString:
        return mark_safe(self.partnership_impact_html)

    def _story_sources(self) -> tuple[str | None, str | None]:
        # Deferred fields count as unknown (None): they are not loaded just to compare.
        return (self.__dict__.get("what_happened"), self.__dict__.get("partnership_impact"))

    def render_story(self) -> None:
        """Render the story and its impact into the stored HTML, once per save.

        Control characters other than tab and line breaks go first: the search headline marks
        its matches with two of them (examples/search.py).
        """
        self.what_happened = without_control_characters(self.what_happened)
        self.partnership_impact = without_control_characters(self.partnership_impact)
        self.what_happened_html = render_markdown(self.what_happened)
        self.partnership_impact_html = (
            render_markdown(self.partnership_impact) if self.partnership_impact else ""
        )

    @property
    def card_version(self) -> str:
        """Everything about this example a cached card shows changes (includes/example_card.html).

        An edit, hide or restore moves updated_at; a comment or reaction moves a count.
        """
        return (
            f"{self.pk}:{self.updated_at.isoformat()}:{self.visibility}:"
            f"{self.comment_count}:{self.reaction_count}"
        )

    @property
    def header_version(self) -> str:
        """What a cached card header shows changes (includes/example_card.html)."""
        return f"{self.pk}:{self.updated_at.isoformat()}:{self.visibility}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def published(self) -> CommentQuerySet:
        return self.filter(visibility=Visibility.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> CommentQuerySet:
        """Published comments on examples the member can see, plus their own hidden ones."""
        if not user.is_authenticated:
            return self.none()
        if is_moderator(user):
            return self.all()
        return self.filter(
            Q(visibility=Visibility.PUBLISHED) | Q(author=user),
            example__in=Example.objects.visible_to(user),
        )

    def in_thread(self, example: Example, user: User | AnonymousUser) -> CommentQuerySet:
        """The comments on an example the member was already allowed to see (loaded through
        examples.access): as visible_to(), without asking again about the example."""
        comments = self.filter(example=example)
        if not user.is_authenticated:
            return self.none()
        if is_moderator(user):
            return comments
        return comments.filter(Q(visibility=Visibility.PUBLISHED) | Q(author_id=user.pk))

    def for_thread(self) -> CommentQuerySet:
        return self.select_related("author", "author__organisation", "moderated_by").order_by(
            "created_at", "pk"
        )

    def for_thread_keys(self) -> CommentQuerySet:
        """Only what the thread's cursor and its cached comments' keys need (one narrow row
        each); examples.caching.comments loads the rest when not cached."""
        return self.only("created_at", "updated_at", "visibility", "author_id").order_by(
            "created_at", "pk"
        )

    def for_profile(self) -> CommentQuerySet:
        """A member's comments, newest first, each with the example it belongs to."""
        return self.select_related("example").order_by("-created_at", "-pk")


class Comment(Moderated):
    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=5000)
    # Idempotency key of the comment form, as on Example: a double submit posts one comment.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["example", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
            # Dashboards: published comments of a period, who wrote them and on which example,
            # answered from the index alone.
            PostgresCoveringIndex(
                fields=["visibility", "created_at", "author"],
                covering=["example"],
                name="comment_dash_period_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_comment_per_submission_key"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Plain text, shown with its line breaks; control characters never reach a page.
        self.body = without_control_characters(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.example.get_absolute_url()}#comment-{self.pk}"

    @property
    def fragment_version(self) -> str:
        """Moves with every change a rendered comment shows: an edit, a hide or a restore all
        save the comment, which moves updated_at (templates/examples/example_detail.html)."""
        return f"{self.pk}:{self.updated_at.isoformat()}:{self.visibility}"


class Reaction(models.Model):
    """A member marks an example as inspiring: one per member per example, toggled."""

    example = models.ForeignKey(
        Example, verbose_name=_("example"), on_delete=models.CASCADE, related_name="reactions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="reactions",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["example", "member"], name="one_reaction_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.example}"


class Revision(models.Model):
    """The previous text of an example or comment, kept at every edit."""

    example = models.ForeignKey(
        Example, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous = models.JSONField(_("previous values"))
    changed_fields = models.JSONField(_("changed fields"), default=list)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{', '.join(self.changed_fields)} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def snapshot(cls, obj: Any, fields: list[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in fields:
            value = getattr(obj, name)
            values[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return values
