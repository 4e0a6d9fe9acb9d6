"""Existing examples and threads are followed as if the app had always been there: each
author follows their examples and every commenter the threads they commented in."""

from django.db import migrations

FOLLOW_EXISTING = """
INSERT INTO notifications_follow (member_id, example_id, muted, created_at)
SELECT DISTINCT member_id, example_id, FALSE, CURRENT_TIMESTAMP FROM (
    SELECT author_id AS member_id, id AS example_id FROM examples_example
    UNION
    SELECT author_id AS member_id, example_id FROM examples_comment
) AS threads
WHERE TRUE
ON CONFLICT DO NOTHING
"""


# "WHERE TRUE": SQLite needs a WHERE before ON CONFLICT in an INSERT ... SELECT to parse it.


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_review_requests"),
        ("examples", "0006_dashboard_indexes_cover_their_queries"),
    ]

    operations = [migrations.RunSQL(FOLLOW_EXISTING, reverse_sql=migrations.RunSQL.noop)]
