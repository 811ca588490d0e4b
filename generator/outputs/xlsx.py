"""A workbook of plain tables, written with XlsxWriter (streaming: one row at a time in memory).

One sheet per table with a styled, frozen, filterable header row and column widths; cells of four types,
each chosen by its column, never by its value: text (always a string cell: a text that starts with `=`
stays text; XlsxWriter escapes control characters and Excel's own `_xHHHH_` escapes), number, date (shown
`dd/mm/yyyy`) and true/false. Same tables, same bytes: the workbook's dates are fixed and XlsxWriter
gives every zip entry the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

TEXT, NUMBER, DATE, FLAG = "text", "number", "date", "flag"
MAX_ROWS = 1_048_576
CELL_LIMIT = 32_767  # characters (UTF-16 code units) Excel keeps in one cell
FIXED_TIME = datetime(2000, 1, 1)


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\
    header: list[str]
    kinds: list[str]  # TEXT, NUMBER, DATE or FLAG for each column
    widths: list[float]
    rows: list[tuple]  # None is an empty cell
    cut_note: str = " …"  # appended to a text cut at CELL_LIMIT


def cut(text: str, note: str = " …") -> str:
    """The text, or as much of it as a cell holds followed by `note`."""
    if len(text) <= CELL_LIMIT // 2 or _units(text) <= CELL_LIMIT:
        return text
    keep = CELL_LIMIT - _units(note)  # in UTF-16 code units; a character cut in half is dropped whole
    return text.encode("utf-16-le")[:2 * keep].decode("utf-16-le", "ignore") + note


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write `sheets` as one .xlsx file. Raises ValueError for a name Excel refuses or a table longer than a
    sheet (before anything is written)."""
    import xlsxwriter

    for sheet in sheets:
        if not 0 < _units(sheet.name) <= 31 or set(sheet.name) & set("[]:*?/\\"):
            raise ValueError(f"{sheet.name!r} cannot name a sheet (1 to 31 characters, none of []:*?/\\)")
        if len(sheet.rows) + 1 > MAX_ROWS:
            raise ValueError(f"{sheet.name}: {len(sheet.rows)} rows, more than a sheet holds ({MAX_ROWS - 1})")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"author": "tiendo", "created": FIXED_TIME})
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for sheet in sheets:
        _worksheet(book.add_worksheet(sheet.name), sheet, header, day)
    book.close()


def _worksheet(out, sheet: Sheet, header, day) -> None:
    for n, width in enumerate(sheet.widths):
        out.set_column(n, n, width)
    out.freeze_panes(1, 0)
    out.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)
    out.set_row(0, 48)
    for n, text in enumerate(sheet.header):
        out.write_string(0, n, text, header)
    note = sheet.cut_note
    writers = []
    for kind in sheet.kinds:
        if kind == TEXT:
            writers.append(lambda r, c, v: out.write_string(r, c, cut(v, note)))
        elif kind == DATE:
            writers.append(lambda r, c, v: out.write_datetime(r, c, v, day))
        elif kind == FLAG:
            writers.append(out.write_boolean)
        else:
            writers.append(out.write_number)
    for r, row in enumerate(sheet.rows, start=1):
        for c, (write, value) in enumerate(zip(writers, row, strict=True)):
            if value is not None:
                write(r, c, value)
