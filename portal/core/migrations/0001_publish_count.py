from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("core", "PublishCount").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="PublishCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "publish count"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
