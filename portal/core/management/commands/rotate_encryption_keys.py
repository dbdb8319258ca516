from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.core import crypto
from portal.core.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        crypto.reset_key_cache()
        for model in apps.get_models():
            columns = [field.column for field in encrypted_fields(model)]
            if columns:
                count = rotate_table(model._meta.db_table, model._meta.pk.column, columns)
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")


def rotate_table(table, pk_column, columns):
    """Re-encrypt stored tokens in place, batch by batch, never decrypting into models.

    Table and column names come from model metadata, never from input.
    """
    select = f"SELECT {pk_column}, {', '.join(columns)} FROM {table} WHERE {pk_column} > %s ORDER BY {pk_column}"  # noqa: S608
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk_column} = %s"  # noqa: S608
    last_pk, count = None, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(select.replace(f"WHERE {pk_column} > %s ", "") + f" LIMIT {BATCH}")
            else:
                cursor.execute(select + f" LIMIT {BATCH}", [last_pk])
            rows = cursor.fetchall()
            for pk, *tokens in rows:
                cursor.execute(update, [crypto.rotate(t) if t else t for t in tokens] + [pk])
        if not rows:
            return count
        count += len(rows)
        last_pk = rows[-1][0]
