"""Encryption of personal data at rest, and blind indexes to find it again.

Values are encrypted with Fernet keys from FIELD_ENCRYPTION_KEYS, newest first,
so a new key can be put in front and old rows re-encrypted at leisure
(`manage.py rotate_encryption_keys`). Exact-match lookups (a phone number) use an
HMAC of the normalised value under BLIND_INDEX_KEY, which never rotates with them.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derived_key(label):
    """A development-only key derived from SECRET_KEY; production sets real keys."""
    digest = hashlib.sha256(f"{label}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@lru_cache(maxsize=1)
def _fernet():
    keys = list(settings.FIELD_ENCRYPTION_KEYS) or (
        [_derived_key("field-encryption")] if settings.DEBUG_KEYS_ALLOWED else []
    )
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set.")
    return MultiFernet([Fernet(key) for key in keys])


@lru_cache(maxsize=1)
def _index_key():
    key = settings.BLIND_INDEX_KEY or (_derived_key("blind-index") if settings.DEBUG_KEYS_ALLOWED else "")
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY must be set.")
    return key.encode()


def reset_key_cache():
    """Forget cached keys (after settings change in tests or a rotation)."""
    _fernet.cache_clear()
    _index_key.cache_clear()


def encrypt(plaintext):
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Encrypted value cannot be read with the configured keys.") from error


def rotate(token):
    """The same value, re-encrypted under the newest key."""
    return _fernet().rotate(token.encode()).decode()


def blind_index(value, purpose):
    """A keyed hash for exact lookups; `purpose` keeps indexes of different fields apart."""
    return hmac.new(_index_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
