"""An index of locations by position, which also says whether each may be shown: a search near a
place finds the public locations around it from the index alone (portal.directory.nearby)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_search_entries_once_and_area_tags"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="location",
            index=models.Index(
                fields=["latitude", "longitude"],
                include=("id", "is_confidential", "organization"),
                name="directory_location_position",
            ),
        ),
    ]
