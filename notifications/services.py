"""Who hears about what: the deliveries behind every notification, and reading them.

Each `deliver_*` function runs after the write it is about has committed (receivers.py
registers it with `transaction.on_commit`, through a task when the audience can be large), so
a rolled-back write notifies nobody. A delivery never tells a member about content they may
not see (examples.access.can_view), never tells members about their own doings, and is safe
to run twice: a recipient who already has the same notification gets no second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from behaviours.models import Behaviour
from examples.access import can_view
from examples.models import Comment, Example, ModerationAction, Reaction, Report
from notifications.mentions import mentioned_ids
from notifications.models import (
    BELL_CAP,
    EmailPreference,
    Follow,
    Mention,
    Notification,
    ReviewRequest,
    TopicFollow,
)
from partnership.access import MODERATE_PERMISSION
from partnership.models import Organisation, User

if TYPE_CHECKING:
    from django.db.models import QuerySet

Kind = Notification.Kind

# Several notifications of these kinds about one example read as one line on the page
# ("3 new comments on ...") and are read together.
GROUPED_KINDS = frozenset({Kind.COMMENT, Kind.THREAD, Kind.REACTION, Kind.NEW_REPORT})
# Moderation decisions and resubmissions are news each time (hidden, restored, hidden again,
# submitted again): never deduplicated.
REPEATABLE_KINDS = frozenset({Kind.HIDDEN, Kind.RESTORED, Kind.AUTO_HIDDEN, Kind.RESUBMITTED})


def managers() -> QuerySet[User]:
    """Active partnership managers (and superusers): those who moderate."""
    app_label, codename = MODERATE_PERMISSION.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True) | Q(user_permissions__in=perm) | Q(groups__permissions__in=perm)
        )
        .distinct()
    )


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    item: Example | Comment,
    actor: User | None = None,
    organisation: Organisation | None = None,
    report: Report | None = None,
    reason_kind: str = "",
    reason: str = "",
    must_see: bool = True,
) -> list[Notification]:
    """Create one notification per recipient who may see `item` (unless `must_see` is off:
    a reporter hears that their report was resolved even when the item is hidden since; the
    page then shows it as no longer available), skipping the actor and inactive members."""
    example = item.example if isinstance(item, Comment) else item
    comment = item if isinstance(item, Comment) else None
    wanted = {
        member.pk: member
        for member in recipients
        if member.is_active
        and (actor is None or member.pk != actor.pk)
        and (not must_see or can_view(member, item))
    }
    if kind not in REPEATABLE_KINDS and wanted:
        already = Notification.objects.filter(
            recipient__in=list(wanted),
            kind=kind,
            example=example,
            comment=comment,
            organisation=organisation,
            report=report,
        )
        if kind == Kind.REACTION:
            already = already.filter(actor=actor)
        for pk in already.values_list("recipient_id", flat=True):
            wanted.pop(pk, None)
    rows = [
        Notification(
            recipient=member,
            kind=kind,
            actor=actor,
            example=example,
            comment=comment,
            organisation=organisation,
            report=report,
            reason_kind=reason_kind,
            reason=reason,
        )
        for member in wanted.values()
    ]
    return Notification.objects.bulk_create(rows, ignore_conflicts=report is not None)


def follow_thread(*, member: User, example: Example) -> None:
    """Follow a thread, unless the member muted it before (a mute is never undone for them)."""
    Follow.objects.get_or_create(member=member, example=example)


@transaction.atomic
def set_thread_muted(*, member: User, example: Example, muted: bool) -> Follow:
    """Mute a thread (no more notifications about its new comments) or follow it again."""
    follow, _created = Follow.objects.update_or_create(
        member=member, example=example, defaults={"muted": muted}
    )
    return follow


def deliver_comment(comment_id: int) -> list[Notification]:
    """A new comment: its example's author hears of it, and everyone following the thread."""
    comment = (
        Comment.objects.select_related("author", "example", "example__author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return []
    example = comment.example
    follows = Follow.objects.filter(example=example).select_related("member")
    muted = {f.member_id for f in follows if f.muted}
    created = []
    if example.author_id not in muted:
        created += notify([example.author], kind=Kind.COMMENT, item=comment, actor=comment.author)
    followers = [f.member for f in follows if not f.muted and f.member_id != example.author_id]
    return created + notify(followers, kind=Kind.THREAD, item=comment, actor=comment.author)


def deliver_new_example(example_id: int) -> list[Notification]:
    """A new example: members following its behaviour, its author's organisation or an
    organisation it recognises hear of it (once, however many of these they follow)."""
    example = Example.objects.select_related("author").filter(pk=example_id).first()
    if example is None:
        return []
    organisations = [
        example.author_organisation_id,
        *example.recognised_organisations.values_list("pk", flat=True),
    ]
    followers = User.objects.filter(
        pk__in=TopicFollow.objects.filter(
            Q(behaviour_id=example.behaviour_id) | Q(organisation_id__in=organisations)
        ).values("member_id")
    )
    return notify(
        followers.iterator(chunk_size=500), kind=Kind.FOLLOWED, item=example, actor=example.author
    )


@transaction.atomic
def set_topic_followed(
    *,
    member: User,
    followed: bool,
    behaviour: Behaviour | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Follow (or stop following) a behaviour or an organisation."""
    follows = TopicFollow.objects.filter(
        member=member, behaviour=behaviour, organisation=organisation
    )
    if not followed:
        follows.delete()
    elif not follows.exists():
        TopicFollow.objects.create(member=member, behaviour=behaviour, organisation=organisation)


def deliver_mentions(*, example_id: int, comment_id: int | None = None) -> list[Notification]:
    """Store the mentions in an example's story or in a comment and notify the newly
    mentioned members (an edit notifies only mentions it added); each may see the item."""
    item: Example | Comment | None
    if comment_id is not None:
        item = Comment.objects.select_related("author", "example").filter(pk=comment_id).first()
        text = item.body if item else ""
    else:
        item = Example.objects.select_related("author").filter(pk=example_id).first()
        text = f"{item.what_happened}\n{item.partnership_impact}" if item else ""
    if item is None:
        return []
    ids = mentioned_ids(text)
    if not ids:
        return []
    comment = item if isinstance(item, Comment) else None
    known = set(
        Mention.objects.filter(example_id=example_id, comment=comment).values_list(
            "member_id", flat=True
        )
    )
    members = User.objects.filter(pk__in=[pk for pk in ids if pk not in known], is_active=True)
    new = list(members)
    Mention.objects.bulk_create(
        [Mention(member=m, example_id=example_id, comment=comment) for m in new],
        ignore_conflicts=True,
    )
    return notify(new, kind=Kind.MENTION, item=item, actor=item.author)


def mention_suggestions(query: str, *, limit: int = 8) -> QuerySet[User]:
    """Active members whose name or organisation starts a word with what was typed."""
    query = query.strip()[:60]
    if not query:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .filter(Q(display_name__icontains=query) | Q(organisation__name__icontains=query))
        .select_related("organisation")
        .order_by("display_name", "pk")[:limit]
    )


def deliver_resubmission(review_id: int) -> list[Notification]:
    """The author of a hidden item edited it for review: the managers hear of it."""
    review = (
        ReviewRequest.objects.select_related("author", "example", "comment", "comment__example")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return []
    return notify(
        managers(), kind=Kind.RESUBMITTED, item=review.item, actor=review.author, must_see=True
    )


def deliver_reaction(reaction_id: int) -> list[Notification]:
    """Someone found an example inspiring: its author hears of it (once per member)."""
    reaction = (
        Reaction.objects.select_related("member", "example", "example__author")
        .filter(pk=reaction_id)
        .first()
    )
    if reaction is None:  # taken back before the delivery ran
        return []
    return notify(
        [reaction.example.author],
        kind=Kind.REACTION,
        item=reaction.example,
        actor=reaction.member,
    )


def deliver_recognition(example_id: int, organisation_ids: list[int]) -> list[Notification]:
    """Organisations were recognised in an example: their members hear of it."""
    example = Example.objects.select_related("author").filter(pk=example_id).first()
    if example is None:
        return []
    created = []
    for organisation in Organisation.objects.filter(pk__in=organisation_ids):
        members = User.objects.filter(organisation=organisation, is_active=True)
        created += notify(
            members.iterator(chunk_size=500),
            kind=Kind.RECOGNISED,
            item=example,
            actor=example.author,
            organisation=organisation,
        )
    return created


def deliver_report(report_id: int) -> list[Notification]:
    """A new report: every partnership manager hears of it."""
    report = (
        Report.objects.select_related("reporter", "example", "comment", "comment__example")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return []
    return notify(
        managers(), kind=Kind.NEW_REPORT, item=report.target, actor=report.reporter, report=report
    )


def deliver_moderation(action_id: int) -> list[Notification]:
    """A moderation step: the author hears of a hide or a restore (and managers of an
    automatic hide); the reporters hear that their reports were resolved."""
    action = (
        ModerationAction.objects.select_related(
            "moderator",
            "example",
            "example__author",
            "comment",
            "comment__author",
            "comment__example",
        )
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        return []
    created: list[Notification] = []
    item: Example | Comment = action.comment if action.comment_id else action.example  # type: ignore[assignment]
    Action = ModerationAction.Action
    if action.action in (Action.HIDE, Action.AUTO_HIDE):
        automatic = action.action == Action.AUTO_HIDE
        created += notify(
            [item.author],
            kind=Kind.HIDDEN,
            item=item,
            actor=action.moderator,
            reason_kind=(
                Notification.ReasonKind.REPORTS if automatic else Notification.ReasonKind.MODERATOR
            ),
            reason="" if automatic else action.reason,
        )
        if automatic:
            created += notify(managers(), kind=Kind.AUTO_HIDDEN, item=item)
    elif action.action == Action.RESTORE:
        created += notify([item.author], kind=Kind.RESTORED, item=item, actor=action.moderator)
    elif action.action == Action.RESOLVE:
        reports = (
            Report.objects.filter(example=item)
            if isinstance(item, Example)
            else Report.objects.filter(comment=item)
        )
        for report in reports.filter(status=Report.Status.RESOLVED).select_related("reporter"):
            created += notify(
                [report.reporter],
                kind=Kind.REPORT_RESOLVED,
                item=item,
                actor=action.moderator,
                report=report,
                must_see=False,
            )
    return created


@transaction.atomic
def set_email_preferences(*, member: User, frequencies: dict[str, str]) -> None:
    """Store the member's e-mail frequency for each category given."""
    for category, frequency in frequencies.items():
        EmailPreference.objects.update_or_create(
            member=member, category=category, defaults={"frequency": frequency}
        )


def group_of(notification: Notification) -> Q:
    """The notifications read together with this one: of a grouped kind, all about the same
    example; otherwise just this one."""
    if notification.kind in GROUPED_KINDS:
        return Q(kind=notification.kind, example_id=notification.example_id)
    return Q(pk=notification.pk)


def mark_read(*, member: User, notification: Notification) -> int:
    """Mark a notification (and the rest of its group) as read; returns how many changed."""
    return (
        Notification.objects.filter(recipient=member)
        .unread()
        .filter(group_of(notification))
        .update(read_at=timezone.now())
    )


def mark_all_read(*, member: User) -> int:
    return Notification.objects.filter(recipient=member).unread().update(read_at=timezone.now())


def unread_count(member: User) -> int:
    """The bell's figure, capped (notifications.models.BELL_CAP): one indexed query.

    The bell is on every page, so this is the ORM's
    `Notification.objects.filter(recipient=member).unread()[:BELL_CAP].count()` written out:
    compiling it cost about 1.2 ms of CPU a page (README, "Last benchmark").
    """
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        # Only the table's own quoted name goes into the text; the values are parameters.
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table}"  # noqa: S608
            " WHERE recipient_id = %s AND read_at IS NULL LIMIT %s) AS unread",
            [member.pk, BELL_CAP],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
