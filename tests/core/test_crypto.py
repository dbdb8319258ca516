import base64

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from portal.core import crypto
from portal.core.phones import InvalidPhoneNumber, normalize_phone, phone_index


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    settings.BLIND_INDEX_KEY = "index-key-for-tests"
    crypto.reset_key_cache()
    yield old, new
    crypto.reset_key_cache()


def test_encrypt_round_trip_hides_the_plaintext(keys):
    plaintext = "María, +1 713 555 0100"
    token = crypto.encrypt(plaintext)
    # The token is base64 of random-looking bytes, so a short fragment such as "713" turns up in it
    # by chance now and then; only the full name and number are evidence of a leak.
    raw = base64.urlsafe_b64decode(token)
    for part in ("María", "713 555 0100", plaintext):
        assert part not in token
        assert part.encode() not in raw
    assert crypto.decrypt(token) == plaintext


def test_rotation_keeps_old_data_readable_and_moves_it_to_the_new_key(keys, settings):
    old, new = keys
    token = crypto.encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    crypto.reset_key_cache()
    assert crypto.decrypt(token) == "secret"
    rotated = crypto.rotate(token)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    crypto.reset_key_cache()
    assert crypto.decrypt(rotated) == "secret"
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_missing_keys_are_refused_outside_development(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.DEBUG_KEYS_ALLOWED = False
    crypto.reset_key_cache()
    try:
        with pytest.raises(ImproperlyConfigured):
            crypto.encrypt("x")
    finally:
        crypto.reset_key_cache()


def test_phone_numbers_are_normalised_and_indexed_the_same_however_written(keys):
    assert normalize_phone("(713) 555-0100") == "+17135550100"
    assert normalize_phone("+52 656 123 4567") == "+526561234567"
    assert phone_index("713.555.0100") == phone_index("+1 713 555 0100")
    assert phone_index("713-555-0100") != phone_index("713-555-0101")
    for bad in ("", "12", "not a phone", None):
        with pytest.raises(InvalidPhoneNumber):
            normalize_phone(bad)


def test_blind_index_depends_on_purpose_and_key(keys, settings):
    assert crypto.blind_index("x", "phone") != crypto.blind_index("x", "name")
    before = crypto.blind_index("x", "phone")
    settings.BLIND_INDEX_KEY = "another"
    crypto.reset_key_cache()
    assert crypto.blind_index("x", "phone") != before
