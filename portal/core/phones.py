"""Phone numbers: one normal form (E.164) and one way to find a number again."""

import phonenumbers
from django.conf import settings

from .crypto import blind_index

DEFAULT_REGION = "US"


class InvalidPhoneNumber(ValueError):
    pass


def normalize_phone(raw):
    """'(713) 555-0100' -> '+17135550100'; raises InvalidPhoneNumber on anything else."""
    try:
        number = phonenumbers.parse(str(raw or ""), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        # The message never holds the number: an uncaught error would put it in a log.
        raise InvalidPhoneNumber("not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhoneNumber("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def may_text(e164):
    """True when the number is in a country the portal texts (SMS_ALLOWED_REGIONS).

    Toll fraud ("SMS pumping") makes a site text premium numbers abroad; keeping texts to the
    countries survivors here use closes that door. A number that is possible but not assigned
    (like the 555-01xx range) counts as its country code's main country.
    """
    number = phonenumbers.parse(e164, DEFAULT_REGION)
    region = phonenumbers.region_code_for_number(number) or phonenumbers.region_code_for_country_code(
        number.country_code
    )
    return region in settings.SMS_ALLOWED_REGIONS


def phone_index(raw):
    """The blind index of a phone number, whatever way it was written."""
    return blind_index(normalize_phone(raw), "phone")


def dial_string(number):
    """A directory number as a tel:/sms: link wants it: '(713) 555-0100' -> '7135550100'."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def last_four_digits(e164):
    return e164[-4:] if e164 else ""


def last_four_index(digits):
    """The keyed hash of a number's last four digits, so staff can find her by them (THREAT_MODEL.md).

    Its own purpose label keeps it unlike any other index; without BLIND_INDEX_KEY nobody can tell which
    four digits a row holds, only that two rows hold the same four.
    """
    return blind_index(digits, "phone-last-four")
