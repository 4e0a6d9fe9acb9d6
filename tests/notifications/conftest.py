from __future__ import annotations

import pytest


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """`with commits(): ...` runs what the writes inside registered for after their commit
    (the tests' transaction never commits), as a real commit would."""

    def _commits():
        return django_capture_on_commit_callbacks(execute=True)

    return _commits
