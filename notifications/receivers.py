"""Receivers that turn examples' writes into notifications, after the write commits.

Nothing here runs inside the write's transaction: every receiver registers its work with
`transaction.on_commit`, so a rolled-back write notifies nobody, and a failing enqueue
(robust=True) is logged without failing the request that already committed. Deliveries to a
possibly large audience (a thread's followers, an organisation's members, the managers) are
tasks on the queue (notifications/tasks.py), and so is every other delivery, so a request
never waits for notifications or their e-mail.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from examples.models import Comment, Example, ModerationAction, Reaction, Report
from notifications import services, tasks
from notifications.mentions import MENTION


@receiver(post_save, sender=Example, dispatch_uid="notifications.example_saved")
def example_saved(sender: Any, instance: Example, created: bool, **kwargs: Any) -> None:
    # Posted or edited: mentions it adds are stored and notified (each member once per item).
    if MENTION.search(f"{instance.what_happened}\n{instance.partnership_impact}"):
        transaction.on_commit(
            partial(tasks.deliver_mentions.enqueue, example_id=instance.pk), robust=True
        )
    if created:
        transaction.on_commit(
            partial(services.follow_thread, member=instance.author, example=instance),
            robust=True,
        )
        transaction.on_commit(
            partial(tasks.deliver_new_example.enqueue, example_id=instance.pk), robust=True
        )


@receiver(post_save, sender=Comment, dispatch_uid="notifications.comment_saved")
def comment_saved(sender: Any, instance: Comment, created: bool, **kwargs: Any) -> None:
    if MENTION.search(instance.body):
        transaction.on_commit(
            partial(
                tasks.deliver_mentions.enqueue,
                example_id=instance.example_id,
                comment_id=instance.pk,
            ),
            robust=True,
        )
    if not created:
        return
    transaction.on_commit(
        partial(services.follow_thread, member=instance.author, example=instance.example),
        robust=True,
    )
    transaction.on_commit(
        partial(tasks.deliver_comment.enqueue, comment_id=instance.pk), robust=True
    )


@receiver(post_save, sender=Reaction, dispatch_uid="notifications.reaction_saved")
def reaction_saved(sender: Any, instance: Reaction, created: bool, **kwargs: Any) -> None:
    if created:
        transaction.on_commit(
            partial(tasks.deliver_reaction.enqueue, reaction_id=instance.pk), robust=True
        )


@receiver(post_save, sender=Report, dispatch_uid="notifications.report_saved")
def report_saved(sender: Any, instance: Report, created: bool, **kwargs: Any) -> None:
    if created:
        transaction.on_commit(
            partial(tasks.deliver_report.enqueue, report_id=instance.pk), robust=True
        )


@receiver(post_save, sender=ModerationAction, dispatch_uid="notifications.moderation_saved")
def moderation_saved(sender: Any, instance: ModerationAction, created: bool, **kwargs: Any) -> None:
    if created:
        transaction.on_commit(
            partial(tasks.deliver_moderation.enqueue, action_id=instance.pk), robust=True
        )


@receiver(
    m2m_changed,
    sender=Example.recognised_organisations.through,
    dispatch_uid="notifications.organisations_recognised",
)
def organisations_recognised(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    # Only additions from the example's side: an edit that keeps an organisation adds nothing.
    if action != "post_add" or reverse or not pk_set:
        return
    transaction.on_commit(
        partial(
            tasks.deliver_recognition.enqueue,
            example_id=instance.pk,
            organisation_ids=sorted(pk_set),
        ),
        robust=True,
    )
