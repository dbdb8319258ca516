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
    atom_order = sorted({atom for members in cells.values() for atom in members}, key=str)
    for key in smallest_first:
        if key in hidden and cells[key] and _in_span(cells[key], [cells[other] for other in shown], atom_order):
            # Hide the smallest shown cell without which the hidden one can no longer be worked out,
            # or, when no single one is enough, the smallest one that shares a group with it.
            for candidate in shown:
                rest = [cells[other] for other in shown if other != candidate]
                if not _in_span(cells[key], rest, atom_order):
                    return candidate
            return next((other for other in shown if cells[other] & cells[key]), shown[0])
    return None


def _in_span(target, vectors, atom_order):
    """Is the set `target` a sum or difference (any rational combination) of the sets in `vectors`?"""
    basis = []  # rows in echelon form: (pivot atom index, row)
    for vector in vectors:
        row = _reduce([Fraction(atom in vector) for atom in atom_order], basis)
        pivot = next((index for index, value in enumerate(row) if value), None)
        if pivot is not None:
            basis.append((pivot, [value / row[pivot] for value in row]))
    left = _reduce([Fraction(atom in target) for atom in atom_order], basis)
    return not any(left)


def _reduce(row, basis):
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [value - factor * other for value, other in zip(row, base, strict=True)]
    return row
