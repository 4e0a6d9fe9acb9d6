from __future__ import annotations

import pytest


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """`with commits(): ...` runs what the writes inside registered for after their commit
    (the tests' transaction never commits), as a real commit would."""

    def _commits():
        return django_capture_on_commit_callbacks(execute=True)

    return _commits


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Deliveries run in the request, where the test can see what they did (the suite's default
    is the database queue, which only a worker empties: tests/worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
