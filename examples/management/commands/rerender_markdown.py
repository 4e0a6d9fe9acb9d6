"""Render every example's story again, after a change of the Markdown renderer or its
allow-list (examples/markdown.py). Stories are rendered once, when saved; this brings the
stored HTML of all of them up to date, in batches, without touching `updated_at`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from behaviours.models import FiguresVersion
from examples.markdown import rerender_stories
from examples.models import Example


class Command(BaseCommand):
    help = "Render every example's stored story HTML again (after a renderer change)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        changed = rerender_stories(Example, batch_size=options["batch_size"])
        # Cached cards show a snippet of the HTML and are keyed by the "structure" version
        # (examples/caching.py): moving it renders every card again, in every worker.
        FiguresVersion.bump("structure")
        self.stdout.write(f"Rendered {changed} stories again.")
