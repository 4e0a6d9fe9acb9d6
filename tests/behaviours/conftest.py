from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from importlib import import_module
from typing import Any

import pytest
import time_machine

from behaviours.dashboards import rollups
from tests.behaviours.world import NOW, World, build_world

# Where the panels read the rollups: a refresh still pending runs before any of them reads.
# (The package re-exports functions named like these modules: look the modules up by name.)
ROLLUP_READERS = [
    ("trends", "example_days"),
    ("coverage", "example_days"),
    ("coverage", "involvement_days"),
    ("reciprocity", "involvement_days"),
    ("participation", "contributions"),
    ("participation", "example_days"),
    ("board", "example_days"),
    ("highlights", "highlight_candidates"),
]


@pytest.fixture(autouse=True)
def rollups_at_once(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Refresh the dashboards' daily rollups before the next read, as a commit would.

    A test's transaction never commits, so the after-commit refresh production relies on never
    runs; refreshing at once instead would run before the rest of the service's transaction
    (a comment's count moves after the comment is saved). Returns the flush, for tests that
    read the rollup rows themselves.
    """
    pending: dict[str, set[date]] = {}

    def record(days: Iterable[date], kind: str = "examples") -> None:
        pending.setdefault(kind, set()).update(days)

    def flush() -> None:
        while pending:
            kind, days = pending.popitem()
            rollups.refresh_days(days, kind)

    def reading(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            flush()
            return read(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(rollups, "schedule", record)
    for module_name, name in ROLLUP_READERS:
        module = import_module(f"behaviours.dashboards.{module_name}")
        monkeypatch.setattr(module, name, reading(getattr(module, name)))
    return flush


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, frozen, settings, rollups_at_once) -> World:  # type: ignore[no-untyped-def]
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    settings.DASHBOARD_SILENT_WEEKS = 6
    built = build_world()
    rollups_at_once()  # as if the world had been committed before the test
    return built
