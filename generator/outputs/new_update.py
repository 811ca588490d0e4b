"""An agency's report for a period: prefilled from its earlier reports, or an existing one.

`prefill` is the one place that decides what a new report starts with (`tiendo new-update`, the
Excel form, the forms offered on the site); `from_report` takes an existing report instead (to
correct it as a form). Both give a `Draft`: the tasks the agency reports on at the period, in plan
order, and the report's values. `new_update_text` writes a draft as YAML with Vietnamese comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Template

from generator import templating
from generator.data.layout import report_path
from generator.data.load import Dataset, PlanData, UpdateFile
from generator.data.models import Agency, Task
from generator.data.periods import Period
from generator.formatting import vi_date
from generator.outputs.report_yaml import Quoted, comment, scalar, schema_line


class NewUpdateError(Exception):
    """The report cannot be prepared (unknown plan, agency or period, file exists, period not begun)."""


class ReportExists(NewUpdateError):
    """The report to prepare is already there (edit it, or make a form from it)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Line:
    """A task the agency reports on at the period."""

    task: Task
    lead: bool  # the agency leads it (else it supports it)
    due: date | None  # the due at the period (extensions decided by then); None for a standing task


@dataclass
class Draft:
    data: Dataset
    plan: PlanData
    agency: Agency
    period: Period
    lines: list[Line]  # every task the agency leads or supports that is counted at the period
    report: dict[str, Any]  # the report's values (str, int, float, date, lists, dicts), entries included
    existing: bool = False  # an existing report (its entries, even empty ones, are its own), not a new one

    @property
    def path(self) -> Path:
        return self.data.root / report_path(self.plan.folder, self.agency.id, self.period.id)

    def entry(self, task_id: str) -> dict[str, Any] | None:
        return next((e for e in self.report["entries"] if e["task"] == task_id), None)


def find_plan(data: Dataset, plan_id: str) -> PlanData:
    plan = next((p for p in data.plans.values() if p.plan.id == plan_id), None)
    if plan is None:
        raise NewUpdateError(f"Không có kế hoạch `{plan_id}`. Các kế hoạch: "
                             + (", ".join(p.plan.id for p in data.plans.values()) or "(không có)"))
    return plan


def task_lines(data: Dataset, plan: PlanData, agency_id: str, period: Period) -> tuple[Agency, list[Line]]:
    """The agency and the tasks it leads or supports that are counted at the period (contract §7)."""
    reference = plan.schedule.reference_date(period)
    agency = data.agencies.get(agency_id)
    lines = [Line(task, task.lead == agency_id, task.due_at(reference)) for task in plan.plan.tasks
             if (task.lead == agency_id or agency_id in task.support) and task.counted_at(reference)]
    if agency is None or not lines:
        raise NewUpdateError(f"Cơ quan `{agency_id}` không chủ trì hay phối hợp nhiệm vụ nào của kế hoạch "
                             f"`{plan.plan.id}` trong kỳ {period.label}.")
    return agency, lines


