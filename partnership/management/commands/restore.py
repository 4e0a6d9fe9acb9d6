"""`manage.py restore --input FILE`: put a backup made by `backup` back into the database.

PostgreSQL: `pg_restore --clean --if-exists --single-transaction`: every object in the dump is
dropped and recreated in one transaction, so a failed restore changes nothing. Run `migrate`
afterwards if the code is newer than the backup.
SQLite: SQLite's backup API copies the file over the configured database, page by page.

This replaces the data in the configured database: it asks first unless given --no-input.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from partnership.management.dbfiles import file_kind, libpq_env


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into the configured database (replaces its data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="Backup file to restore.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        database: str = options["database"]
        interactive: bool = options["interactive"]
        connection = connections[database]
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        kind = file_kind(source)
        if kind != connection.vendor:
            raise CommandError(
                f"{source} is not a {connection.vendor} backup made by `manage.py backup`."
            )
        name = connection.settings_dict.get("NAME")
        if interactive:
            answer = input(
                f"This replaces all data in the database {name!s} with {source}.\n"
                "Type 'yes' to continue, or anything else to stop: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        if kind == "postgresql":
            self._pg_restore(connection.settings_dict, source)
        else:
            self._sqlite_restore(connection, source)
        # The restored data is older than anything cached (cards, dashboard panels keyed by a
        # figures version the backup may repeat): start the cache afresh.
        cache.clear()
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {name!s}."))

    def _pg_restore(self, settings_dict: dict[str, Any], source: Path) -> None:
        env = libpq_env(settings_dict)
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env.get('PGDATABASE', '')}",
            str(source),
        ]
        try:
            result = subprocess.run(  # noqa: S603  (fixed program, no shell)
                command, env=env, capture_output=True, text=True, check=False
            )
        except FileNotFoundError as error:
            raise CommandError(
                "pg_restore is not installed (Debian: postgresql-client)."
            ) from error
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")

    def _sqlite_restore(self, connection: Any, source: Path) -> None:
        if connection.in_atomic_block:
            raise CommandError("Cannot restore SQLite from inside a transaction.")
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            (status,) = backup.execute("PRAGMA integrity_check").fetchone()
            if status != "ok":
                raise CommandError(f"{source} is damaged: {status}")
            connection.ensure_connection()
            backup.backup(connection.connection)
        finally:
            backup.close()
