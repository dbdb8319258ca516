"""Stored search text rebuilt to hold the word of each synonym group a service has a phrase of.

A search for a word of a group now asks the full-text index for that group's one word
(directory.synonyms.group_word) instead of every phrase of the group in every language, so every
service's search text is written again by the indexing code itself; the database trigger then
rebuilds `search_vector` from it.
"""

from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    from portal.directory.indexing import reindex_every_service

    reindex_every_service(apps.get_model("directory", "Service"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_search_text_folded_like_texts")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True)]
