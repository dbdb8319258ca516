"""The one rule that keeps anybody from being singled out in a report.

Any number built from fewer than MIN_COUNT people (including none) is hidden. Tables, charts and
CSV exports all take their cells through `suppress`, so what one hides, all hide.
"""

from decimal import ROUND_HALF_UP, Decimal

MIN_COUNT = 5
SUPPRESSED = "<5"


def suppress(base_count, value=None):
    """`value` (by default the count itself) when at least MIN_COUNT people stand behind it, else None."""
    if base_count is None or base_count < MIN_COUNT:
        return None
    return base_count if value is None else value


def display(value):
    """How a cell reads in the table and in the CSV: the same text in both."""
    if value is None:
        return SUPPRESSED
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def rounded(number, places=1):
    """Half up, as people count by hand (Python's round() would give 3.2 for 3.25)."""
    step = Decimal(1).scaleb(-places)
    value = Decimal(str(number)).quantize(step, rounding=ROUND_HALF_UP)
    return int(value) if places == 0 else float(value)
