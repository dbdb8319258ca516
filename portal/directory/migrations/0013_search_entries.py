"""Search reads a narrow SearchEntry per service, kept by the database, instead of the wide services table.

Ranking the thousands of services a common word finds read each one's row of about 200 columns.
Statement triggers now write, in the same statement as any change, a narrow row holding what search
filters and sorts on: whether the service is live, its status, its words (names weight A, the rest of
its search text weight B, as the old `search_vector` was; Chinese and the other scripts written
without spaces get a space around each character first), its name in each language, and its
categories, attributes, languages and areas as tags. The words and the tags each have a GIN index.

A language added later must be added to NAMES, in a new migration that replaces
directory_write_search_entries (tests/directory/test_search_entries.py fails until it is).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import portal.directory.models.search_entry

WIDE_CHARACTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# Language code and the column of the service's name in it.
NAMES = [
    ("en", "name_en"),
    ("es", "name_es"),
    ("vi", "name_vi"),
    ("zh-hans", "name_zh_hans"),
    ("ar", "name_ar"),
    ("fr", "name_fr"),
    ("pt-br", "name_pt_br"),
    ("ko", "name_ko"),
    ("zh-hant", "name_zh_hant"),
    ("tl", "name_tl"),
    ("hi", "name_hi"),
    ("ur", "name_ur"),
]
# The tables of a service's parts that its entry's tags come from.
PARTS = ["directory_service_categories", "directory_service_attributes", "directory_language", "directory_servicearea"]


def _spaced(column, row="s"):
    return f"regexp_replace(coalesce({row}.{column}, ''), '([{WIDE_CHARACTERS}])', ' \\1 ', 'g')"


def _part_triggers(table):
    run = "FOR EACH STATEMENT EXECUTE FUNCTION directory_service_part_written()"
    return f"""
CREATE TRIGGER {table}_inserted AFTER INSERT ON {table} REFERENCING NEW TABLE AS written {run};
CREATE TRIGGER {table}_updated AFTER UPDATE ON {table} REFERENCING OLD TABLE AS removed NEW TABLE AS written {run};
CREATE TRIGGER {table}_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS removed {run};
"""


NAMES_OBJECT = ", ".join(f"'{code}', nullif(s.{column}, '')" for code, column in NAMES)

# The tags of service s: its categories' and attributes' codes, its languages and its areas' keys.
PART_TAGS = """           SELECT 'category:' || t.code FROM directory_service_categories l
             JOIN directory_taxonomyterm t ON t.id = l.taxonomyterm_id WHERE l.service_id = s.id AND t.code <> ''
           UNION SELECT 'attribute:' || t.code FROM directory_service_attributes l
             JOIN directory_taxonomyterm t ON t.id = l.taxonomyterm_id WHERE l.service_id = s.id AND t.code <> ''
           UNION SELECT 'language:' || code FROM directory_language WHERE service_id = s.id
           UNION SELECT 'area:' || area_key FROM directory_servicearea WHERE service_id = s.id
