"""The Excel report form (contract §12): a draft report written as a workbook a clerk fills in Excel.

Sheets: a guide in Vietnamese; "Báo cáo" (the report's own fields); "Nhiệm vụ" (one row per task the
agency leads or supports at the period); "Văn bản" (documents, one per row); and a very hidden
"_tiendo" sheet that records what the form was made for and what its locked cells said, so that
`reading` can refuse a form whose locked cells were changed. Every sheet is protected without a
password: the plan's wording is locked, the clerk's cells are not. Texts go into cells as strings
(never formulas), escaped the OOXML way (`_xHHHH_`) where a cell cannot hold a character as is.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from jinja2 import Template
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator import templating
from generator.formatting import vi_date, vi_number
from generator.outputs.forms.layout import (
    DOC_COL,
    DOC_COLUMNS,
    DOC_HEADER,
    DOCUMENTS,
    FIRST_ROW,
    FORMAT,
    GUIDE,
    IDENTITY,
    INDICATOR_COL,
    LEAD_KEYS,
    MAX_CELL,
    META,
    RECURRING_DUE,
    REPORT,
    REPORT_FIELDS,
    REPORT_ROW,
    REVISIONS_TITLE_ROW,
    ROLES,
    SPARE_DOCUMENTS,
    SPARE_REVISIONS,
    TASK_COL,
    TASK_COLUMNS,
    TASK_HEADER,
    TASKS,
    TEXT_KEYS,
    VERSION,
    escape,
)
from generator.outputs.forms.style import (
    BOLD,
    FONT,
    TITLE,
    WRAP,
    date_rule,
    height,
    number_rule,
    print_setup,
    status_list,
    use_styles,
)
from generator.outputs.new_update import Draft, Line
from generator.vocabulary import STATUS_LABELS


class FormError(Exception):
    """The draft cannot be written as a form (a text longer than a cell holds)."""


@dataclass
class _Cells:
    """Writes the cells of one sheet, each with one of the form's styles (`style`)."""

    ws: Worksheet
    meta: _Meta

    def put(self, row: int, column: int, value: Any = None, style: str = "text", *, what: str = "") -> str | None:
        """Write a value with one of `_STYLES`; returns the text as stored (for the hidden record)."""
        cell = self.ws.cell(row, column)
        cell.style = style
        if isinstance(value, str):
            written = escape(value)
            if len(written) > MAX_CELL:
                raise FormError(f"{what or 'Một văn bản'} dài {vi_number(len(value))} ký tự, quá {vi_number(MAX_CELL)} "
                                f"ký tự một ô Excel chứa được ({self.ws.title}!{cell.coordinate}); rút gọn văn bản "
                                "trong tệp YAML.")
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
    use_styles(wb)
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
    """The hidden record: one `key | values…` row each, read back by `reading`."""

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
        _text(cell, line[2:] if heading else line, TITLE if row == 1 else BOLD if heading else FONT)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = height(line, 85)
    print_setup(ws, landscape=False)
    ws.protection.sheet = True


def _report_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    schedule = draft.plan.schedule
    first, last = schedule.window(draft.period)
    report = draft.report
    plan = draft.plan.plan
    _text(ws.cell(1, 1), f"BÁO CÁO TIẾN ĐỘ {draft.period.label.upper()}", TITLE)
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
        heights = [height(value, 58) if isinstance(value, str) else None, height(note, 26)]
        ws.row_dimensions[row].height = max((h for h in heights if h), default=None)
    date_rule(ws, f"B{REPORT_ROW['as_of']}", first, last, "Ngày chốt số liệu phải trong kỳ.")
    date_rule(ws, f"B{REPORT_ROW['submitted_on']}", first, None, "Ngày gửi không trước ngày đầu kỳ.")
    row = REVISIONS_TITLE_ROW
    _text(ws.cell(row, 1), "Các lần sửa đổi (chỉ khi sửa báo cáo đã khóa)", BOLD)
    meta.add("cell", f"A{row + 1}", cells.put(row + 1, 1, "Ngày sửa đổi", "locked"))
    meta.add("cell", f"B{row + 1}", cells.put(row + 1, 2, "Lý do sửa đổi", "locked"))
    revisions = report.get("revisions", [])
    rows = range(row + 2, row + 2 + len(revisions) + SPARE_REVISIONS)
    for i, r in enumerate(rows):
        revision = revisions[i] if i < len(revisions) else {}
        cells.put(r, 1, revision.get("date"), "date")
        cells.put(r, 2, revision.get("reason"), what="Lý do sửa đổi")
    meta.add("revisions", str(rows.start), str(rows.stop - 1))
    date_rule(ws, f"A{rows.start}:A{rows.stop - 1}", plan.start, None, "Gõ ngày dạng ngày/tháng/năm.")
    for column, width in (("A", 22), ("B", 60), ("C", 28)):
        ws.column_dimensions[column].width = width
    print_setup(ws, landscape=False)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False


def _indicators(line: Line) -> list:
    return [i for i in line.task.indicators if line.lead or i.aggregate == "sum"]


def _tasks_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    pairs = max((len(_indicators(line)) for line in draft.lines), default=0)
    _text(ws.cell(1, 1), f"KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ — {' '.join(draft.agency.name.split())} — "
                         f"{draft.period.label}", TITLE)
    _text(ws.cell(2, 1), "Ô nền xám: nội dung kế hoạch, không sửa. Tình trạng, tiến độ, ngày hoàn thành: chỉ nhiệm "
                         "vụ chủ trì. Để trống cả dòng nếu kỳ này không có gì để báo cáo về nhiệm vụ đó.", FONT)
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
    lists = {recurring: status_list(recurring) for recurring in (False, True)}
    numbers = {"progress": number_rule(100, "Tiến độ là số từ 0 đến 100."),
               "indicator": number_rule(None, "Số liệu chỉ tiêu là số không âm.")}
    completed_rule = date_rule(ws, None, draft.plan.plan.start, reference, "Ngày hoàn thành phải trong kế hoạch, "
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
    print_setup(ws, landscape=True)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False


def _documents_sheet(ws: Worksheet, draft: Draft, meta: _Meta) -> None:
    cells = _Cells(ws, meta)
    _text(ws.cell(1, 1), "VĂN BẢN LÀM CĂN CỨ", TITLE)
    _text(ws.cell(2, 1), "Mỗi văn bản một dòng; cột đầu chọn số hiệu nhiệm vụ. Có thể chèn thêm dòng.", FONT)
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
    date_rule(ws, f"C{FIRST_ROW}:C{last}", date(1900, 1, 1), None, "Gõ ngày dạng ngày/tháng/năm.")
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    print_setup(ws, landscape=True)
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = ws.protection.formatCells = False
    ws.protection.insertRows = ws.protection.deleteRows = False  # documents may be added and removed


def _height_of_row(line: Line, entry: dict) -> float | None:
    widths = {key: width for key, _, width in TASK_COLUMNS}
    texts = [(" ".join(line.task.title.split()), widths["title"])]
    texts += [(entry.get(key), widths[key]) for key in TEXT_KEYS]
    heights = [h for h in (height(text, width - 2) for text, width in texts) if h]
    return max(heights, default=None)


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
