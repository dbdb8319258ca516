"""Stored search text rebuilt for the synonym groups' words in Hindi and Urdu, in their own scripts and
as people type them in Latin letters (directory.synonyms.GROUPS changed; see that module's note)."""

from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    from portal.directory.indexing import reindex_every_service

    reindex_every_service(apps.get_model("directory", "Service"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_languages_hi_ur")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True)]
