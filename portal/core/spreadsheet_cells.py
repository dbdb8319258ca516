"""CSV cells a spreadsheet will not run as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with =, +, -, @, a tab or a
carriage return as a formula, so a directory record or a service name could run code on
an advocate's computer ("CSV injection"). Such a cell is written with a leading
apostrophe, which spreadsheets show as plain text. Plain numbers ("-95.36") are left
alone: a spreadsheet reads them as numbers, not formulas.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def safe_cell(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def original_cell(text):
    """The value `safe_cell` was given, so the portal reads its own CSV back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text[1:]):
        return text[1:]
    return text


class SafeWriter:
    """csv.writer whose every cell goes through `safe_cell`: the one way the portal writes CSV."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
