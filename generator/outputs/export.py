"""Writing the download tables (tables.py) as tiendo-<table>.csv, tiendo.xlsx and tiendo.json.

CSV is UTF-8 with a byte-order mark so Excel shows Vietnamese, ISO dates, numbers with a decimal point;
its header is the field names, stable for scripts. XLSX has one sheet per table, a styled, frozen,
filterable header (the Vietnamese label above the field name), real dates shown `29/12/2016` and real
numbers. JSON holds every table as records.

Every text from the data reaches a spreadsheet as text, never as a formula (OWASP, "CSV injection"):
XLSX cells are written as strings explicitly, and a CSV text cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return gets a leading `'`. Numbers are never touched. The same data gives the same
bytes: the workbook's dates and its zip entries' times are fixed.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from generator.data.load import Dataset
from generator.outputs import xlsx
from generator.outputs.atomic import replacing
from generator.outputs.tables import DATE, FLAG, NUMBER, PROSE, WORDS, Table, tables
from generator.stats.engine import Timeline

__all__ = ["export_names", "tables", "write_exports", "write_tables", "csv_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what ends a text too long for an Excel cell (32.767 characters): the CSV and the JSON hold it whole
CUT_NOTE = " … [cắt bớt: ô Excel chứa tối đa 32.767 ký tự; xem đầy đủ trong tiendo-{table}.csv]"


def export_names(frames: dict[str, Table]) -> list[str]:
    """The files `write_tables` writes, most useful first."""
    return ["tiendo.xlsx", "tiendo.json", *(f"tiendo-{name}.csv" for name in frames)]


def write_exports(data: Dataset, timelines: list[Timeline], out: Path) -> list[Path]:
    """Write tiendo-<table>.csv, tiendo.xlsx and tiendo.json into `out`; returns the files."""
    return write_tables(tables(data, timelines), out)


def write_tables(frames: dict[str, Table], out: Path) -> list[Path]:
    """Each file is written beside its final name and renamed into place: never half a file."""
    out.mkdir(parents=True, exist_ok=True)
    with replacing(out / "tiendo.xlsx") as path:
        _write_xlsx(frames, path)
    with replacing(out / "tiendo.json") as path:
        _write_json(frames, path)
    for name, table in frames.items():
        with replacing(out / f"tiendo-{name}.csv") as path:
            with path.open("w", encoding="utf-8-sig", newline="") as stream:
                _write_csv(table, stream)
    return [out / name for name in export_names(frames)]


# --- CSV ---------------------------------------------------------------------------


def safe_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: `'` before a leading `=`, `+`, `-`, `@`, tab or CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_csv(table: Table, stream) -> None:
    texts = [n for n, c in enumerate(table.columns) if c.kind not in (DATE, NUMBER, FLAG)]
    writer = csv.writer(stream)  # lines end CRLF (RFC 4180): a CR inside a text is quoted too
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        row = list(row)
        for n in texts:
            if row[n]:
                row[n] = safe_text(row[n])
        writer.writerow(row)  # None is written empty, a date as 2019-03-14, True as True


def csv_text(table: Table) -> str:
    """The table as CSV text (for standard output)."""
    stream = io.StringIO()
    _write_csv(table, stream)
    return stream.getvalue()


# --- JSON --------------------------------------------------------------------------


def _write_json(frames: dict[str, Table], path: Path) -> None:
    """`{"tasks": [{...}, ...], ...}` with one record per line; dates as `2019-03-14`."""
    def plain(value):
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    with path.open("w", encoding="utf-8") as stream:
        stream.write("{")
        for n, (name, table) in enumerate(frames.items()):
            stream.write(("," if n else "") + "\n" + json.dumps(name) + ": [")
            for m, record in enumerate(table.records()):
                stream.write(("," if m else "") + "\n" + json.dumps(record, ensure_ascii=False, default=plain))
            stream.write("\n]" if table.rows else "]")
        stream.write("\n}\n")


# --- XLSX --------------------------------------------------------------------------

_XLSX_KINDS = {DATE: xlsx.DATE, NUMBER: xlsx.NUMBER, FLAG: xlsx.FLAG}
WIDTHS = {PROSE: 60, WORDS: 28, DATE: 12, NUMBER: 12, FLAG: 10}


def _write_xlsx(frames: dict[str, Table], path: Path) -> None:
    """One sheet per table; header: the Vietnamese label above the field name."""
    xlsx.write_workbook(path, [
        xlsx.Sheet(table.sheet, [f"{c.label}\n({c.key})" for c in table.columns],
                   [_XLSX_KINDS.get(c.kind, xlsx.TEXT) for c in table.columns],
                   [WIDTHS.get(c.kind, 14) for c in table.columns], table.rows,
                   CUT_NOTE.format(table=name))
        for name, table in frames.items()])
