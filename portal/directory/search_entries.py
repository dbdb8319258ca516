"""Bulk writes of services: each search entry written once, at the end.

The database keeps one SearchEntry per service (migrations 0013 and 0014): any statement that writes a
service or one of its parts rewrites the entry in the same statement. An import writes each service in
several statements, and each rewrite leaves a dead row that vacuum frees but never gives back, so the
table, and every scan a common word makes of it, would grow about five times over. Inside
`written_at_the_end()` the database only notes which services changed and writes each of their entries
once, when the block ends, in the same transaction: nothing outside ever sees a half-written service.
"""

from contextlib import contextmanager

from django.db import connection, transaction

# The tag of a service that declares no area it serves (it is found by the distance to its places).
NO_AREA = "no area"

_SETTING = "directory.search_entries"


@contextmanager
def written_at_the_end():
    """Within this block, searches still see each entry as it was before the block began."""
    if connection.vendor != "postgresql":  # other databases keep no entries
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [_SETTING])
            enclosed = cursor.fetchone()[0] == "at the end"  # an enclosing block writes them
            if not enclosed:
                cursor.execute("CREATE TEMPORARY TABLE directory_search_entries_due (service_id uuid PRIMARY KEY)")
                cursor.execute("SELECT set_config(%s, 'at the end', true)", [_SETTING])
        yield
        if enclosed:
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'now', true)", [_SETTING])
            cursor.execute(
                "SELECT directory_write_search_entries(ARRAY(SELECT service_id FROM directory_search_entries_due))"
            )
            cursor.execute("DROP TABLE directory_search_entries_due")
