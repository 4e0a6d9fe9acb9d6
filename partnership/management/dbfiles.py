"""What `backup` and `restore` share: how to reach the configured database from outside Django."""

from __future__ import annotations

import os
from typing import Any

from django.db.backends.postgresql.client import DatabaseClient

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


def libpq_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Environment for pg_dump/pg_restore: Django's own connection, the password never on argv."""
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {})}
    options = settings_dict.get("OPTIONS", {})
    wanted = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGDATABASE": settings_dict.get("NAME") or options.get("dbname"),
    }
    env.update({key: str(value) for key, value in wanted.items() if value})
    return env


def file_kind(path: os.PathLike[str] | str) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_CUSTOM_HEADER):
        return "postgresql"
    return None
