from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.behaviours.world import NOW, World, build_world


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, frozen, settings) -> World:
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    settings.DASHBOARD_SILENT_WEEKS = 6
    return build_world()