"""

WRITE_FUNCTION = f"""
CREATE FUNCTION directory_write_search_entries(services uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO directory_searchentry (service_id, live, status, words, names, tags, declares_an_area)
  SELECT s.id, s.live, s.status,
         setweight(to_tsvector('simple', {_spaced("search_name")}), 'A')
         || setweight(to_tsvector('simple', {_spaced("search_text")}), 'B'),
         jsonb_strip_nulls(jsonb_build_object({NAMES_OBJECT})),
         ARRAY(
{PART_TAGS}         ),
         EXISTS (SELECT FROM directory_servicearea WHERE service_id = s.id)
  FROM directory_service s
  WHERE s.id = ANY(services)
  ON CONFLICT (service_id) DO UPDATE
  SET live = excluded.live, status = excluded.status, words = excluded.words, names = excluded.names,
      tags = excluded.tags, declares_an_area = excluded.declares_an_area
  -- An unchanged entry is not written again: every write leaves a dead row for vacuum to clear, and dead
  -- rows are what a search's scan of the entries would read through.
  WHERE (directory_searchentry.live, directory_searchentry.status, directory_searchentry.words,
         directory_searchentry.names, directory_searchentry.tags, directory_searchentry.declares_an_area)
        IS DISTINCT FROM
        (excluded.live, excluded.status, excluded.words, excluded.names, excluded.tags, excluded.declares_an_area);
$$;
"""

CREATE = f"""
DROP TRIGGER IF EXISTS directory_service_search_vector ON directory_service;
DROP FUNCTION IF EXISTS directory_service_search_vector();
DROP INDEX IF EXISTS directory_service_search_vector;

{WRITE_FUNCTION}

CREATE FUNCTION directory_service_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM directory_searchentry WHERE service_id IN (SELECT id FROM removed);
  ELSE
    PERFORM directory_write_search_entries(ARRAY(SELECT id FROM written));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER directory_service_inserted AFTER INSERT ON directory_service
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION directory_service_written();
CREATE TRIGGER directory_service_updated AFTER UPDATE ON directory_service
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION directory_service_written();
CREATE TRIGGER directory_service_deleted AFTER DELETE ON directory_service
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_service_written();

-- A category, attribute, language or area added, changed or removed: its service's entry again.
CREATE FUNCTION directory_service_part_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM directory_write_search_entries(ARRAY(SELECT DISTINCT service_id FROM written));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM directory_write_search_entries(ARRAY(SELECT DISTINCT service_id FROM removed));
  ELSE
    PERFORM directory_write_search_entries(ARRAY(SELECT service_id FROM written UNION SELECT service_id FROM removed));
  END IF;
  RETURN NULL;
END
$$;
{"".join(_part_triggers(table) for table in PARTS)}
-- A term's code changed: the entries of every service it is a category or attribute of.
CREATE FUNCTION directory_taxonomy_term_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM directory_write_search_entries(ARRAY(
    SELECT service_id FROM directory_service_categories WHERE taxonomyterm_id IN (SELECT id FROM written)
    UNION SELECT service_id FROM directory_service_attributes WHERE taxonomyterm_id IN (SELECT id FROM written)
  ));
  RETURN NULL;
END
$$;
CREATE TRIGGER directory_taxonomyterm_updated AFTER UPDATE ON directory_taxonomyterm
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION directory_taxonomy_term_written();

SELECT directory_write_search_entries(ARRAY(SELECT id FROM directory_service));
CREATE INDEX directory_searchentry_words ON directory_searchentry USING gin (words);
CREATE INDEX directory_searchentry_tags ON directory_searchentry USING gin (tags);
-- A bulk import writes each entry several times (the service, then each kind of its parts): vacuum
-- soon after, not at the default fifth of the table, so searches do not read through dead rows for long.
ALTER TABLE directory_searchentry SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ANALYZE directory_searchentry;
"""

DROP_PART_TRIGGERS = "\n".join(
    f"DROP TRIGGER IF EXISTS {table}_{event} ON {table};" for table in PARTS for event in ("inserted", "updated", "deleted")
)
DROP = f"""
DROP TRIGGER IF EXISTS directory_service_inserted ON directory_service;
DROP TRIGGER IF EXISTS directory_service_updated ON directory_service;
DROP TRIGGER IF EXISTS directory_service_deleted ON directory_service;
DROP TRIGGER IF EXISTS directory_taxonomyterm_updated ON directory_taxonomyterm;
{DROP_PART_TRIGGERS}
DROP FUNCTION IF EXISTS directory_service_written();
DROP FUNCTION IF EXISTS directory_service_part_written();
DROP FUNCTION IF EXISTS directory_taxonomy_term_written();
DROP FUNCTION IF EXISTS directory_write_search_entries(uuid[]);

CREATE FUNCTION directory_service_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('simple', {_spaced("search_name", row="NEW")}), 'A')
    || setweight(to_tsvector('simple', {_spaced("search_text", row="NEW")}), 'B');
  RETURN NEW;
END
$$;
CREATE TRIGGER directory_service_search_vector BEFORE INSERT OR UPDATE ON directory_service
  FOR EACH ROW EXECUTE FUNCTION directory_service_search_vector();
UPDATE directory_service SET search_name = search_name;
CREATE INDEX directory_service_search_vector ON directory_service USING gin (search_vector);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_search_text_with_hindi_urdu_synonyms")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "service",
                    models.OneToOneField(
                        db_constraint=False,
                        editable=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="directory.service",
                    ),
                ),
                ("live", models.BooleanField(editable=False)),
                ("status", models.CharField(editable=False, max_length=20)),
                ("words", django.contrib.postgres.search.SearchVectorField(editable=False)),
                ("names", models.JSONField(editable=False)),
                (
                    "tags",
                    portal.directory.models.search_entry.TagsField(
                        base_field=models.CharField(max_length=300), editable=False, size=None
                    ),
                ),
                ("declares_an_area", models.BooleanField(editable=False)),
            ],
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="service", name="search_vector"),
    ]
