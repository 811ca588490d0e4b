"""`tiendo import`: a filled Excel form becomes `updates/<plan>/<agency>/<period>.yaml` (contract §12).

The pipeline: read the form (`reading`), find its place in the data, write the report with the
YAML emitter, read that text back strictly and validate it with the rest of the data, exactly as
`tiendo validate` would. Problems of the report are told at the form's cells, where the clerk fixes
them. What users expect when a form has errors is the form sent back, not a broken file in the data:
so an import with any error writes nothing (an existing report stays as it was); an import with
warnings only writes the report and shows the warnings. The file is written atomically.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from generator.data.layout import report_path
from generator.data.load import Dataset, UpdateFile
from generator.data.models import Update
from generator.data.problems import Problem
from generator.data.reader import Document, read_document
from generator.data.schema_errors import schema_problems
from generator.data.validate import validate
from generator.outputs.atomic import write_atomically
from generator.outputs.forms.layout import FIELD_LABELS, REPORT, REPORT_ROW
from generator.outputs.forms.reading import CellProblem, FormReading, FormRejected, read_form
from generator.outputs.report_yaml import dump_report, schema_line
from generator.vocabulary import STATUS_LABELS


class ImportRefused(Exception):
    """The form cannot be imported for a reason that is not in its cells (the report exists)."""


@dataclass
class Imported:
    path: Path
    shown: str  # the report's path as users see it: data/updates/...
    warnings: list[CellProblem]


def import_form(form: Path, data: Dataset, today: date, *, replace: bool = False) -> Imported:
    """Read, check and write a filled form. Raises FormUnreadable, FormRejected (with every problem,
    nothing written) or ImportRefused."""
    reading = read_form(form)
    plan = next((p for p in data.plans.values() if p.plan.id == reading.plan), None)
    where = {key: f"{REPORT}!B{REPORT_ROW[key]}" for key in ("plan", "agency", "period")}
    if plan is None:
        raise FormRejected([CellProblem(where["plan"], f"dữ liệu không có kế hoạch `{reading.plan}`.")])
    problems = []
    if reading.agency not in data.agencies:
        problems.append(CellProblem(where["agency"], f"dữ liệu không có cơ quan `{reading.agency}`."))
    if plan.schedule.get(reading.period) is None:
        problems.append(CellProblem(where["period"], f"`{reading.period}` không phải kỳ báo cáo của kế hoạch "
                                                     f"`{reading.plan}`."))
    if problems:
        raise FormRejected(problems)
    relative = report_path(plan.folder, reading.agency, reading.period)
    target = data.root / relative
    shown = data.shown(tuple(relative.split("/")))
    if target.exists() and not replace:
        raise ImportRefused(f"Đã có báo cáo {shown}. Thêm --replace để thay báo cáo đó bằng nội dung biểu mẫu "
                            "(báo cáo đã khóa cần thêm một dòng ở mục \"Các lần sửa đổi\").")
    text = dump_report(reading.report, schema_line(target, data.root.parent))
    doc, read_problems = read_document(text.encode("utf-8"), shown)
    if doc is None:  # the emitter wrote something the strict reader refuses: a bug, not the clerk's doing
        raise RuntimeError(f"YAML written for {shown} cannot be read back: {read_problems}")
    found = _check(data, doc, plan.folder, reading, today)
    cells = _cells_by_line(doc, reading)
    told = [_at_cell(p, cells) for p in found]
    if any(p.is_error for p in told):
        raise FormRejected(told)
    write_atomically(target, text)
    return Imported(target, shown, told)


def _check(data: Dataset, doc: Document, plan_folder: str, reading: FormReading, today: date) -> list[Problem]:
    """The report's problems, as `tiendo validate` finds them: its schema, then the rules across files."""
    try:
        model = Update.model_validate(doc.data)
    except ValidationError as exc:
        return schema_problems(doc, exc, Update)
    new = UpdateFile(doc, model, plan_folder, reading.agency, reading.period)
    updates = [u for u in data.updates if u.path != new.path] + [new]
    return [p for p in validate(dataclasses.replace(data, updates=updates), today) if p.file == doc.path]


def _cells_by_line(doc: Document, reading: FormReading) -> dict[int, str]:
    """Line of the written YAML -> the cell its value came from."""
    lines: dict[int, str] = {}
    for loc in sorted(reading.cells, key=len):  # deeper places win on a shared line
        for at_key in (True, False):
            lines[doc.locate(loc, key=at_key)[0]] = reading.cells[loc]
    return lines


def _at_cell(problem: Problem, lines: dict[int, str]) -> CellProblem:
    """A problem of the written YAML, told at the cell its value came from (the nearest one above),
    in the form's words."""
    before = [line for line in lines if line <= problem.line]
    cell = lines[max(before)] if before else f"{REPORT}!B{REPORT_ROW['plan']}"
    return CellProblem(cell, in_form_words(problem.message("vi")), problem.severity, problem.rule)


_STATUS = re.compile(r"`(?:status: )?(not_started|in_progress|completed)`")
_VALUE = re.compile(r"`(progress|as_of|submitted_on|completed_on): ([^`]*)`")
_FIELD = re.compile(r"`([a-z_]+)`")


def in_form_words(message: str) -> str:
    """A validation message with the form's names for fields and statuses: `status: in_progress` is
    «Đang thực hiện», `progress` is «Tiến độ (%)» (the clerk never saw the YAML)."""
    message = _STATUS.sub(lambda m: f"«{STATUS_LABELS[m.group(1)]}»", message)
    message = _VALUE.sub(lambda m: f"«{FIELD_LABELS[m.group(1)]}» {m.group(2)}", message)
    return re.sub(r"  +", " ", _FIELD.sub(_field_words, message)).replace(" .", ".")


def _field_words(match: re.Match) -> str:
    label = FIELD_LABELS.get(match.group(1))
    if label is None:
        return match.group()
    before = match.string[: match.start()].rstrip().casefold()
    words = label.casefold().split()
    if any(before.endswith(" ".join(words[:n])) for n in range(2, len(words) + 1)):
        return ""  # "Ngày chốt số liệu `as_of`": the message already names the field
    return f"«{label}»"
