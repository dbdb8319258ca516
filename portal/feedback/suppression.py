"""The one rule that keeps anybody from being singled out in a report.

Any number built from fewer than MIN_COUNT people (including none) is hidden, and so is any number
that, with the ones shown, would give a hidden one away (`protect`). Tables, charts and CSV exports
all take their cells through `suppress`, so what one hides, all hide. Every hidden number reads the
same, SUPPRESSED: whether it was small or hidden to protect another is not shown either.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MIN_COUNT = 5
SUPPRESSED = "x"


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


def protect(atoms, cells):
    """The keys of the cells to hide, so that no hidden cell can be worked out from the cells shown.

    `atoms` maps the smallest groups a report counts (one service's ratings) to their size (at least 1);
    `cells` maps every number the report shows to the atoms it adds up (a service, a category, an
    organisation). Cells under MIN_COUNT are hidden first; then more are hidden until
    - a total that is shown, less the rows and any smaller total shown inside it, leaves nothing or
      at least two groups of MIN_COUNT or more people together (else the subtraction would give a
      hidden row away, or a group under five);
    - no hidden cell is a sum or difference of shown ones (totals that overlap, such as a service
      in two categories, could otherwise be subtracted).
    The smallest cells are hidden first, so as little as possible is lost.
    """
    counts = {key: sum(atoms[atom] for atom in members) for key, members in cells.items()}
    hidden = {key for key, count in counts.items() if count < MIN_COUNT}
    smallest_first = sorted(cells, key=lambda key: (counts[key], str(key)))
    single = {key for key, members in cells.items() if len(members) == 1}
    while True:
        key = _one_more_to_hide(atoms, cells, hidden, smallest_first, single)
        if key is None:
            return hidden
        hidden.add(key)


def _one_more_to_hide(atoms, cells, hidden, smallest_first, single):
    shown_atoms = {next(iter(cells[key])) for key in single if key not in hidden}
    shown_totals = [key for key in smallest_first if key not in hidden and key not in single]
    for total in shown_totals:
        # What "this total minus a shown number inside it, minus the rows shown" leaves must be two
        # or more groups of MIN_COUNT or more people together, or nothing.
        for inner in [None, *(key for key in shown_totals if cells[key] < cells[total])]:
            rest = cells[total] - (cells[inner] if inner else frozenset())
            unknown = rest - shown_atoms
            if unknown and (len(unknown) < 2 or sum(atoms[atom] for atom in unknown) < MIN_COUNT):
                rows = [key for key in smallest_first if key in single and key not in hidden and cells[key] <= rest]
                return rows[0] if rows else inner or total
    shown = [key for key in smallest_first if key not in hidden]
    basis = _basis(cells[key] for key in shown)
    for key in smallest_first:
        if key in hidden and cells[key] and _in_span(cells[key], basis):
            # Hide the smallest shown cell sharing a group with it without which it can no longer be
            # worked out, or, when no single one is enough, the smallest one sharing a group with it.
            overlapping = [other for other in shown if cells[other] & cells[key]]
            for candidate in overlapping:
                rest = _basis(cells[other] for other in shown if other != candidate)
                if not _in_span(cells[key], rest):
                    return candidate
            return overlapping[0] if overlapping else shown[0]
    return None


def _basis(sets):
    """The shown sets as rows in echelon form (pivot, {atom: coefficient}), exact rational arithmetic."""
    basis = []
    for members in sets:
        row = _reduce(dict.fromkeys(members, Fraction(1)), basis)
        if row:
            pivot = next(iter(row))
            basis.append((pivot, {atom: value / row[pivot] for atom, value in row.items()}))
    return basis


def _in_span(members, basis):
    """Is this set a sum or difference (any rational combination) of the shown ones?"""
    return not _reduce(dict.fromkeys(members, Fraction(1)), basis)


def _reduce(row, basis):
    for pivot, base in basis:
        factor = row.get(pivot)
        if factor:
            for atom, value in base.items():
                left = row.get(atom, 0) - factor * value
                if left:
                    row[atom] = left
                else:
                    row.pop(atom, None)
    return row
