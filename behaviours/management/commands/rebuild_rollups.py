"""Rebuild the dashboards' daily rollups from the examples (behaviours/dashboards/rollups.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from behaviours.dashboards import rollups


class Command(BaseCommand):
    help = "Rebuild the dashboards' daily rollups from the examples (after a bulk load or restore)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = rollups.rebuild()
        self.stdout.write(f"Rebuilt {rows} rollup rows in {time.monotonic() - started:.1f}s.")
