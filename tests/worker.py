"""Run the task worker in-process: the same `manage.py db_worker` a deployment runs."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
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
