from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from behaviours.dashboards import rollups
from tests.behaviours.world import NOW, World, build_world


@pytest.fixture(autouse=True)
def rollups_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refresh the dashboards' daily rollups at once: a test's transaction never commits, so
    the after-commit refresh production relies on would never run."""
    monkeypatch.setattr(rollups, "schedule", rollups.refresh_days)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, frozen, settings) -> World:  # type: ignore[no-untyped-def]
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    settings.DASHBOARD_SILENT_WEEKS = 6
    return build_world()
