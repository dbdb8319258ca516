"""Stored search text rebuilt with the word folding the portal uses for text messages.

Search words are now read by portal.core.phrases.plain, which also turns punctuation into spaces,
digits of any script into 0-9 and folds Arabic ى/ة. Text stored by the older folding would miss
queries read the new way, so every service's search text is written again by the indexing code
itself; the database trigger then rebuilds `search_vector` from it.
"""

from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    from portal.directory.indexing import reindex_every_service

    reindex_every_service(apps.get_model("directory", "Service"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_full_text_search")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True)]
