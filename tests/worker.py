"""Run the task worker in-process: the same `manage.py db_worker` a deployment runs."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_worker() -> None:
    """Process every task that is due, then return (`db_worker --batch`).

    Inside a test's transaction Django's close_old_connections() would close the test's own
    connection (its autocommit differs from the settings'), so the worker's checks between
    tasks are skipped here; a real worker runs outside any transaction.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def queued(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))


def work_in_thread(worker_id: str) -> None:
    """One of several workers racing in threads, as on separate machines: work off what is due
    (PostgreSQL's SKIP LOCKED decides who takes what). The caller closes the thread's connection."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
