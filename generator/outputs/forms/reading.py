"""Reading a filled Excel form back into report values (the first half of `tiendo import`, contract §12).

`read_form` checks the workbook against the hidden record `writing` wrote (what the form is for,
what its locked cells said, which row holds which task) and reads what the clerk typed, the way a
clerk types it: numbers as `60`, `60%`, `12,5` or real number cells; dates as Excel dates, as
`15/06/2019` (always day/month/year) or `2019-06-15`; statuses by their Vietnamese names. Every
problem names its sheet and cell (`Nhiệm vụ!F12`), all of them in one pass. Rows are found by task
id, so an inserted blank row changes nothing; a deleted task row is an error, never a silent loss.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from generator.outputs.forms.cells import CellError, date_of, number_of, shown, status_of, text_of
from generator.outputs.forms.layout import (
    DOC_COL,
    DOCUMENTS,
    FIRST_ROW,
    FORMAT,
    INDICATOR_COL,
    LEAD_KEYS,
    META,
    REPORT,
    REPORT_ROW,
    STATUS_CHOICES,
    TASK_COL,
    TASKS,
    TEXT_KEYS,
    VERSION,
)

Loc = tuple  # a place in the report's data, as pydantic and `Document.locate` name it: ("entries", 0, "progress")



class FormUnreadable(Exception):
    """The file is not a tiendo form that can be read at all."""


@dataclass(frozen=True)
class CellProblem:
    cell: str  # `Nhiệm vụ!F12`
    message: str
    severity: str = "error"  # or "warning"
    rule: str = "form"  # `form` for what the form itself holds; a validation rule code for the report's

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class FormRejected(Exception):
    """The form has problems (every one of them, by cell): nothing was written."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class FormReading:
    plan: str
    agency: str
    period: str
    report: dict[str, Any]
    cells: dict[Loc, str] = field(default_factory=dict)  # where each value of the report was read


