"""The Excel report form (contract §12): a draft report written as a workbook a clerk fills in Excel.

Sheets: a guide in Vietnamese; "Báo cáo" (the report's own fields); "Nhiệm vụ" (one row per task the
agency leads or supports at the period); "Văn bản" (documents, one per row); and a very hidden
"_tiendo" sheet that records what the form was made for and what its locked cells said, so that
`form_import` can refuse a form whose locked cells were changed. Every sheet is protected without a
password: the plan's wording is locked, the clerk's cells are not. Texts go into cells as strings
(never formulas), escaped the OOXML way (`_xHHHH_`) where a cell cannot hold a character as is.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from jinja2 import Template
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator import templating
from generator.formatting import STATUS_LABELS, vi_date
from generator.outputs.new_update import Draft, Line

GUIDE, REPORT, TASKS, DOCUMENTS, META = "Hướng dẫn", "Báo cáo", "Nhiệm vụ", "Văn bản", "_tiendo"
FORMAT, VERSION = "tiendo-bieu-mau", "1"
MAX_CELL = 32767  # characters one Excel cell holds
FIRST_ROW = 4  # first data row of the task and document sheets (row 3: headers)

# "Báo cáo": (key, label, note) from row FIRST_ROW on, value in column B
REPORT_FIELDS = [
    ("plan", "Kế hoạch", None), ("agency", "Cơ quan", None), ("period", "Kỳ báo cáo", None),
    ("as_of", "Ngày chốt số liệu", "Trong kỳ: từ {start} đến {end}"),
    ("submitted_on", "Ngày gửi báo cáo", "Hạn gửi: {due}"),
    ("reporter", "Người lập báo cáo", "Đơn vị, người lập"),
    ("summary", "Kết quả chung", "Kết quả chung trong kỳ"),
    ("obstacles", "Khó khăn, vướng mắc", "Khó khăn, vướng mắc chung"),
    ("proposals", "Kiến nghị, đề xuất", "Kiến nghị, đề xuất chung"),
]
REPORT_ROW = {key: FIRST_ROW + i for i, (key, _, _) in enumerate(REPORT_FIELDS)}
IDENTITY = ("plan", "agency", "period")
REVISIONS_TITLE_ROW = FIRST_ROW + len(REPORT_FIELDS) + 1  # then a header row, then one revision per row
SPARE_REVISIONS = 3
# "Nhiệm vụ": (key, header, width); locked: the first four; then one (name, value) pair per indicator
TASK_COLUMNS = [
    ("id", "Số hiệu", 7), ("title", "Nhiệm vụ", 36), ("role", "Vai trò", 9), ("due", "Thời hạn", 11),
    ("status", "Tình trạng", 15), ("progress", "Tiến độ (%)", 8), ("completed_on", "Ngày hoàn thành", 11),
    ("result", "Kết quả thực hiện", 40), ("obstacles", "Khó khăn, vướng mắc", 26),
    ("proposals", "Kiến nghị, đề xuất", 26),
]
TASK_COL = {key: i + 1 for i, (key, _, _) in enumerate(TASK_COLUMNS)}
TASK_HEADER = {key: header for key, header, _ in TASK_COLUMNS}
LOCKED_TASK_KEYS = ("id", "title", "role", "due")
LEAD_KEYS = ("status", "progress", "completed_on")
TEXT_KEYS = ("result", "obstacles", "proposals")
INDICATOR_COL = len(TASK_COLUMNS) + 1  # name of the first indicator; its value is in the next column
DOC_COLUMNS = [("task", "Số hiệu nhiệm vụ", 12), ("number", "Số, ký hiệu văn bản", 20), ("date", "Ngày", 12),
               ("title", "Trích yếu", 60), ("url", "Đường dẫn (http, https)", 40)]
DOC_COL = {key: i + 1 for i, (key, _, _) in enumerate(DOC_COLUMNS)}
DOC_HEADER = {key: header for key, header, _ in DOC_COLUMNS}
# what the form calls each field of the report (messages of `tiendo validate` are told in these words)
FIELD_LABELS = {**{key: label for key, label, _ in REPORT_FIELDS}, **TASK_HEADER, "revisions": "Các lần sửa đổi",
                "reason": "Lý do sửa đổi", "indicators": "Số liệu", "documents": "Văn bản", "number": DOC_HEADER["number"],
                "url": DOC_HEADER["url"]}
SPARE_DOCUMENTS = 20
ROLES = {True: "Chủ trì", False: "Phối hợp"}
RECURRING_DUE = "Thường xuyên"
# drop-down lists: one-off tasks choose among three statuses, standing tasks among two
STATUS_CHOICES = {False: ["not_started", "in_progress", "completed"], True: ["in_progress", "not_started"]}

_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_UNUSED_FILL = PatternFill("solid", fgColor="BFBFBF")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_FONT = Font(name="Times New Roman", size=11)
_BOLD = Font(name="Times New Roman", size=11, bold=True)
_TITLE = Font(name="Times New Roman", size=13, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "dd/mm/yyyy"
# the looks of cells, registered once per workbook (one style assignment per cell keeps writing fast):
# name -> (locked, fill, number format)
_STYLES = {
    "text": (False, None, "@"),  # the clerk's text: stays text, `15/06` is not turned into a date
    "date": (False, None, DATE_FORMAT),
    "number": (False, None, "General"),
    "locked": (True, _LOCKED_FILL, "@"),  # the plan's wording
    "unused": (True, _UNUSED_FILL, "General"),  # not for this task (a supporter's status, a standing task's progress)
}


def _named_styles() -> list[NamedStyle]:
    styles = [NamedStyle(name, font=_FONT, border=_BORDER, alignment=_WRAP, protection=Protection(locked=locked),
                         number_format=number_format, **({"fill": fill} if fill else {}))
              for name, (locked, fill, number_format) in _STYLES.items()]
    styles.append(NamedStyle("header", font=_BOLD, border=_BORDER, fill=_HEADER_FILL,
                             alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))
    return styles


class FormError(Exception):
    """The draft cannot be written as a form (a text longer than a cell holds)."""


def escape(text: str) -> str:
    """Text as an Excel cell stores it: `_x000D_` for CR and control characters, `_x005F_` before a
    literal `_xHHHH_` (what Excel itself writes; `form_import.unescape` reads it back)."""
    return _ESCAPE.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text)


@dataclass
class _Cells:
    """Writes cells with one look: locked (plan wording), input (the clerk's), unused (locked, dark)."""

    ws: Worksheet
    meta: _Meta

    def put(self, row: int, column: int, value: Any = None, style: str = "text", *, what: str = "") -> str | None:
        """Write a value with one of `_STYLES`; returns the text as stored (for the hidden record)."""
        cell = self.ws.cell(row, column)
        cell.style = style
        if isinstance(value, str):
            written = escape(value)
            if len(written) > MAX_CELL:
                raise FormError(f"{what or 'Một văn bản'} dài {len(value):,} ký tự, quá {MAX_CELL:,} ký tự một ô "
                                f"Excel chứa được ({self.ws.title}!{cell.coordinate}); rút gọn văn bản trong tệp "
                                "YAML.".replace(",", "."))
            if not value:  # an empty text: a cell cannot tell it from no value, the hidden record does
                self.meta.blanks.append(f"{self.ws.title}!{cell.coordinate}")
            cell.value = written
            cell.data_type = "s"  # a string, even when it starts with "=": never a formula
            return written
        if value is not None:
            cell.value = value
        return None

    def header(self, row: int, column: int, text: str) -> None:
        self.ws.cell(row, column, text).style = "header"


def build_form(draft: Draft, today: date) -> bytes:
    """The draft as an .xlsx workbook (bytes; the same draft and day give the same bytes)."""
    wb = Workbook()
    # the default font is what column widths are measured in: Times New Roman everywhere, in Excel and
    # in LibreOffice alike (which has no Calibri and would measure wider columns)
    next(style for style in wb._named_styles if style.name == "Normal").font = _FONT
    wb._fonts[0] = _FONT
    for style in _named_styles():
        wb.add_named_style(style)
    meta = _Meta(wb.create_sheet(META))
    meta.add("plan", draft.report["plan"])
    meta.add("agency", draft.report["agency"])
    meta.add("period", draft.report["period"])
    guide = wb.active
    guide.title = GUIDE
    _guide_sheet(guide, draft)
    _report_sheet(wb.create_sheet(REPORT), draft, meta)
    _tasks_sheet(wb.create_sheet(TASKS), draft, meta)
    _documents_sheet(wb.create_sheet(DOCUMENTS), draft, meta)
    meta.add("blank", *meta.blanks)
    wb.move_sheet(META, offset=len(wb.sheetnames))
    meta.ws.sheet_state = "veryHidden"
    meta.ws.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no password: sheets cannot be renamed or unhidden
    wb.active = 0
    moment = datetime(today.year, today.month, today.day)
    wb.properties.creator = "tiendo"
    wb.properties.created = wb.properties.modified = moment
    buffer = io.BytesIO()
    ExcelWriter(wb, _StableZip(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # wb.save would stamp the time
    return buffer.getvalue()


class _Meta:
    """The hidden record: one `key | values…` row each, read back by `form_import`."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.rows = 0
        self.blanks: list[str] = []  # cells holding an empty text (not an absent value)
        self.add("format", FORMAT, VERSION)

    def add(self, key: str, *values: str | None) -> int:
        self.rows += 1
        for column, value in enumerate((key, *values), 1):
            _text(self.ws.cell(self.rows, column), value or "")
        return self.rows


def _text(cell, text: str, font: Font | None = None) -> None:
    """A text cell that stays text: escaped, and a string even when it starts with `=`."""
    cell.value = escape(text)
    cell.data_type = "s"
    if font is not None:
        cell.font = font


@cache
def _guide_template() -> Template:
    return templating.environment(autoescape=False).get_template("form_guide.txt.j2")


def _guide_sheet(ws: Worksheet, draft: Draft) -> None:
    schedule = draft.plan.schedule
    first, last = schedule.window(draft.period)
    owner = draft.data.agencies.get(draft.plan.plan.owner)
    text = _guide_template().render(
        plan_code=draft.plan.plan.code, plan_title=" ".join(draft.plan.plan.title.split()),
        agency_name=draft.agency.name, period_label=draft.period.label, window_start=vi_date(first),
        window_end=vi_date(last), due=vi_date(schedule.due_date(draft.period)),
        lock_days=draft.plan.plan.reporting.lock_days, owner_name=owner.name if owner else draft.plan.plan.owner,
        report_sheet=REPORT, tasks_sheet=TASKS, documents_sheet=DOCUMENTS)
    ws.column_dimensions["A"].width = 85  # fits A4 portrait at 100% (LibreOffice does not scale one column)
    for row, line in enumerate(text.splitlines(), 1):
        heading = line.startswith("# ")
        cell = ws.cell(row, 1)
        _text(cell, line[2:] if heading else line, _TITLE if row == 1 else _BOLD if heading else _FONT)
        cell.alignment = _WRAP
        ws.row_dimensions[row].height = _height(line, 85)
    _print_setup(ws, landscape=False)
    ws.protection.sheet = True


def _report_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    schedule = draft.plan.schedule
    first, last = schedule.window(draft.period)
    report = draft.report
    plan = draft.plan.plan
    _text(ws.cell(1, 1), f"BÁO CÁO TIẾN ĐỘ {draft.period.label.upper()}", _TITLE)
    notes = {"plan": f"Kế hoạch số {plan.code}", "agency": draft.agency.name, "period": draft.period.label}
    for key, label, note in REPORT_FIELDS:
        row = REPORT_ROW[key]
        meta.add("cell", f"A{row}", cells.put(row, 1, label, "locked"))
        if key in IDENTITY:
            meta.add("cell", f"B{row}", cells.put(row, 2, report[key], "locked"))
            value, note = None, notes[key]
        else:
            value = report.get(key)
            cells.put(row, 2, value, "date" if key in ("as_of", "submitted_on") else "text", what=label)
            note = note.format(start=vi_date(first), end=vi_date(last), due=vi_date(schedule.due_date(draft.period)))
        cells.put(row, 3, note, "locked")
        heights = [_height(value, 58) if isinstance(value, str) else None, _height(note, 26)]
        ws.row_dimensions[row].height = max((h for h in heights if h), default=None)
    _date_rule(ws, f"B{REPORT_ROW['as_of']}", first, last, "Ngày chốt số liệu phải trong kỳ.")
    _date_rule(ws, f"B{REPORT_ROW['submitted_on']}", first, None, "Ngày gửi không trước ngày đầu kỳ.")
    row = REVISIONS_TITLE_ROW
    _text(ws.cell(row, 1), "Các lần sửa đổi (chỉ khi sửa báo cáo đã khóa)", _BOLD)
    meta.add("cell", f"A{row + 1}", cells.put(row + 1, 1, "Ngày sửa đổi", "locked"))
    meta.add("cell", f"B{row + 1}", cells.put(row + 1, 2, "Lý do sửa đổi", "locked"))
    revisions = report.get("revisions", [])
    rows = range(row + 2, row + 2 + len(revisions) + SPARE_REVISIONS)
    for i, r in enumerate(rows):
        revision = revisions[i] if i < len(revisions) else {}
        cells.put(r, 1, revision.get("date"), "date")
        cells.put(r, 2, revision.get("reason"), what="Lý do sửa đổi")
    meta.add("revisions", str(rows.start), str(rows.stop - 1))
    _date_rule(ws, f"A{rows.start}:A{rows.stop - 1}", plan.start, None, "Gõ ngày dạng ngày/tháng/năm.")
    for column, width in (("A", 22), ("B", 60), ("C", 28)):
        ws.column_dimensions[column].width = width
    _print_setup(ws, landscape=False)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False


def _indicators(line: Line) -> list:
    return [i for i in line.task.indicators if line.lead or i.aggregate == "sum"]


def _tasks_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    pairs = max((len(_indicators(line)) for line in draft.lines), default=0)
    _text(ws.cell(1, 1), f"KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ — {' '.join(draft.agency.name.split())} — "
                         f"{draft.period.label}", _TITLE)
    _text(ws.cell(2, 1), "Ô nền xám: nội dung kế hoạch, không sửa. Tình trạng, tiến độ, ngày hoàn thành: chỉ nhiệm "
                         "vụ chủ trì. Để trống cả dòng nếu kỳ này không có gì để báo cáo về nhiệm vụ đó.", _FONT)
    for column, (_, header, width) in enumerate(TASK_COLUMNS, 1):
        cells.header(3, column, header)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[3].height = 32
    for k in range(pairs):
        cells.header(3, INDICATOR_COL + 2 * k, f"Chỉ tiêu {k + 1} (đơn vị)")
        cells.header(3, INDICATOR_COL + 2 * k + 1, f"Số liệu {k + 1}")
        ws.column_dimensions[get_column_letter(INDICATOR_COL + 2 * k)].width = 18
        ws.column_dimensions[get_column_letter(INDICATOR_COL + 2 * k + 1)].width = 9
    reference = draft.plan.schedule.reference_date(draft.period)
    lists = {recurring: _status_list(recurring) for recurring in (False, True)}
    numbers = {"progress": _number_rule(100, "Tiến độ là số từ 0 đến 100."),
               "indicator": _number_rule(None, "Số liệu chỉ tiêu là số không âm.")}
    completed_rule = _date_rule(ws, None, draft.plan.plan.start, reference, "Ngày hoàn thành phải trong kế hoạch, "
                                "không sau ngày chốt số liệu của kỳ.")
    for row, line in enumerate(draft.lines, FIRST_ROW):
        task = line.task
        entry = draft.entry(task.id) or {}
        locked = [
            cells.put(row, TASK_COL["id"], task.id, "locked"),
            cells.put(row, TASK_COL["title"], " ".join(task.title.split()), "locked", what="Tên nhiệm vụ"),
            cells.put(row, TASK_COL["role"], ROLES[line.lead], "locked"),
            cells.put(row, TASK_COL["due"], RECURRING_DUE if task.recurring else vi_date(line.due), "locked"),
        ]
        for key in LEAD_KEYS:
            usable = line.lead and (key == "status" or not task.recurring)
            value = entry.get(key)
            style = {"status": "text", "progress": "number", "completed_on": "date"}[key] if usable else "unused"
            cells.put(row, TASK_COL[key], STATUS_LABELS[value] if key == "status" and value else value, style)
            if usable:
                rule = {"status": lists[task.recurring], "progress": numbers["progress"]}.get(key, completed_rule)
                rule.add(ws.cell(row, TASK_COL[key]))
        for key in TEXT_KEYS:
            cells.put(row, TASK_COL[key], entry.get(key), what=f"{TASK_HEADER[key]} của nhiệm vụ {task.id}")
        shown = _indicators(line)
        values = entry.get("indicators", {})
        stray = set(values) - {i.id for i in shown}
        if stray:
            raise FormError(f"Mục của nhiệm vụ {task.id} có số liệu chỉ tiêu {', '.join(sorted(stray))} mà cơ quan "
                            "không được báo cáo; sửa báo cáo YAML trước.")
        for k in range(pairs):
            column = INDICATOR_COL + 2 * k
            if k < len(shown):
                indicator = shown[k]
                name = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
                locked.append(cells.put(row, column, name, "locked", what="Tên chỉ tiêu"))
                cells.put(row, column + 1, values.get(indicator.id), "number")
                numbers["indicator"].add(ws.cell(row, column + 1))
            else:
                locked.append(None)
                cells.put(row, column, None, "unused")
                cells.put(row, column + 1, None, "unused")
        ws.row_dimensions[row].height = _height_of_row(line, entry)
        meta.add("task", task.id, str(row), "lead" if line.lead else "support", "recurring" if task.recurring else "",
                 " ".join(i.id for i in shown), str(len(locked)), *(value or "" for value in locked))
    for validation in (*lists.values(), *numbers.values(), completed_rule):
        if validation.sqref:
            ws.add_data_validation(validation)
    # an existing report's entries: their order, and those holding nothing but their task, come back as they
    # were (a new report's entries are the rows the clerk fills, in plan order)
    existing = draft.report["entries"] if draft.existing else []
    meta.add("entries", *(e["task"] for e in existing))
    meta.add("empty", *(e["task"] for e in existing if set(e) == {"task"}))
    ws.freeze_panes = "C4"
    ws.print_title_rows = "3:3"
    _print_setup(ws, landscape=True)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False


def _documents_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    _text(ws.cell(1, 1), "VĂN BẢN LÀM CĂN CỨ", _TITLE)
    _text(ws.cell(2, 1), "Mỗi văn bản một dòng; cột đầu chọn số hiệu nhiệm vụ. Có thể chèn thêm dòng.", _FONT)
    for column, (_, header, width) in enumerate(DOC_COLUMNS, 1):
        cells.header(3, column, header)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[3].height = 32
    documents = [(entry["task"], doc) for entry in draft.report["entries"] for doc in entry.get("documents", [])]
    last = FIRST_ROW + len(documents) + SPARE_DOCUMENTS - 1
    for row in range(FIRST_ROW, last + 1):
        task, doc = documents[row - FIRST_ROW] if row - FIRST_ROW < len(documents) else (None, {})
        cells.put(row, DOC_COL["task"], task)
        for key in ("number", "date", "title", "url"):
            cells.put(row, DOC_COL[key], doc.get(key), "date" if key == "date" else "text", what=DOC_HEADER[key])
    ids = [line.task.id for line in draft.lines]
    source = meta.add("ids", *ids)  # the drop-down list's source: a row of the hidden sheet
    choose = DataValidation(type="list", formula1=f"'{META}'!$B${source}:${get_column_letter(len(ids) + 1)}${source}",
                            allow_blank=True,
                            showErrorMessage=True, errorTitle="Số hiệu nhiệm vụ",
                            error="Chọn số hiệu một nhiệm vụ trong danh sách.")
    choose.add(f"A{FIRST_ROW}:A{last}")
    ws.add_data_validation(choose)
    _date_rule(ws, f"C{FIRST_ROW}:C{last}", date(1900, 1, 1), None, "Gõ ngày dạng ngày/tháng/năm.")
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    _print_setup(ws, landscape=True)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False
    ws.protection.insertRows = ws.protection.deleteRows = False  # documents may be added and removed


def _status_list(recurring: bool) -> DataValidation:
    labels = [STATUS_LABELS[s] for s in STATUS_CHOICES[recurring]]
    prompt = ("Nhiệm vụ thường xuyên: Đang thực hiện = có thực hiện trong kỳ." if recurring else
              "Đang thực hiện: ghi tiến độ. Hoàn thành: ghi ngày hoàn thành.")
    return DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                          showErrorMessage=True, showInputMessage=True, errorTitle="Tình trạng",
                          error="Chọn trong danh sách: " + ", ".join(labels) + ".", promptTitle="Tình trạng",
                          prompt=prompt)


def _number_rule(maximum: int | None, message: str) -> DataValidation:
    rule = DataValidation(type="decimal", operator="between" if maximum is not None else "greaterThanOrEqual",
                          formula1="0", formula2=str(maximum) if maximum is not None else None, allow_blank=True,
                          showErrorMessage=True, errorTitle="Số không hợp lệ", error=message)
    return rule


def _date_rule(ws: Worksheet, ranges: str | None, first: date, last: date | None, message: str) -> DataValidation:
    """A date check. A warning, not a stop: a date typed as text (15/06/2019 in an English Excel) stays
    text there, and `form_import` reads it."""
    def excel(day: date) -> str:
        return f"DATE({day.year},{day.month},{day.day})"

    rule = DataValidation(type="date", operator="between" if last else "greaterThanOrEqual", formula1=excel(first),
                          formula2=excel(last) if last else None, allow_blank=True, showErrorMessage=True,
                          errorStyle="warning", errorTitle="Ngày", error=message)
    if ranges:
        rule.add(ranges)
        ws.add_data_validation(rule)
    return rule


def _height(text: str | None, width: int) -> float | None:
    """Row height (points) showing the whole text wrapped at `width` characters; None: the default."""
    if not text:
        return None
    per_line = int(width * 1.15)  # characters of Vietnamese text per line, measured in LibreOffice
    lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
    return min(409, 14.5 * lines + 3) if lines > 1 else None


def _height_of_row(line: Line, entry: dict) -> float | None:
    widths = {key: width for key, _, width in TASK_COLUMNS}
    texts = [(" ".join(line.task.title.split()), widths["title"])]
    texts += [(entry.get(key), widths[key]) for key in TEXT_KEYS]
    heights = [h for h in (_height(text, width - 2) for text, width in texts) if h]
    return max(heights, default=None)


def _print_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.print_options.gridLines = False


class _StableZip(zipfile.ZipFile):
    """A zip whose entries are all dated 1980-01-01, so that equal forms are equal bytes (a rebuilt site
    rewrites no unchanged file)."""

    def writestr(self, name, data, *args, **kwargs) -> None:
        if isinstance(name, str):
            name = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            name.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs) -> None:  # openpyxl writes each sheet from a file
        with open(filename, "rb") as source:
            self.writestr(str(arcname or filename), source.read())
