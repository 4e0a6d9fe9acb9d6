"""Run the task worker in-process: the same `manage.py db_worker` a deployment runs."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker() -> None:
    """Process every task that is due, then return (`db_worker --batch`)."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def queued(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))
