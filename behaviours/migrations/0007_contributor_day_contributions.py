"""ContributorDay becomes a counter (behaviours/dashboards/upkeep.py): how many examples and
comments a member posted on the day, so one being hidden takes away exactly one. The rows
are counted again from the examples, as `manage.py rebuild_rollups` does."""

from django.db import migrations, models


def recount(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The rollups' own rebuild: the same code keeps them, so the counts cannot disagree with it.
    from behaviours.dashboards import rollups

    rollups.rebuild()
    if schema_editor.connection.vendor == "postgresql":
        # The rebuild replaced every row: without this (and with autovacuum slow or off) the
        # dashboards' index-only scans read a million dead rows until the next vacuum.
        with schema_editor.connection.cursor() as cursor:
            for table in ("example_day", "contributor_day", "highlight_day"):
                cursor.execute(f"VACUUM (ANALYZE) behaviours_{table}")


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run in a transaction; the rebuild has its own.

    dependencies = [
        ("behaviours", "0006_contributor_day_by_day"),
        ("examples", "0009_covering_indexes_only_on_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="contributorday",
            name="contributions",
            field=models.IntegerField(
                default=1, help_text="examples or comments (a row at 0 is deleted)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(recount, migrations.RunPython.noop, elidable=True),
    ]
