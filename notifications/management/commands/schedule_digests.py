"""Start the hourly digests on the task queue (once at every start; repeating it is harmless)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from notifications.schedule import schedule_digests


class Command(BaseCommand):
    help = (
        "Queue the hourly digest run on the task queue unless it is queued already; each run "
        "queues the next, so `db_worker` keeps sending digests without cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        slot = schedule_digests()
        if slot is None:
            self.stdout.write("The digests' next run is queued already (or tasks run at once).")
        else:
            self.stdout.write(f"The digests' next run is queued for {slot.isoformat()}.")
