from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from portal.core import crypto
from portal.core.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        crypto.reset_key_cache()
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if fields:
                count = rotate_model(model, fields)
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")


def rotate_model(model, fields):
    """Re-encrypt stored tokens in place, never decrypting them into model instances.

    Reading through a plain-text cast and writing through a plain-text value keeps the
    encrypted field's own conversion out of the way: tokens go in and out as stored.
    """
    raw = {f"raw_{field.attname}": Cast(field.attname, output_field=models.TextField()) for field in fields}
    rows = model._base_manager.annotate(**raw).order_by("pk").values_list("pk", *raw)
    count = 0
    with transaction.atomic():
        for pk, *tokens in rows.iterator(chunk_size=BATCH):
            updates = {
                field.attname: models.Value(crypto.rotate(token), output_field=models.TextField())
                for field, token in zip(fields, tokens, strict=True)
                if token
            }
            if updates:
                model._base_manager.filter(pk=pk).update(**updates)
                count += 1
    return count
