"""Tables for download: tasks, entries, statistics per period, indicators (CSV, XLSX, JSON).

CSV is UTF-8 with a byte-order mark so Excel shows Vietnamese; XLSX has one
sheet per table with a styled, frozen header; JSON holds every table.
Column names are the contract's field names, stable for scripts; the XLSX
header adds the Vietnamese label people read.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.data.load import Dataset
from generator.data.models import RECURRING
from generator.data.periods import Period
from generator.stats.engine import Timeline
from generator.stats.figures import COUNT_KEYS, RATE_KEYS
from generator.vocabulary import FIGURE_LABELS, label

# the header of each column: the statistics' words from the vocabulary, and the other tables' fields
LABELS = {
    **FIGURE_LABELS, **{key: label(key) for key in COUNT_KEYS}, **{key: f"{label(key)} (%)" for key in RATE_KEYS},
    "task": "Nhiệm vụ", "group": "Nhóm", "title": "Nội dung", "lead": "Chủ trì",
    "support": "Phối hợp", "due": "Thời hạn", "weight": "Trọng số",
    "indicators": "Chỉ tiêu", "agency": "Cơ quan", "role": "Vai trò", "status": "Tình trạng",
    "progress": "Tiến độ (%)", "completed_on": "Ngày hoàn thành", "result": "Kết quả", "obstacles": "Khó khăn",
    "proposals": "Kiến nghị", "documents": "Văn bản", "as_of": "Ngày chốt số liệu",
    "scope": "Phạm vi", "id": "Mã", "indicator": "Chỉ tiêu", "name": "Tên chỉ tiêu", "unit": "Đơn vị",
    "aggregate": "Cách tính", "target": "Mục tiêu", "value": "Giá trị lũy kế", "reported": "Giá trị trong kỳ",
}
SHEETS = {"tasks": "Nhiệm vụ", "entries": "Báo cáo", "statistics": "Thống kê", "indicators": "Chỉ tiêu"}


def tasks_table(data: Dataset) -> pd.DataFrame:
    rows = []
    for plan in data.plans.values():
        for t in plan.plan.tasks:
            rows.append({
                "plan": plan.plan.id, "task": t.id, "group": t.group, "title": t.title, "lead": t.lead,
                "support": ", ".join(t.support), "due": RECURRING if t.recurring else t.due_date.isoformat(),
                "weight": t.weight, "recurring": t.recurring,
                "indicators": ", ".join(i.id for i in t.indicators),
            })
    return pd.DataFrame(rows, columns=["plan", "task", "group", "title", "lead", "support", "due", "weight",
                                       "recurring", "indicators"])


def entries_table(data: Dataset) -> pd.DataFrame:
    """One row per agency × period × task reported."""
    rows = []
    for u in sorted(data.updates, key=lambda u: (u.plan_folder, u.model.period, u.agency_folder)):
        plan = data.plans.get(u.plan_folder)
        for e in u.model.entries:
            task = plan.tasks.get(e.task) if plan else None
            rows.append({
                "plan": u.model.plan, "period": u.model.period, "agency": u.agency_folder, "task": e.task,
                "role": "lead" if task and task.lead == u.agency_folder else "support",
                "status": e.status, "progress": e.progress,
                "completed_on": e.completed_on.isoformat() if e.completed_on else None,
                "result": e.result, "obstacles": e.obstacles, "proposals": e.proposals,
                "indicators": json.dumps(e.indicators, ensure_ascii=False) if e.indicators else None,
                "documents": "; ".join(" ".join(filter(None, (d.number, d.date.isoformat() if d.date else None,
                                                              d.title, d.url))) for d in e.documents) or None,
                "as_of": u.model.as_of.isoformat(), "submitted_on": u.model.submitted_on.isoformat(),
            })
    return pd.DataFrame(rows, columns=["plan", "period", "agency", "task", "role", "status", "progress",
                                       "completed_on", "result", "obstacles", "proposals", "indicators",
                                       "documents", "as_of", "submitted_on"])


def statistics_table(timelines: list[Timeline], periods: list[Period] | None = None) -> pd.DataFrame:
    """Per plan and period (every period, or those given): totals, each group, each agency (with its submission)."""
    rows = []
    for timeline in timelines:
        for period in periods or timeline.periods:
            figures = timeline.at(period)
            base = {"plan": figures.plan, "period": figures.period.id,
                    "reference_date": figures.reference_date.isoformat(),
                    "submission_due": figures.submission_due.isoformat()}
            rows.append({**base, "scope": "totals", "id": None, **figures.totals.as_json()})
            rows += [{**base, "scope": "group", "id": g, **block.as_json()} for g, block in figures.groups.items()]
            rows += [{**base, "scope": "agency", "id": a, **block.as_json()} for a, block in figures.agencies.items()]
    columns = ["plan", "period", "reference_date", "submission_due", "scope", "id", *COUNT_KEYS, *RATE_KEYS,
               "submitted", "submitted_on", "on_time"]
    return pd.DataFrame(rows, columns=columns)


def indicators_table(timelines: list[Timeline]) -> pd.DataFrame:
    rows = []
    for timeline in timelines:
        definitions = {(t.id, i.id): i for t in timeline.plan.plan.tasks for i in t.indicators}
        for n, period in enumerate(timeline.periods):
            for task, values in timeline.indicators.get(n, {}).items():
                for indicator, value in values.items():
                    d = definitions[(task, indicator)]
                    rows.append({"plan": timeline.plan.plan.id, "period": period.id, "task": task,
                                 "indicator": indicator, "name": d.name, "unit": d.unit, "aggregate": d.aggregate,
                                 "value": value, "target": d.target})
    return pd.DataFrame(rows, columns=["plan", "period", "task", "indicator", "name", "unit", "aggregate", "value",
                                       "target"])


def tables(data: Dataset, timelines: list[Timeline]) -> dict[str, pd.DataFrame]:
    return {"tasks": tasks_table(data), "entries": entries_table(data),
            "statistics": statistics_table(timelines), "indicators": indicators_table(timelines)}


def export_names(frames: dict[str, pd.DataFrame]) -> list[str]:
    """The files `write_tables` writes, most useful first."""
    return ["tiendo.xlsx", "tiendo.json", *(f"tiendo-{name}.csv" for name in frames)]


def write_exports(data: Dataset, timelines: list[Timeline], out: Path) -> list[Path]:
    """Write tiendo-<table>.csv, tiendo.xlsx and tiendo.json into `out`; returns the files."""
    return write_tables(tables(data, timelines), out)


def write_tables(frames: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    _write_xlsx(frames, out / "tiendo.xlsx")
    payload = {name: json.loads(frame.to_json(orient="records", force_ascii=False)) for name, frame in frames.items()}
    (out / "tiendo.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    for name, frame in frames.items():
        frame.to_csv(out / f"tiendo-{name}.csv", index=False, encoding="utf-8-sig")
    return [out / name for name in export_names(frames)]


def _fix_zip_times(path: Path) -> None:
    """Same data, same bytes: fixed times in the zip entries and the document properties."""
    with zipfile.ZipFile(path) as source:
        items = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in items:
            if name == "docProps/core.xml":
                content = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\1>",
                                 rb"<dcterms:\1\2>2000-01-01T00:00:00Z</dcterms:\1>", content)
            target.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)


def _write_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table; header: Vietnamese label above the field name, bold on a tinted fill,
    frozen and filterable. Written in openpyxl's streaming mode (fast for tens of thousands of rows)."""
    book = Workbook(write_only=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    for name, frame in frames.items():
        sheet = book.create_sheet(SHEETS[name])
        columns = list(frame.columns)
        for i, column in enumerate(columns, start=1):
            wide = column in ("title", "result", "obstacles", "proposals", "documents")
            sheet.column_dimensions[get_column_letter(i)].width = 60 if wide else 16
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=f"{LABELS.get(column, column)}\n({column})")
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.row_dimensions[1].height = 32
        sheet.append(header)
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
            sheet.append(row)
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    book.save(path)
    _fix_zip_times(path)
