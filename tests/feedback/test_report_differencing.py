"""No two reports the portal allows can be subtracted to show a group smaller than five.

An attacker asks for every report she may, on any days she likes, and subtracts published counts.
She learns a group's size exactly when one report's ratings contain another's: |A| - |B| = |A \\ B|.
The property: whenever two allowed reports are both published (five or more each) and one contains
the other, what is left is five or more too, or nothing. Reports are fixed calendar quarters that have
ended; the self-check shows the same attacker beating free date ranges.
"""

from datetime import date, datetime, time, timedelta
from itertools import combinations, product

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.core.periods import Period
from portal.feedback.period import ended_quarters, period_for, quarter_choices, quarter_key
from portal.feedback.suppression import MIN_COUNT, protect, suppress

FIRST_DAY = date(2025, 1, 1)
DAYS = 3 * 365


def moment(day_offset, minute):
    day = FIRST_DAY + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time.min)) + timedelta(minutes=minute)


def seen(ratings, period, asked_on):
    """The ratings a report over `period`, asked for on `asked_on`, counts (indexes into `ratings`)."""
    asked_at = timezone.make_aware(datetime.combine(asked_on, time.min))
    return frozenset(
        index
        for index, given_at in enumerate(ratings)
        if period.since <= given_at < period.until and given_at < asked_at
    )


def revealed_small_groups(reports):
    """Every group under five that subtracting two published reports gives away."""
    published = [ratings for ratings in reports if suppress(len(ratings)) is not None]
    leaks = []
    for first, second in combinations(set(published), 2):
        bigger, smaller = (first, second) if len(first) >= len(second) else (second, first)
        if smaller < bigger and 0 < len(bigger - smaller) < MIN_COUNT:
            leaks.append(bigger - smaller)
    return leaks


def allowed_reports(ratings, asked_on_days):
    reports = []
    for asked_on in asked_on_days:
        with_clock = [key for key, _label in quarter_choices(asked_on)]
        assert with_clock == [quarter_key(*quarter) for quarter in ended_quarters(asked_on)]
        reports += [seen(ratings, period_for(key), asked_on) for key in with_clock]
    return reports


ratings_strategy = st.lists(
    st.builds(moment, st.integers(0, DAYS - 1), st.integers(0, 24 * 60 - 1)), min_size=0, max_size=60
)
days_strategy = st.lists(
    st.builds(lambda offset: FIRST_DAY + timedelta(days=offset), st.integers(0, DAYS + 200)), min_size=1, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(ratings=ratings_strategy, asked_on_days=days_strategy)
def test_no_pair_of_allowed_reports_reveals_a_group_under_five(ratings, asked_on_days):
    reports = allowed_reports(ratings, asked_on_days)
    assert revealed_small_groups(reports) == []
    # Why: two allowed reports are the same quarter (and then the same ratings, whenever asked) or
    # quarters that share no day.
    for first, second in combinations(reports, 2):
        assert first == second or not first & second


@settings(max_examples=100, deadline=None)
@given(ratings=ratings_strategy, asked_on=st.builds(lambda n: FIRST_DAY + timedelta(days=n), st.integers(0, DAYS)))
def test_a_quarter_still_running_is_never_offered(ratings, asked_on):
    running = Period.quarter(asked_on.year, (asked_on.month - 1) // 3 + 1)
    for key in dict(quarter_choices(asked_on)):
        assert period_for(key).until <= running.since


def test_the_attacker_beats_free_date_ranges():
    """Self-check: with any start and end day, five ratings on one day and one the next give her away."""
    ratings = [moment(10, minute) for minute in range(5)] + [moment(11, 0)]
    asked_on = FIRST_DAY + timedelta(days=60)
    first_day = Period(moment(10, 0).date(), moment(10, 0).date())
    both_days = Period(moment(10, 0).date(), moment(11, 0).date())
    reports = [seen(ratings, first_day, asked_on), seen(ratings, both_days, asked_on)]
    assert revealed_small_groups(reports) == [frozenset({5})]


# Inside one report: a category's or an organisation's count is the sum of its services' rows, so a
# hidden row could be worked out as "total minus the rows shown". The attacker below knows every shown
# number, which cells are hidden, how cells add up, and that no group is below `lower`; she tries every
# possible set of group sizes that agrees with what she sees.

atoms_strategy = st.integers(1, 4).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(0, 7), min_size=size, max_size=size),
        st.lists(st.frozensets(st.integers(0, size - 1), min_size=1, max_size=size), max_size=4),
        st.sampled_from([0, 1]),
    )
)


def report_cells(sizes, totals):
    cells = {("row", atom): frozenset([atom]) for atom in range(len(sizes))}
    cells.update({("total", number): members for number, members in enumerate(totals)})
    return cells


def what_she_can_tell(atoms, cells, hidden, lower):
    """For every hidden cell, each value it could have, given everything shown."""
    shown = {key: sum(atoms[atom] for atom in members) for key, members in cells.items() if key not in hidden}
    ranges = []
    for atom in atoms:
        bounds = [value for key, value in shown.items() if atom in cells[key]]
        # A group in no shown number could be any size; a few steps past its own are enough to see that.
        ranges.append(range(lower, (min(bounds) if bounds else atoms[atom] + 2) + 1))
    possible = {key: set() for key in hidden if cells[key]}
    for sizes in product(*ranges):
        if all(sum(sizes[atom] for atom in cells[key]) == value for key, value in shown.items()):
            for key in possible:
                possible[key].add(sum(sizes[atom] for atom in cells[key]))
    return possible


@settings(max_examples=300, deadline=None)
@given(data=atoms_strategy)
def test_no_hidden_cell_can_be_worked_out_from_the_rest_of_its_report(data):
    sizes, totals, lower = data
    atoms = {atom: max(size, lower) for atom, size in enumerate(sizes)}
    cells = report_cells(sizes, totals)
    hidden = protect(atoms, cells)
    counts = {key: sum(atoms[atom] for atom in members) for key, members in cells.items()}
    assert {key for key, count in counts.items() if count < MIN_COUNT} <= hidden
    for key, values in what_she_can_tell(atoms, cells, hidden, lower).items():
        assert counts[key] in values
        assert len(values) > 1, (key, counts, hidden)
    # Nor does one shown number inside another leave a group under five.
    for bigger, smaller in combinations([key for key in cells if key not in hidden], 2):
        if cells[smaller] < cells[bigger] or cells[bigger] < cells[smaller]:
            assert abs(counts[bigger] - counts[smaller]) == 0 or abs(counts[bigger] - counts[smaller]) >= MIN_COUNT


def test_one_hidden_row_under_a_shown_total_takes_another_with_it():
    """Self-check: rows of 2, 6 and 9 under a total of 17; hiding only the 2 would give it away (17 - 6 - 9)."""
    atoms = {0: 2, 1: 6, 2: 9}
    cells = report_cells(list(atoms.values()), [frozenset(atoms)])
    small_only = suppress_small_only(atoms, cells)
    assert small_only == {("row", 0)}
    assert what_she_can_tell(atoms, cells, small_only, 0) == {("row", 0): {2}}
    hidden = protect(atoms, cells)
    assert hidden == {("row", 0), ("row", 1)}
    assert what_she_can_tell(atoms, cells, hidden, 0)[("row", 0)] == set(range(9))


def suppress_small_only(atoms, cells):
    return {key for key, members in cells.items() if suppress(sum(atoms[atom] for atom in members)) is None}
