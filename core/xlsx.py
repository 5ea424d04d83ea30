"""Rows for the XLSX exports (SKP results, ABK tables): text stays text.

openpyxl stores any string that starts with "=" as a formula. Names, unit titles and the appraiser's
written justification are typed by people, so a justification such as `=HYPERLINK("http://...?"&A2)`
would run in the spreadsheet of whoever opens the export (formula injection). Every text cell of an
export goes through `safe_row`, which keeps it a string cell; numbers and dates are left as they are,
except instants, which are written in local time (WIB), as the screens show them, never in UTC.

A CSV has no cell types: a spreadsheet opening it evaluates any field starting with = + - or @, so the
CSV downloads put each typed text through `csv_text`, which prefixes such a field with an apostrophe
(the OWASP advice for CSV injection).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

from core.formatting import local_naive


def safe_row(ws, values: Iterable) -> list:
    """The row for `ws.append`: strings as explicit string cells, other values unchanged."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # not "f": shown as the text that was typed, never evaluated
            row.append(cell)
        elif isinstance(value, dt.datetime):
            row.append(local_naive(value))
        else:
            row.append(value)
    return row


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A typed text for a CSV field: shown as typed, never evaluated as a formula."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def header_row(ws, titles: Iterable[str]) -> list:
    """A bold header row for `ws.append` (write-only sheets style cells one by one)."""
    from openpyxl.styles import Font

    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells
