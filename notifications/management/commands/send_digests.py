"""Send the daily and weekly digests that are due: run it from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from notifications.attention import send_attention_summaries
from notifications.mail import send_digests


class Command(BaseCommand):
    help = (
        "Send every due daily and weekly digest and managers' attention summary (exactly once "
        "per member and period)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests() + send_attention_summaries()
        self.stdout.write(f"{sent} digest(s) sent.")
