"""`manage.py backup --output FILE`: a consistent copy of the whole database in one file.

PostgreSQL: `pg_dump --format=custom` (compressed, restorable with `restore` or pg_restore).
SQLite: SQLite's online backup API, safe while the site is running.
The file is written next to FILE first and moved into place only when complete, so a failed
backup never leaves a truncated file that looks like a good one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from partnership.management.dbfiles import libpq_env


class Command(BaseCommand):
    help = "Back up the configured database to one file (pg_dump -Fc on PostgreSQL, SQLite copy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="File to write.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: Any, output: Path, database: str, **options: Any) -> None:
        connection = connections[database]
        output = output.resolve()
        if not output.parent.is_dir():
            raise CommandError(f"Directory {output.parent} does not exist.")
        partial = output.with_name(f".{output.name}.partial")
        try:
            if connection.vendor == "postgresql":
                self._pg_dump(connection.settings_dict, partial)
            elif connection.vendor == "sqlite":
                self._sqlite_copy(connection, partial)
            else:
                raise CommandError(f"Backing up {connection.vendor} is not supported.")
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        size = output.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {connection.vendor} to {output} ({size} bytes).")
        )

    def _pg_dump(self, settings_dict: dict[str, Any], target: Path) -> None:
        command = [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
        ]
        try:
            result = subprocess.run(  # noqa: S603  (fixed program, no shell)
                command, env=libpq_env(settings_dict), capture_output=True, text=True, check=False
            )
        except FileNotFoundError as error:
            raise CommandError("pg_dump is not installed (Debian: postgresql-client).") from error
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")

    def _sqlite_copy(self, connection: Any, target: Path) -> None:
        if connection.in_atomic_block:
            # SQLite's backup would wait forever for the open transaction to finish.
            raise CommandError("Cannot back up SQLite from inside a transaction.")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
