"""ZIP codes to places, offline, from the `zipcodes` package's bundled data."""

import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

from .models.service import area_key

ZIP_PATTERN = re.compile(r"^\d{5}$")
MILES_PER_DEGREE = 69.0


@dataclass(frozen=True)
class ZipPlace:
    zip_code: str
    county_key: str
    state: str
    latitude: float
    longitude: float
    timezone: str


@lru_cache(maxsize=4096)
def zip_place(zip_code):
    """The centre, county and time zone of a US ZIP code, or None if there is no such ZIP."""
    zip_code = (zip_code or "").strip()[:5]
    if not ZIP_PATTERN.match(zip_code):
        return None
    matches = zipcodes.matching(zip_code)
    if not matches:
        return None
    place = matches[0]
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
