from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .service import Service


class TagsField(ArrayField):
    """An array of text on PostgreSQL. Other databases have no arrays; there the column is plain text
    and unused (search reads the services themselves)."""

    def db_type(self, connection):
        return super().db_type(connection) if connection.vendor == "postgresql" else "text"


class SearchEntry(models.Model):
    """What a directory search filters and sorts on, one narrow row per service.

    Search reads these rows, not the services: a service row carries every field in every language
    (about 200 columns), so ranking the thousands of services a common word finds would read far
    more than it needs. Only the services of the page shown are read from their own table.

    On PostgreSQL the database keeps these rows (migrations 0013, 0014): statement triggers on the services
    table and the tables of its categories, attributes, languages and areas write them in the same
    statement as the change, bulk writes included, so no code path can leave one behind (or once at the
    end of a block of bulk writes: search_entries.written_at_the_end). Other
    databases (a development machine on SQLite) search the services directly.
    """

    service = models.OneToOneField(
        Service,
        primary_key=True,
        # The database removes the row with its service (a trigger); there is nothing for Django to do.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entry",
        editable=False,
    )
    live = models.BooleanField(editable=False)
    status = models.CharField(max_length=20, editable=False)
    # The service's names (weight A, ranked first) and the rest of its search text (weight B).
    words = SearchVectorField(editable=False)
    # Its name in each language that has one, keyed by language code: results sort by the name the
    # survivor reads, or the fallback language's when hers is missing.
    names = models.JSONField(editable=False)
    # What the filters ask, each as "kind:value": "category:housing", "attribute:free", "language:es",
    # "area:harris county" (an area key); and "no area" when the service declares none (search_entries.
    # NO_AREA). One GIN index over the words and the tags answers them together.
    tags = TagsField(models.CharField(max_length=300), editable=False)

    def __str__(self):
        return f"search entry of {self.service_id}"
