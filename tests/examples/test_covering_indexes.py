"""The dashboard indexes: covering on PostgreSQL, and no warning on SQLite's `migrate`."""

from __future__ import annotations

import pytest
from django.core import checks
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_system_checks_raise_no_index_warning():
    messages = checks.run_checks(tags=[checks.Tags.models])
    assert [message.id for message in messages if message.id == "models.W040"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE exists on PostgreSQL only")
def test_the_dashboard_indexes_carry_their_non_key_columns_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('example_dash_period_idx', 'comment_dash_period_idx')"
        )
        definitions = dict(cursor.fetchall())
    assert (
        "INCLUDE (id, author_id, service_area_id, reaction_count, comment_count)"
        in (definitions["example_dash_period_idx"])
    )
    assert "INCLUDE (example_id)" in definitions["comment_dash_period_idx"]