def prefill(data: Dataset, plan_id: str, agency_id: str, period_id: str, today: date) -> Draft:
    """A new report for the period, from the agency's latest earlier entry on each task.

    A lead keeps its status, progress and completion date; an entry is prepared for every task.
    Raises NewUpdateError (also when the report exists or the period has not begun)."""
    plan = find_plan(data, plan_id)
    schedule = plan.schedule
    period = schedule.get(period_id)
    if period is None:
        raise NewUpdateError(f"`{period_id}` không phải kỳ báo cáo của kế hoạch `{plan_id}` "
                             f"(từ {schedule.periods[0].id} đến {schedule.periods[-1].id}).")
    agency, lines = task_lines(data, plan, agency_id, period)
    first, last = schedule.window(period)
    if today < first:
        raise NewUpdateError(f"Kỳ {period.label} chưa bắt đầu (số liệu tính từ {vi_date(first)}).")
    draft = Draft(data, plan, agency, period, lines, {})
    if draft.path.exists():
        raise ReportExists(f"Đã có tệp {data.display(draft.path)}; sửa tệp đó thay vì tạo mới.", draft.path)

    index = schedule.index(period)
    latest: dict[str, tuple[int, Any]] = {}  # task -> (period index, the agency's latest earlier entry)
    for update in data.updates:
        if update.plan_folder != plan.folder or update.agency_folder != agency_id:
            continue  # before `model`: only this agency's reports are read as models
        earlier = schedule.get(update.model.period)
        if earlier is None:
            continue
        n = schedule.index(earlier)
        if n >= index:
            continue
        for entry in update.model.entries:
            if entry.task not in latest or latest[entry.task][0] < n:
                latest[entry.task] = (n, entry)
    entries = []
    for line in lines:
        entry: dict[str, Any] = {"task": line.task.id}
        previous = latest.get(line.task.id, (None, None))[1]
        if line.lead:
            status = previous.status if previous is not None and previous.status else "not_started"
            entry["status"] = status
            if status == "in_progress" and not line.task.recurring:
                entry["progress"] = previous.progress if previous.progress is not None else 1
            if status == "completed":
                entry["completed_on"] = previous.completed_on
        entries.append(entry)
    draft.report.update(plan=plan.plan.id, agency=agency_id, period=period.id, as_of=min(last, today),
                        submitted_on=today, entries=entries)
    return draft


def from_report(data: Dataset, update: UpdateFile) -> Draft:
    """An existing report, with the tasks its agency reports on at its period."""
    plan = data.plans.get(update.plan_folder)
    period = plan.schedule.get(update.model.period) if plan else None
    if plan is None or period is None:
        raise NewUpdateError(f"Báo cáo {update.doc.path} không thuộc kế hoạch hay kỳ báo cáo nào đọc được.")
    agency, lines = task_lines(data, plan, update.agency_folder, period)
    report = update.model.model_dump(exclude_none=True, exclude_defaults=True)
    report.setdefault("entries", [])
    known = {line.task.id for line in lines}
    stray = [e["task"] for e in report["entries"] if e["task"] not in known]
    if stray:
        raise NewUpdateError(f"Báo cáo {update.doc.path} có mục cho nhiệm vụ {', '.join(stray)}, không phải "
                             f"nhiệm vụ cơ quan chủ trì hay phối hợp trong kỳ {period.label}; sửa báo cáo trước.")
    return Draft(data, plan, agency, period, lines, report, existing=True)


def new_update_text(draft: Draft) -> str:
    """The draft as YAML with a comment on every field: values by the emitter, comments made safe."""
    schedule = draft.plan.schedule
    first, last = schedule.window(draft.period)
    entries = []
    for line in draft.lines:
        entry = draft.entry(line.task.id) or {}
        entries.append({
            "id": Quoted(line.task.id), "title": comment(" ".join(line.task.title.split())[:120]),
            "lead": line.lead, "recurring": line.task.recurring, "due": vi_date(line.due),
            "status": entry.get("status"), "progress": entry.get("progress"),
            "completed_on": entry.get("completed_on"),
            "indicators": [i.id for i in line.task.indicators if line.lead or i.aggregate == "sum"],
        })
    report = draft.report
    return _template().render(
        schema_line=schema_line(draft.path, draft.data.root.parent), period_label=draft.period.label,
        agency_name=draft.agency.name, plan_code=draft.plan.plan.code, report=report,
        window_start=vi_date(first), window_end=vi_date(last), due=vi_date(schedule.due_date(draft.period)),
        entries=entries)


@cache
def _template() -> Template:
    return templating.environment(autoescape=False, filters={"yaml": scalar, "comment": comment}).get_template(
        "new_update.yaml.j2")


def new_update(data: Dataset, plan_id: str, agency_id: str, period_id: str, today: date) -> tuple[Path, str]:
    """(path, YAML text) of the prefilled report; does not write it."""
    draft = prefill(data, plan_id, agency_id, period_id, today)
    return draft.path, new_update_text(draft)
