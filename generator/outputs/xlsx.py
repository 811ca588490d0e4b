"""A workbook of plain tables, written straight as SpreadsheetML (Office Open XML, ECMA-376).

The downloads hold up to a million cells; openpyxl and XlsxWriter spent 10 to 30 µs on each (measured
on the province-scale set), this writer one or two. It writes only what a table needs: one sheet per
table with a styled, frozen, filterable header row, column widths, and cells of four types, each chosen
by its column, never by its value: text (a shared string: a text that starts with `=` stays text),
number, date (a serial number shown `dd/mm/yyyy`) and true/false. Same tables, same bytes: the zip
entries carry a fixed time.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

TEXT, NUMBER, DATE, FLAG = "text", "number", "date", "flag"
MAX_ROWS = 1_048_576
CELL_LIMIT = 32_767  # characters (UTF-16 code units) Excel keeps in one cell
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (with its 1900 leap-year bug folded in)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# styles (cellXfs): 0 plain, 1 header (bold, tinted, wrapped, top), 2 date dd/mm/yyyy
_HEADER, _DATE = 1, 2
_SELECTED = 'tabSelected="1" '

# XML cannot hold most control characters, and reads a bare CR as LF: Excel's own escape `_xHHHH_` keeps
# them. A literal `_xHHHH_` in a text is itself escaped (`_x005F_` is `_`) so Excel shows it as written.
_SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


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
    keep = CELL_LIMIT - _units(note)
    text = text[:keep]
    while _units(text) > keep:
        text = text[:-1]
    return text + note


def escaped(text: str) -> str:
    """A text as it goes inside `<t>`: escaped for XML, and for Excel's own `_xHHHH_` escapes."""
    if not _SPECIAL.search(text):
        return text
    text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def column_letter(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Strings:
    """The shared string table: each distinct text once, cells refer to it by number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def __call__(self, text: str) -> int:
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> str:
        items = "".join([f'<si><t xml:space="preserve">{escaped(text)}</t></si>' for text in self.index])
        return f'{_HEAD}<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">{items}</sst>'


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write `sheets` as one .xlsx file. Raises ValueError for a name Excel refuses or a table longer than a
    sheet."""
    for sheet in sheets:
        if not 0 < _units(sheet.name) <= 31 or set(sheet.name) & set("[]:*?/\\"):
            raise ValueError(f"{sheet.name!r} cannot name a sheet (1 to 31 characters, none of []:*?/\\)")
        if len(sheet.rows) + 1 > MAX_ROWS:
            raise ValueError(f"{sheet.name}: {len(sheet.rows)} rows, more than a sheet holds ({MAX_ROWS - 1})")
    strings = _Strings()
    with zipfile.ZipFile(path, "w") as book:
        def put(name: str, text: str) -> None:
            book.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), text.encode("utf-8"),
                          compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)

        put("[Content_Types].xml", _content_types(len(sheets)))
        put("_rels/.rels", _relationships([
            (f"{_REL}/officeDocument", "xl/workbook.xml"),
            (f"{_PKG}/relationships/metadata/core-properties", "docProps/core.xml"),
            (f"{_REL}/extended-properties", "docProps/app.xml")]))
        put("docProps/core.xml", _CORE)
        put("docProps/app.xml", _APP)
        put("xl/workbook.xml", _workbook(sheets))
        put("xl/_rels/workbook.xml.rels", _relationships(
            [(f"{_REL}/worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
            + [(f"{_REL}/styles", "styles.xml"), (f"{_REL}/sharedStrings", "sharedStrings.xml")]))
        put("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(sheets, start=1):
            put(f"xl/worksheets/sheet{n}.xml", _worksheet(sheet, n == 1, strings))
        put("xl/sharedStrings.xml", strings.xml())


def _worksheet(sheet: Sheet, selected: bool, strings: _Strings) -> str:
    letters = [column_letter(n) for n in range(len(sheet.header))]
    last = f"{letters[-1]}{len(sheet.rows) + 1}"
    parts = [
        _HEAD, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
        f'<dimension ref="A1:{last}"/>',
        f'<sheetViews><sheetView {_SELECTED if selected else ""}workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/><cols>',
        *(f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>' for n, w in enumerate(sheet.widths, start=1)),
        '</cols><sheetData><row r="1" ht="48" customHeight="1">',
        *(f'<c r="{x}1" s="{_HEADER}" t="s"><v>{strings(h)}</v></c>'
          for x, h in zip(letters, sheet.header, strict=True)),
        "</row>",
    ]
    note = sheet.cut_note
    cells = []
    for kind, x in zip(sheet.kinds, letters, strict=True):
        if kind == TEXT:
            cells.append(lambda r, v, x=x: f'<c r="{x}{r}" t="s"><v>{strings(cut(v, note))}</v></c>')
        elif kind == DATE:
            cells.append(lambda r, v, x=x: f'<c r="{x}{r}" s="{_DATE}"><v>{v.toordinal() - _EPOCH}</v></c>')
        elif kind == FLAG:
            cells.append(lambda r, v, x=x: f'<c r="{x}{r}" t="b"><v>{1 if v else 0}</v></c>')
        else:
            cells.append(lambda r, v, x=x: f'<c r="{x}{r}"><v>{v!r}</v></c>')
    for r, row in enumerate(sheet.rows, start=2):
        body = "".join([cell(r, v) for cell, v in zip(cells, row, strict=True) if v is not None])
        parts.append(f'<row r="{r}">{body}</row>')
    parts.append(f'</sheetData><autoFilter ref="A1:{last}"/>'
                 '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                 "</worksheet>")
    return "".join(parts)


def _workbook(sheets: list[Sheet]) -> str:
    listed = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{n}" r:id="rId{n}"/>'
                     for n, s in enumerate(sheets, start=1))
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted(s.name))}!$A$1:${column_letter(len(s.header) - 1)}${len(s.rows) + 1}</definedName>"
        for n, s in enumerate(sheets))
    return (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{listed}</sheets><definedNames>{filters}</definedNames></workbook>")


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _relationships(targets: list[tuple[str, str]]) -> str:
    items = "".join(f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
                    for n, (kind, target) in enumerate(targets, start=1))
    return f'{_HEAD}<Relationships xmlns="{_PKG}/relationships">{items}</Relationships>'


def _content_types(count: int) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                     f'ContentType="{office}.spreadsheetml.worksheet+xml"/>' for n in range(1, count + 1))
    return (f'{_HEAD}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{office}.extended-properties+xml"/>'
            f"{sheets}</Types>")


_CORE = (f'{_HEAD}<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>tiendo</dc:creator>'
         '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
         '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
         "</cp:coreProperties>")
_APP = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>tiendo</Application></Properties>")
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
)
