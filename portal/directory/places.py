"""ZIP codes to places, offline, from the `zipcodes` package's bundled data."""

import logging
import re
from dataclasses import dataclass

import zipcodes

from portal.core.phrases import ascii_digits

from .models.service import area_key

ZIP_PATTERN = re.compile(r"^[0-9]{5}$")
MILES_PER_DEGREE = 69.0
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ZipPlace:
    zip_code: str
    county_key: str
    state: str
    latitude: float
    longitude: float
    timezone: str


def zip_place(zip_code):
    """The centre, county and time zone of a US ZIP code, or None if there is no such ZIP.

    Digits in any script count ("٧٧٠٠٢" and "７７００２" are 77002)."""
    zip_code = ascii_digits(zip_code or "").strip()[:5]
    if not ZIP_PATTERN.match(zip_code):
        return None
    # Looked up every time (a fraction of a millisecond): a ZIP someone typed is kept in no cache.
    return _known_place(zip_code)


def _known_place(zip_code):
    try:
        matches = zipcodes.matching(zip_code)
        place = matches[0] if matches else None
        return None if place is None else _place(zip_code, place)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001
        # The library is a native extension whose panics are BaseExceptions: whatever it does,
        # a search or an incoming text goes on as "no such ZIP". The ZIP itself is not logged.
        logger.warning("ZIP lookup failed: %s", type(error).__name__)
        return None


def _place(zip_code, place):
    return ZipPlace(
        zip_code=zip_code,
        county_key=area_key(place.get("county") or ""),
        state=place.get("state", ""),
        latitude=float(place["lat"]),
        longitude=float(place["long"]),
        timezone=place.get("timezone") or "America/Chicago",
    )


def state_key(state):
    return {"TX": "texas"}.get(state, state.lower())
