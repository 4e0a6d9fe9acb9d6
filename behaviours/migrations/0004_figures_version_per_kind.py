from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("behaviours", "0003_figures_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="figuresversion", name="value"),
        migrations.AddField(
            model_name="figuresversion",
            name="examples",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="figuresversion",
            name="comments",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="figuresversion",
            name="reactions",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="figuresversion",
            name="reports",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="figuresversion",
            name="structure",
            field=models.BigIntegerField(
                default=0, help_text="Members, organisations, behaviours and service areas."
            ),
        ),
    ]