def read_form(path: Path) -> FormReading:
    """The report a filled form holds. Raises FormUnreadable, or FormRejected with every problem."""
    try:
        workbook = load_workbook(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        hint = " Lưu lại tệp dạng Excel .xlsx rồi nhập lại." if path.suffix.lower() != ".xlsx" else ""
        raise FormUnreadable(f"Không mở được {path.name} như một tệp Excel .xlsx ({type(exc).__name__}).{hint}") \
            from None
    if META not in workbook.sheetnames or workbook[META]["B1"].value != FORMAT:
        raise FormUnreadable(f"{path.name} không phải biểu mẫu báo cáo của tiendo (thiếu phần ghi nhận ẩn); "
                             "dùng biểu mẫu tải từ trang web hoặc tạo bằng `tiendo form`.")
    record: dict[str, list[list[str]]] = {}
    for row in workbook[META].iter_rows(values_only=True):
        values = [str(v) if v is not None else "" for v in row]
        record.setdefault(values[0], []).append(values[1:])
    if record["format"][0][1] != VERSION:
        raise FormUnreadable(f"{path.name} là biểu mẫu phiên bản {record['format'][0][1]}; tạo lại biểu mẫu mới.")
    missing = [name for name in (REPORT, TASKS, DOCUMENTS) if name not in workbook.sheetnames]
    if missing:
        raise FormUnreadable(f"{path.name} thiếu trang {', '.join(missing)}; dùng lại biểu mẫu gốc.")
    reader = _Reader(workbook, record)
    try:
        reading = reader.read()
    except (KeyError, IndexError, ValueError):  # the hidden record was edited (only possible outside Excel)
        raise FormUnreadable(f"Phần ghi nhận ẩn của biểu mẫu {path.name} đã bị sửa; tạo lại biểu mẫu.") from None
    if reader.problems:
        raise FormRejected(reader.problems)
    return reading


class _Reader:
    def __init__(self, workbook, record: dict[str, list[list[str]]]) -> None:
        self.wb = workbook
        self.record = record
        self.problems: list[CellProblem] = []
        self.cells: dict[Loc, str] = {}
        self.blanks = set(record.get("blank", [[]])[0]) - {""}  # cells written with an empty text

    def one(self, key: str) -> str:
        return self.record[key][0][0]

    def problem(self, ws: Worksheet, coordinate: str, message: str) -> None:
        self.problems.append(CellProblem(f"{ws.title}!{coordinate}", message))

    def read(self) -> FormReading:
        for name in (REPORT, TASKS, DOCUMENTS):
            ws = self.wb[name]
            for merged in sorted(ws.merged_cells.ranges, key=str):
                self.problem(ws, str(merged), "các ô này bị gộp; bỏ gộp ô (Merge) để mỗi ô giữ một giá trị.")
        report: dict[str, Any] = {}
        self._identity()
        self._report_fields(report)
        documents = self._documents()
        report["entries"] = self._entries(documents)
        self.cells[("entries",)] = f"{TASKS}!A{FIRST_ROW}"
        return FormReading(self.one("plan"), self.one("agency"), self.one("period"), report, self.cells)

    # --- the report's own fields --------------------------------------------------------------

    def _identity(self) -> None:
        """Locked cells of "Báo cáo", above all plan, agency and period: the form's target."""
        ws = self.wb[REPORT]
        names = {f"B{REPORT_ROW[k]}": (k, w) for k, w in (("plan", "kế hoạch"), ("agency", "cơ quan"),
                                                           ("period", "kỳ báo cáo"))}
        for coordinate, expected, *_ in self.record.get("cell", []):
            found = ws[coordinate].value
            if (found if found is not None else "") == expected:
                continue
            if coordinate in names:
                key, what = names[coordinate]
                self.problem(ws, coordinate, f"biểu mẫu này là của {what} `{self.one(key)}` nhưng ô đã bị sửa thành "
                             f"`{shown(found)}`. Mỗi cơ quan, mỗi kỳ dùng đúng biểu mẫu của mình; không sửa ô khóa.")
            else:
                self.problem(ws, coordinate, f"ô khóa đã bị sửa (phải là `{shown(expected)}`); dùng lại biểu mẫu gốc.")

    def _report_fields(self, report: dict[str, Any]) -> None:
        ws = self.wb[REPORT]
        for key in ("plan", "agency", "period"):
            report[key] = self.one(key)
            self.cells[(key,)] = f"{REPORT}!B{REPORT_ROW[key]}"
        for key in ("as_of", "submitted_on"):
            self._put(report, (key,), ws, REPORT_ROW[key], 2, date_of)
        for key in ("reporter", "summary", "obstacles", "proposals"):
            self._put(report, (key,), ws, REPORT_ROW[key], 2, text_of)
        first, last = (int(v) for v in self.record["revisions"][0][:2])
        revisions = []
        for row in range(first, max(last, ws.max_row) + 1):
            revision: dict[str, Any] = {}
            loc = ("revisions", len(revisions))
            self._put(revision, (*loc, "date"), ws, row, 1, date_of, key="date")
            self._put(revision, (*loc, "reason"), ws, row, 2, text_of, key="reason")
            if revision:
                self.cells[loc] = f"{REPORT}!A{row}"
                revisions.append(revision)
        report["revisions"] = revisions

    # --- tasks ------------------------------------------------------------------------------------

    def _entries(self, documents: dict[str, list[tuple[dict[str, Any], dict[Loc, str]]]]) -> list[dict[str, Any]]:
        ws = self.wb[TASKS]
        tasks = {values[0]: values for values in self.record.get("task", [])}
        rows: dict[str, int] = {}
        last_column = max(ws.max_column, INDICATOR_COL)
        for row in range(FIRST_ROW, ws.max_row + 1):
            found = text_of(ws.cell(row, TASK_COL["id"]))
            task_id = found.strip() if isinstance(found, str) else ""
            if not task_id:
                if any(ws.cell(row, c).value not in (None, "") for c in range(2, last_column + 1)):
                    self.problem(ws, f"A{row}", "dòng này có nội dung nhưng không có số hiệu nhiệm vụ (dòng chèn "
                                 "thêm?); chuyển nội dung vào dòng của nhiệm vụ rồi xóa dòng này.")
            elif task_id not in tasks:
                self.problem(ws, f"A{row}", f"`{shown(task_id)}` không phải nhiệm vụ của biểu mẫu này; không sửa ô khóa.")
            elif task_id in rows:
                self.problem(ws, f"A{row}", f"nhiệm vụ {task_id} có hai dòng (dòng {rows[task_id]} và dòng {row}); "
                             "giữ một dòng.")
            else:
                rows[task_id] = row
        by_task: dict[str, dict[str, Any]] = {}
        for task_id, (_, recorded_row, role, kind, indicator_ids, count, *locked) in tasks.items():
            row = rows.get(task_id)
            if row is None:
                self.problem(ws, f"A{recorded_row}", f"dòng của nhiệm vụ {task_id} (dòng {recorded_row} của biểu mẫu "
                             "gốc) đã bị xóa; chép lại dòng đó từ biểu mẫu gốc.")
                continue
            by_task[task_id] = self._task_row(ws, row, task_id, role == "lead", kind == "recurring",
                                              indicator_ids.split(), locked[: int(count)])
        earlier = [t for t in self.record["entries"][0] if t]  # the report's own order, when it existed
        empty = set(self.record["empty"][0]) - {""}  # entries that held nothing but their task
        entries = []
        for task_id in [*earlier, *(t for t in tasks if t not in earlier)]:
            if task_id not in by_task:
                continue
            entry, cells = by_task[task_id]
            found = documents.get(task_id, [])
            if found:
                entry["documents"] = [doc for doc, _ in found]
            if len(entry) == 1 and task_id not in empty:
                continue  # a row left blank: nothing to report on that task this period
            here = ("entries", len(entries))
            self.cells[here] = f"{TASKS}!A{rows[task_id]}"
            self.cells.update({(*here, *loc): cell for loc, cell in cells.items()})
            for j, (_, doc_cells) in enumerate(found):
                self.cells.update({(*here, "documents", j, *loc): cell for loc, cell in doc_cells.items()})
            entries.append(entry)
        return entries

    def _task_row(self, ws: Worksheet, row: int, task_id: str, lead: bool, recurring: bool,
                  indicator_ids: list[str], locked: list[str]) -> tuple[dict[str, Any], dict[Loc, str]]:
        entry: dict[str, Any] = {"task": task_id}
        cells: dict[Loc, str] = {("task",): f"{TASKS}!A{row}"}
        columns = [TASK_COL[k] for k in ("id", "title", "role", "due")]
        columns += [INDICATOR_COL + 2 * k for k in range(len(locked) - 4)]
        for column, expected in zip(columns, locked):
            found = ws.cell(row, column).value
            if (found if found is not None else "") != expected:
                self.problem(ws, ws.cell(row, column).coordinate,
                             f"ô khóa đã bị sửa (phải là `{shown(expected)}`); dùng lại biểu mẫu gốc.")
        unused = {TASK_COL[k]: "chỉ cơ quan chủ trì ghi Tình trạng, Tiến độ, Ngày hoàn thành" if not lead else
                  "nhiệm vụ thường xuyên không ghi Tiến độ, Ngày hoàn thành"
                  for k in LEAD_KEYS if not lead or (recurring and k != "status")}
        pairs = [INDICATOR_COL + 2 * k for k in range(len(locked) - 4)]
        unused.update({c + 1: "nhiệm vụ này không có chỉ tiêu ở cột này"
                       for c, expected in zip(pairs, locked[4:]) if not expected})
        for column, why in unused.items():
            if ws.cell(row, column).value not in (None, ""):
                self.problem(ws, ws.cell(row, column).coordinate, f"{why}; xóa giá trị trong ô.")
        if lead:
            choices = STATUS_CHOICES[recurring]
            self._put(entry, ("status",), ws, row, TASK_COL["status"], lambda c: status_of(c, choices),
                      cells=cells)
            if not recurring:
                self._put(entry, ("progress",), ws, row, TASK_COL["progress"], lambda c: number_of(c, True),
                          cells=cells)
                self._put(entry, ("completed_on",), ws, row, TASK_COL["completed_on"], date_of, cells=cells)
        for key in TEXT_KEYS:
            self._put(entry, (key,), ws, row, TASK_COL[key], text_of, cells=cells)
        values: dict[str, Any] = {}
        for k, indicator_id in enumerate(indicator_ids):
            column = INDICATOR_COL + 2 * k + 1
            percent = locked[4 + k].endswith("(%)")
            self._put(values, ("indicators", indicator_id), ws, row, column, lambda c, p=percent: number_of(c, p),
                      key=indicator_id, cells=cells)
            if ("indicators", indicator_id) in cells:
                cells.setdefault(("indicators",), cells[("indicators", indicator_id)])
        if values:
            entry["indicators"] = values
        return entry, cells

    # --- documents ----------------------------------------------------------------------------------

    def _documents(self) -> dict[str, list[tuple[dict[str, Any], dict[Loc, str]]]]:
        """Task id -> its documents in row order, each with where its values were read."""
        ws = self.wb[DOCUMENTS]
        known = set(self.record["ids"][0]) - {""}
        out: dict[str, list[tuple[dict[str, Any], dict[Loc, str]]]] = {}
        for row in range(FIRST_ROW, ws.max_row + 1):
            holder: dict[str, Any] = {}
            self._put(holder, ("task",), ws, row, DOC_COL["task"], text_of, cells={})
            doc: dict[str, Any] = {}
            cells: dict[Loc, str] = {(): f"{DOCUMENTS}!B{row}"}
            for key, parse in (("number", text_of), ("date", date_of), ("title", text_of), ("url", text_of)):
                self._put(doc, (key,), ws, row, DOC_COL[key], parse, cells=cells)
            task_id = str(holder.get("task", "")).strip()
            if task_id in known:
                out.setdefault(task_id, []).append((doc, cells))
            elif task_id:
                self.problem(ws, f"A{row}", f"`{shown(task_id)}` không phải nhiệm vụ của biểu mẫu này; chọn trong "
                             "danh sách.")
            elif doc:
                self.problem(ws, f"A{row}", "chưa chọn số hiệu nhiệm vụ của văn bản ở dòng này.")
        return out

    # --- one cell ----------------------------------------------------------------------------------

    def _put(self, into: dict, loc: Loc, ws: Worksheet, row: int, column: int, parse, *, key: str | None = None,
             cells: dict[Loc, str] | None = None) -> None:
        """Read one cell with `parse`; store its value under `key` (default: the last part of `loc`)."""
        cell = ws.cell(row, column)
        if cell.data_type == "f":
            self.problem(ws, cell.coordinate, f"ô chứa công thức `{shown(cell.value)}`; gõ giá trị thay cho công "
                         "thức.")
            return
        if cell.data_type == "e":
            self.problem(ws, cell.coordinate, f"ô chứa lỗi `{cell.value}` của Excel; gõ lại giá trị.")
            return
        value = parse(cell)
        if value is None and parse is text_of and f"{ws.title}!{cell.coordinate}" in self.blanks:
            value = ""
        if isinstance(value, CellError):
            self.problem(ws, cell.coordinate, value.message)
        elif value is not None:
            into[key or loc[-1]] = value
            (self.cells if cells is None else cells)[loc] = f"{ws.title}!{cell.coordinate}"
