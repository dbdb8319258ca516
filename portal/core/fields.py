"""One encrypted field type for every piece of personal data (docs/design.md)."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted; only `isnull` lookups make sense on it.

    To find a row by value, keep a blind index beside it (see crypto.blind_index).
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
