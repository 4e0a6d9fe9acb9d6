# The dashboard indexes keep their INCLUDE columns on PostgreSQL (created so by 0006) and are
# plain key-column indexes on SQLite, as before; only the migration state changes, so nothing is
# rebuilt and `migrate` on SQLite no longer warns (models.W040).

import examples.indexes
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('examples', '0008_example_outcome'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name='comment', name='comment_dash_period_idx'),
                migrations.RemoveIndex(model_name='example', name='example_dash_period_idx'),
                migrations.AddIndex(
                    model_name='comment',
                    index=examples.indexes.PostgresCoveringIndex(covering=('example',), fields=['visibility', 'created_at', 'author'], name='comment_dash_period_idx'),
                ),
                migrations.AddIndex(
                    model_name='example',
                    index=examples.indexes.PostgresCoveringIndex(covering=('id', 'author', 'service_area', 'reaction_count', 'comment_count'), fields=['visibility', 'created_at', 'behaviour', 'author_organisation'], name='example_dash_period_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
