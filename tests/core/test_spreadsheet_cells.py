"""No CSV the portal writes holds a cell a spreadsheet would run as a formula."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from portal.core.spreadsheet_cells import FORMULA_STARTS, PLAIN_NUMBER, SafeWriter, original_cell, safe_cell


def test_cells_a_spreadsheet_would_run_are_written_as_text():
    assert safe_cell('=HYPERLINK("http://example.org","Click")') == '\'=HYPERLINK("http://example.org","Click")'
    assert safe_cell("+1 713 555 0100") == "'+1 713 555 0100"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("@SUM(A1:A2)") == "'@SUM(A1:A2)"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("\r=1") == "'\r=1"


def test_plain_values_and_numbers_are_left_alone():
    assert [safe_cell(value) for value in ("Shelter", "", None, 3, -95.3594, "-95.3594", "+12", "a=b")] == [
        "Shelter",
        "",
        "",
        "3",
        "-95.3594",
        "-95.3594",
        "+12",
        "a=b",
    ]


@given(st.text())
def test_no_cell_starts_a_formula_and_each_reads_back_as_it_was(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS) or PLAIN_NUMBER.match(cell)
    assert original_cell(cell) == text


def test_the_writer_makes_every_cell_safe():
    buffer = io.StringIO()
    SafeWriter(buffer).writerows([["=1+1", "ok"], ["@x", -1]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1+1", "ok"], ["'@x", "-1"]]
