"""Stored search text rebuilt for the synonym groups' words in French, Portuguese, Korean, Traditional
Chinese and Tagalog (directory.synonyms.GROUPS changed; see that module's note)."""

from django.db import migrations


def rebuild_search_text(apps, schema_editor):
    from portal.directory.indexing import reindex_every_service

    reindex_every_service(apps.get_model("directory", "Service"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_languages_fr_pt_br_ko_zh_hant_tl")]
    operations = [migrations.RunPython(rebuild_search_text, migrations.RunPython.noop, elidable=True)]
