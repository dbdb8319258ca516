"""Full-text search on PostgreSQL: a tsvector kept by a trigger, under a GIN index.

The trigger writes `search_vector` from the service's names (weight A, ranked first) and the
rest of its search text (weight B) on every insert and update, so no code path can leave it
behind, bulk imports included. Chinese and the other scripts written without spaces get a space
around each character first (the same characters as directory.text.WIDE_CHARACTERS, as they are
today), so each is a word. The GIN index replaces the trigram one, which PostgreSQL stopped using
for common words. Other databases keep comparing the search text.
"""

import django.contrib.postgres.search
from django.db import migrations, models

WIDE_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
LANGUAGES = ("en", "es", "vi", "zh_hans", "ar")

CREATE = f"""
CREATE FUNCTION directory_service_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('simple', regexp_replace(coalesce(NEW.search_name, ''), '([{WIDE_CHARACTERS}])', ' \\1 ', 'g')), 'A')
    || setweight(to_tsvector('simple', regexp_replace(coalesce(NEW.search_text, ''), '([{WIDE_CHARACTERS}])', ' \\1 ', 'g')), 'B');
  RETURN NEW;
END
$$;
CREATE TRIGGER directory_service_search_vector BEFORE INSERT OR UPDATE ON directory_service
  FOR EACH ROW EXECUTE FUNCTION directory_service_search_vector();
CREATE INDEX directory_service_search_vector ON directory_service USING gin (search_vector);
DROP INDEX IF EXISTS directory_service_search_trgm;
"""

DROP = """
DROP INDEX IF EXISTS directory_service_search_vector;
DROP TRIGGER IF EXISTS directory_service_search_vector ON directory_service;
DROP FUNCTION IF EXISTS directory_service_search_vector();
CREATE INDEX IF NOT EXISTS directory_service_search_trgm ON directory_service USING gin (search_text gin_trgm_ops);
"""


def forwards(apps, schema_editor):
    from portal.core.phrases import plain

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
    service = apps.get_model("directory", "Service")
    columns = [f"name_{code}" for code in LANGUAGES]
    for pk, *names in service.objects.values_list("pk", *columns).iterator():
        search_name = plain(" ".join(dict.fromkeys(name for name in names if name)))
        service.objects.filter(pk=pk).update(search_name=search_name)  # the trigger writes the vector


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_rename_contact_to_servicecontact")]
    operations = [
        migrations.AddField(
            model_name="service",
            name="search_name",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="service",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
