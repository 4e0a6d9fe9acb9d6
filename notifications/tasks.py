"""The deliveries that may reach many members run on the task queue (django-tasks).

Each is idempotent (notifications.services.notify skips a recipient who already has the same
notification), so a retried or twice-enqueued task notifies nobody twice.
"""

from __future__ import annotations

from django_tasks import task

from notifications import services


@task()
def deliver_comment(comment_id: int) -> None:
    services.deliver_comment(comment_id)


@task()
def deliver_recognition(example_id: int, organisation_ids: list[int]) -> None:
    services.deliver_recognition(example_id, organisation_ids)


@task()
def deliver_new_example(example_id: int) -> None:
    services.deliver_new_example(example_id)


@task()
def deliver_report(report_id: int) -> None:
    services.deliver_report(report_id)
