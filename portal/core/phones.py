"""Phone numbers: one normal form (E.164) and one way to find a number again."""

import phonenumbers

from .crypto import blind_index

DEFAULT_REGION = "US"


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw):
    """'(713) 555-0100' -> '+17135550100'; raises InvalidPhoneNumber on anything else."""
    try:
        number = phonenumbers.parse(str(raw or ""), DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(raw)) from error
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhoneNumber(str(raw))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_index(raw):
    """The blind index of a phone number, whatever way it was written."""
    return blind_index(normalize_phone(raw), "phone")
