"""`backup` then `restore` into a fresh database finds every row; restoring over changed data
puts the backed-up state back. One variant per database engine, each on its own engine."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from examples import services
from examples.models import Example
from tests.factories import make_comment, make_example, make_member

BASE_DIR = Path(django_settings.BASE_DIR)
ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRES = connection.vendor == "postgresql"

# Committed data (other connections and processes must see it); afterwards the tables are
# flushed and the migrated content (behaviours, service areas) is put back.
committed_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def content(client_org, partner_org, client_member, partner_member, author, manager, behaviour):
    """A little of everything: members, examples, comments, reactions, a report, a hide."""
    examples = [make_example(author, behaviour=behaviour, title=f"Voorbeeld {n}") for n in range(5)]
    for example in examples[:3]:
        make_comment(example, client_member, "Herkenbaar!")
        services.toggle_reaction(example=example, member=partner_member)
    services.report_content(reporter=client_member, reason="Noemt een klant", item=examples[4])
    services.hide_content(item=examples[4], moderator=manager, reason="Noemt een klant")
    make_member(partner_org, name="Extra Lid")
    return examples


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def titles() -> set[tuple[int, str]]:
    return set(Example.objects.values_list("pk", "title"))


def run_restore(database_url: str, backup: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", "--input", str(backup), "--no-input"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite variant; the suite runs on PostgreSQL")
@committed_db
def test_sqlite_backup_restores_every_row_into_a_fresh_database(content, tmp_path):
    expected = table_counts()
    assert expected["examples_example"] == 5
    backup = tmp_path / "partnership.sqlite3"
    call_command("backup", output=backup, stdout=StringIO())

    fresh = tmp_path / "fresh.sqlite3"
    result = run_restore(f"sqlite:///{fresh}", backup)
    assert result.returncode == 0, result.stderr

    restored = sqlite3.connect(fresh)
    try:
        counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in expected
        }
        restored_titles = set(restored.execute("SELECT id, title FROM examples_example"))
    finally:
        restored.close()
    assert counts == expected
    assert restored_titles == titles()


@pytest.mark.skipif(not ON_SQLITE, reason="SQLite variant; the suite runs on PostgreSQL")
@committed_db
def test_sqlite_restore_puts_the_backed_up_state_back(content, author, behaviour, tmp_path):
    expected, expected_titles = table_counts(), titles()
    backup = tmp_path / "partnership.sqlite3"
    call_command("backup", output=backup, stdout=StringIO())

    Example.objects.filter(pk=content[0].pk).update(title="Overschreven")
    make_example(author, behaviour=behaviour, title="Na de back-up")
    assert table_counts() != expected

    call_command("restore", input=backup, interactive=False, stdout=StringIO())
    assert table_counts() == expected
    assert titles() == expected_titles


@committed_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", input=bogus, interactive=False)


@committed_db
def test_restore_asks_before_replacing_data(tmp_path, monkeypatch):
    backup = tmp_path / "partnership.backup"
    call_command("backup", output=backup, stdout=StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", input=backup, stdout=StringIO())


@committed_db
def test_backup_refuses_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", output=tmp_path / "nowhere" / "x.backup")


def postgres_url(settings_dict: dict, name: str) -> str:  # type: ignore[type-arg]
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD")
    credentials = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{name}"


@pytest.fixture
def fresh_postgres_database():
    import psycopg
    from psycopg import sql

    settings_dict = connection.settings_dict
    name = f"restore_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(postgres_url(settings_dict, "postgres"), autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name, postgres_url(settings_dict, name)
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.close()


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL")
@committed_db
def test_postgres_dump_restores_every_row_into_a_fresh_database(
    content, tmp_path, fresh_postgres_database
):
    import psycopg
    from psycopg import sql

    expected = table_counts()
    backup = tmp_path / "partnership.dump"
    call_command("backup", output=backup, stdout=StringIO())
    assert backup.read_bytes().startswith(b"PGDMP")

    _name, url = fresh_postgres_database
    result = run_restore(url, backup)
    assert result.returncode == 0, result.stderr

    with psycopg.connect(url) as restored:
        counts = {
            table: restored.execute(
                sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in expected
        }
        restored_titles = set(restored.execute("SELECT id, title FROM examples_example"))
    assert counts == expected
    assert restored_titles == titles()


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL pointing at PostgreSQL")
@committed_db
def test_postgres_restore_puts_the_backed_up_state_back(content, author, behaviour, tmp_path):
    expected, expected_titles = table_counts(), titles()
    backup = tmp_path / "partnership.dump"
    call_command("backup", output=backup, stdout=StringIO())

    Example.objects.filter(pk=content[0].pk).update(title="Overschreven")
    make_example(author, behaviour=behaviour, title="Na de back-up")

    call_command("restore", input=backup, interactive=False, stdout=StringIO())
    connection.close()  # the restore recreated the tables under our feet
    assert table_counts() == expected
    assert titles() == expected_titles
