"""`tiendo new-update`: an agency's report for a period, prefilled from its earlier reports."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from generator import templating
from generator.data.layout import report_path
from generator.data.load import Dataset
from generator.formatting import vi_date

STATUS_HINTS = {"not_started": "not_started | in_progress | completed",
                "in_progress": "in_progress (đã làm trong kỳ) | not_started"}


class NewUpdateError(Exception):
    """The report cannot be prepared (unknown plan, agency or period, file exists, period not begun)."""


def new_update(data: Dataset, plan_id: str, agency_id: str, period_id: str, today: date) -> tuple[Path, str]:
    """(path, YAML text) of the prefilled report; does not write it."""
    plan = next((p for p in data.plans.values() if p.plan.id == plan_id), None)
    if plan is None:
        raise NewUpdateError(f"Không có kế hoạch `{plan_id}`. Các kế hoạch: " + ", ".join(p.plan.id for p in data.plans.values()))
    agency = data.agencies.get(agency_id)
    tasks = [t for t in plan.plan.tasks if t.lead == agency_id or agency_id in t.support]
    if agency is None or not tasks:
        raise NewUpdateError(f"Cơ quan `{agency_id}` không chủ trì hay phối hợp nhiệm vụ nào của kế hoạch `{plan_id}`.")
    schedule = plan.schedule
    period = schedule.get(period_id)
    if period is None:
        raise NewUpdateError(f"`{period_id}` không phải kỳ báo cáo của kế hoạch `{plan_id}` "
                             f"(từ {schedule.periods[0].id} đến {schedule.periods[-1].id}).")
    first, last = schedule.window(period)
    if today < first:
        raise NewUpdateError(f"Kỳ {period.label} chưa bắt đầu (số liệu tính từ {vi_date(first)}).")
    path = data.root / report_path(plan.folder, agency_id, period.id)
    if path.exists():
        raise NewUpdateError(f"Đã có tệp {data.display(path)}; sửa tệp đó thay vì tạo mới.")

    index = schedule.index(period)
    latest: dict[str, tuple[int, object]] = {}  # task -> (period index, the lead's latest earlier entry)
    for update in data.updates:
        if update.plan_folder != plan.folder or update.agency_folder != agency_id:
            continue
        n = schedule.index(schedule.get(update.model.period)) if schedule.get(update.model.period) else None
        if n is None or n >= index:
            continue
        for entry in update.model.entries:
            if entry.task not in latest or latest[entry.task][0] < n:
                latest[entry.task] = (n, entry)
    entries = []
    for task in tasks:
        lead = task.lead == agency_id
        previous = latest.get(task.id, (None, None))[1]
        status = previous.status if lead and previous is not None and previous.status else "not_started"
        progress = previous.progress if lead and previous is not None and status == "in_progress" else None
        if lead and not task.recurring and status == "in_progress" and progress is None:
            progress = 1
        entries.append({
            "id": task.id, "title": " ".join(task.title.split())[:120], "lead": lead,
            "due": "thường xuyên" if task.recurring else vi_date(task.due_date),
            "status": status, "status_hint": STATUS_HINTS.get(status, "hoàn thành: giữ nguyên trạng thái và ngày"),
            "progress": _number(progress),
            "completed_on": previous.completed_on.isoformat() if lead and status == "completed" else None,
            "indicators": [i.id for i in task.indicators if lead or i.aggregate == "sum"],
        })
    as_of = min(last, today)
    schema = os.path.relpath(data.root.parent / "docs" / "schemas" / "update.schema.json", path.parent)
    env = templating.environment(autoescape=False, filters={"yaml": lambda value: json.dumps(value, ensure_ascii=False)})
    text = env.get_template("new_update.yaml.j2").render(
        schema=Path(schema).as_posix(), period_label=period.label, agency_name=agency.name,
        plan_code=plan.plan.code, plan=plan.plan.id, agency=agency_id, period=period.id, as_of=as_of.isoformat(),
        window_start=vi_date(first), window_end=vi_date(last), submitted_on=today.isoformat(),
        due=vi_date(schedule.due_date(period)), entries=entries)
    return path, text


def _number(value) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)
