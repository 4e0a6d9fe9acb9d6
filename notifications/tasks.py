"""Notifications' work on the task queue (django-tasks): deliveries, e-mail, digests.

Every delivery is a task, enqueued after the write commits (notifications/receivers.py), and
then queues the e-mail of what it created for members who want it at once. Each is
idempotent: `notify` skips a recipient who already has the same notification, a mail claims
its notification, a digest its DigestRun; so a retried or twice-run task repeats nothing.
"""

from __future__ import annotations

from django_tasks import task

from notifications import attention, mail, services
from notifications.models import Notification


def _mail(created: list[Notification]) -> None:
    if created:
        send_now.enqueue(notification_ids=[n.pk for n in created])


@task()
def send_now(notification_ids: list[int]) -> int:
    return mail.mail_now(notification_ids)


@task()
def send_digests() -> int:
    """The periodic digests and attention summaries (also `manage.py send_digests`, for cron
    or a systemd timer; notifications.schedule keeps them hourly on the queue itself)."""
    return mail.send_digests() + attention.send_attention_summaries()


@task()
def deliver_comment(comment_id: int) -> None:
    _mail(services.deliver_comment(comment_id))


@task()
def deliver_new_example(example_id: int) -> None:
    _mail(services.deliver_new_example(example_id))


@task()
def deliver_recognition(example_id: int, organisation_ids: list[int]) -> None:
    _mail(services.deliver_recognition(example_id, organisation_ids))


@task()
def deliver_report(report_id: int) -> None:
    _mail(services.deliver_report(report_id))


@task()
def deliver_mentions(example_id: int, comment_id: int | None = None) -> None:
    _mail(services.deliver_mentions(example_id=example_id, comment_id=comment_id))


@task()
def deliver_resubmission(review_id: int) -> None:
    _mail(services.deliver_resubmission(review_id))


@task()
def deliver_reaction(reaction_id: int) -> None:
    _mail(services.deliver_reaction(reaction_id))


@task()
def deliver_moderation(action_id: int) -> None:
    _mail(services.deliver_moderation(action_id))
