"""Stage 2, validate: the rules that span files (data contract, sections 3-6).

Each file has already been checked against its own schema by `load`. Here
we check what one file cannot know alone: ids that must exist elsewhere,
folders that must match, periods and dates that depend on the plan, who
may report what, and how a task's reports follow one another.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from generator.data.load import Dataset, PlanData, UpdateFile, closest
from generator.data.models import Agency, Entry, Task
from generator.data.periods import CYCLE_EXAMPLES, Period, parse_period
from generator.data.problems import Problem
from generator.data.reader import Document
from generator.formatting import vi_date, vi_number

LEAD_ONLY = ("status", "progress", "completed_on")


def validate(data: Dataset, today: date) -> list[Problem]:
    problems: list[Problem] = []
    agencies = _check_agencies(data, problems)
    known = agencies if data.agencies_file is not None else None
    for plan in data.plans.values():
        _check_plan(plan, known, problems)
    by_plan: dict[str, list[UpdateFile]] = defaultdict(list)
    for update in data.updates:
        by_plan[update.plan_folder].append(update)
    for folder, updates in by_plan.items():
        plan = data.plans.get(folder)
        accepted = []
        for update in updates:
            if _check_update(data, plan, update, agencies, known, today, problems):
                accepted.append(update)
        if plan is not None:
            _check_history(plan, accepted, problems)
    return problems


def _at(problems: list[Problem], rule: str, doc: Document, loc: Iterable, *, at_key: bool = False,
        **params) -> None:
    line, column = doc.locate(tuple(loc), key=at_key)
    problems.append(Problem(rule, doc.path, line, column, params))


def _suggest(value: str, choices: Iterable[str], noun: str, noun_en: str) -> dict[str, str]:
    close = closest(value, choices)
    if close:
        return {"suggestion_vi": f"Có phải ý bạn là `{close}`?", "suggestion_en": f"Did you mean `{close}`?"}
    return {"suggestion_vi": f"Kiểm tra lại mã {noun}.", "suggestion_en": f"Check the {noun_en} id."}


def _check_agencies(data: Dataset, problems: list[Problem]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    if data.agencies_file is None:
        return agencies
    doc = data.agencies_file.doc
    first_line: dict[str, int] = {}
    for i, agency in enumerate(data.agencies_file.model.agencies):
        if agency.id in agencies:
            _at(problems, "duplicate-id", doc, ("agencies", i, "id"), value=agency.id,
                first_line=first_line[agency.id], what="cơ quan", what_en="agency")
            continue
        agencies[agency.id] = agency
        first_line[agency.id] = doc.locate(("agencies", i, "id"))[0]
    return agencies


def _check_agency_ref(problems, doc, loc, value, known: dict[str, Agency] | None) -> bool:
    if known is None or value in known:
        return True
    _at(problems, "unknown-agency", doc, loc, value=value, **_suggest(value, known, "cơ quan", "agency"))
    return False


def _check_plan(data: PlanData, known: dict[str, Agency] | None, problems: list[Problem]) -> None:
    plan, doc = data.plan, data.file.doc
    if plan.id != data.folder:
        _at(problems, "folder-mismatch", doc, ("id",), key="id", value=plan.id, expected=data.folder,
            place="tên thư mục kế hoạch", place_en="plan folder name")
    _check_agency_ref(problems, doc, ("owner",), plan.owner, known)
    if plan.end < plan.start:
        _at(problems, "end-before-start", doc, ("end",), end=vi_date(plan.end), start=vi_date(plan.start))
    reporting = plan.reporting
    if reporting.cutoff_day is not None and reporting.due_day <= reporting.cutoff_day:
        loc = ("reporting", "due_day") if doc.has_key(("reporting", "due_day")) else ("reporting", "cutoff_day")
        _at(problems, "due-day-not-after-cutoff", doc, loc, due_day=reporting.due_day,
            cutoff_day=reporting.cutoff_day)

    groups: dict[str, int] = {}
    for i, group in enumerate(plan.groups):
        if group.id in groups:
            _at(problems, "duplicate-id", doc, ("groups", i, "id"), value=group.id, first_line=groups[group.id],
                what="nhóm", what_en="group")
        else:
            groups[group.id] = doc.locate(("groups", i, "id"))[0]
    choices = ", ".join(f"`{g}`" for g in groups) or "(kế hoạch chưa có `groups`)"

    tasks: dict[str, int] = {}
    for i, task in enumerate(plan.tasks):
        here = ("tasks", i)
        if task.id in tasks:
            _at(problems, "duplicate-id", doc, (*here, "id"), value=task.id, first_line=tasks[task.id],
                what="nhiệm vụ", what_en="task")
        else:
            tasks[task.id] = doc.locate((*here, "id"))[0]
        if task.group is None and groups:
            _at(problems, "missing-group", doc, here, task=task.id, choices=choices)
        elif task.group is not None and task.group not in groups:
            _at(problems, "unknown-group", doc, (*here, "group"), value=task.group, choices=choices)
        _check_agency_ref(problems, doc, (*here, "lead"), task.lead, known)
        seen: set[str] = set()
        for j, agency in enumerate(task.support):
            loc = (*here, "support", j)
            if agency == task.lead:
                _at(problems, "support-includes-lead", doc, loc, value=agency)
            elif agency in seen:
                _at(problems, "duplicate-support", doc, loc, value=agency)
            else:
                _check_agency_ref(problems, doc, loc, agency, known)
            seen.add(agency)
        indicator_lines: dict[str, int] = {}
        for j, indicator in enumerate(task.indicators):
            loc = (*here, "indicators", j, "id")
            if indicator.id in indicator_lines:
                _at(problems, "duplicate-id", doc, loc, value=indicator.id,
                    first_line=indicator_lines[indicator.id], what="chỉ tiêu của nhiệm vụ",
                    what_en="indicator of the task")
            else:
                indicator_lines[indicator.id] = doc.locate(loc)[0]


def _agency_name(agencies: dict[str, Agency], agency_id: str) -> str:
    agency = agencies.get(agency_id)
    return agency.name if agency else agency_id


def _check_update(data: Dataset, plan: PlanData | None, update: UpdateFile, agencies: dict[str, Agency],
                  known: dict[str, Agency] | None, today: date, problems: list[Problem]) -> bool:
    """Check one report; True when it is sound enough to take part in the history checks."""
    model, doc = update.model, update.doc
    before = len(problems)
    for key, expected, place, place_en in (
        ("plan", update.plan_folder, "thư mục kế hoạch", "plan folder"),
        ("agency", update.agency_folder, "thư mục cơ quan", "agency folder"),
        ("period", update.period_name, "tên tệp", "file name"),
    ):
        value = getattr(model, key)
        if value != expected:
            _at(problems, "folder-mismatch", doc, (key,), key=key, value=value, expected=expected,
                place=place, place_en=place_en)
    if plan is None:
        if update.plan_folder not in data.plans_with_errors:
            _at(problems, "unknown-plan", doc, ("plan",), value=update.plan_folder,
                **_suggest(update.plan_folder, data.plans, "kế hoạch", "plan"))
        return False
    _check_agency_ref(problems, doc, ("agency",), update.agency_folder, known)

    schedule = plan.schedule
    period = _check_period(plan, update, problems)
    for key in ("as_of", "submitted_on"):
        value = getattr(model, key)
        if value > today:
            _at(problems, "date-in-future", doc, (key,), key=key, value=vi_date(value))
    if model.submitted_on < model.as_of:
        _at(problems, "submitted-before-as-of", doc, ("submitted_on",), value=vi_date(model.submitted_on),
            as_of=vi_date(model.as_of))
    if period is not None:
        first, last = schedule.window(period)
        if not first <= model.as_of <= last:
            _at(problems, "as-of-outside-window", doc, ("as_of",), value=vi_date(model.as_of), period=period.id,
                window_start=vi_date(first), window_end=vi_date(last))
    for i, revision in enumerate(model.revisions):
        if revision.date > today:
            _at(problems, "date-in-future", doc, ("revisions", i, "date"), key="date", value=vi_date(revision.date))

    tasks = plan.tasks
    agency_id = update.agency_folder
    first_index: dict[str, int] = {}
    for i, entry in enumerate(model.entries):
        here = ("entries", i)
        if entry.task in first_index:
            first_line = doc.locate(("entries", first_index[entry.task], "task"))[0]
            _at(problems, "duplicate-entry", doc, (*here, "task"), task=entry.task, first_line=first_line)
            continue
        first_index[entry.task] = i
        task = tasks.get(entry.task)
        if task is None:
            _at(problems, "unknown-task", doc, (*here, "task"), plan=plan.plan.id, task=entry.task,
                **_suggest(entry.task, tasks, "nhiệm vụ", "task"))
            continue
        if task.lead != agency_id and agency_id not in task.support:
            _at(problems, "task-not-assigned", doc, (*here, "task"), agency=_agency_name(agencies, agency_id),
                task=entry.task,
                assigned=", ".join(f"`{t}`" for t in plan.assignments.get(agency_id, ())) or "(không có)")
            continue
        _check_entry(plan, update, here, entry, task, agencies, problems)
    return len(problems) == before


def _check_period(plan: PlanData, update: UpdateFile, problems: list[Problem]) -> Period | None:
    schedule, model = plan.schedule, update.model
    cycle = schedule.cycle
    params = {"value": model.period, "example": CYCLE_EXAMPLES[cycle], "first": schedule.periods[0].id,
              "last": schedule.periods[-1].id}
    period = parse_period(model.period, cycle)
    if period is None:
        other = parse_period(model.period)
        if other is not None:
            reason = f"kế hoạch báo cáo theo {_CYCLE_VI[cycle]}, không theo {_CYCLE_VI[other.cycle]}"
            reason_en = f"the plan reports by {cycle}, not by {other.cycle}"
        else:
            reason, reason_en = "sai định dạng", "not a period id"
        _at(problems, "invalid-period", update.doc, ("period",), reason=reason, reason_en=reason_en, **params)
        return None
    if schedule.index(period) is None:
        _at(problems, "invalid-period", update.doc, ("period",), reason="ngoài thời gian của kế hoạch",
            reason_en="outside the plan's time span", **params)
        return None
    return period


_CYCLE_VI = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "year": "năm"}


def _check_entry(plan: PlanData, update: UpdateFile, here: tuple, entry: Entry, task: Task,
                 agencies: dict[str, Agency], problems: list[Problem]) -> None:
    doc = update.doc
    agency_id = update.agency_folder
    is_lead = task.lead == agency_id
    if not is_lead:
        for key in LEAD_ONLY:
            if getattr(entry, key) is not None:
                _at(problems, "lead-only-field", doc, (*here, key), key=key, lead=_agency_name(agencies, task.lead),
                    agency=_agency_name(agencies, agency_id))
    else:
        _check_lead_fields(plan, update, here, entry, task, problems)
    if not entry.indicators:
        return
    indicators = {indicator.id: indicator for indicator in task.indicators}
    for indicator_id in entry.indicators:
        loc = (*here, "indicators", indicator_id)
        indicator = indicators.get(indicator_id)
        if indicator is None:
            names = ", ".join(f"`{i}`" for i in indicators)
            close = difflib.get_close_matches(indicator_id, list(indicators), n=1, cutoff=0.6)
            _at(problems, "unknown-indicator", doc, loc, at_key=True, task=task.id, value=indicator_id,
                suggestion_vi=(f"Có phải ý bạn là `{close[0]}`?" if close else
                               (f"Các chỉ tiêu của nhiệm vụ: {names}." if names else "Nhiệm vụ này không có chỉ tiêu.")),
                suggestion_en=(f"Did you mean `{close[0]}`?" if close else
                               (f"The task's indicators: {names}." if names else "This task has no indicators.")))
        elif indicator.aggregate == "last" and not is_lead:
            _at(problems, "indicator-lead-only", doc, loc, at_key=True, value=indicator_id)


def _check_lead_fields(plan: PlanData, update: UpdateFile, here: tuple, entry: Entry, task: Task,
                       problems: list[Problem]) -> None:
    doc, model = update.doc, update.model
    if entry.status is None:
        _at(problems, "missing-status", doc, here, task=task.id)
        return
    if task.recurring:
        if entry.status == "completed":
            _at(problems, "recurring-field", doc, (*here, "status"), task=task.id,
                what="trạng thái `completed`", what_en="`completed` status",
                advice="Nhiệm vụ thường xuyên dùng `status: in_progress` (đã thực hiện trong kỳ) hoặc `not_started`.",
                advice_en="Standing tasks use `in_progress` (carried out this period) or `not_started`.")
        for key in ("progress", "completed_on"):
            if getattr(entry, key) is not None:
                _at(problems, "recurring-field", doc, (*here, key), task=task.id, what=f"`{key}`", what_en=f"`{key}`",
                    advice="Xóa dòng này; chỉ ghi `status` và kết quả thực hiện trong kỳ.",
                    advice_en="Remove it; give `status` and the period's results only.")
        return
    progress = entry.progress
    shown = str(progress)
    if entry.status == "completed":
        if entry.completed_on is None:
            _at(problems, "completed-on-required", doc, (*here, "status"), task=task.id)
        else:
            start = plan.plan.start
            if entry.completed_on > model.as_of:
                reason, reason_en = f"sau ngày chốt số liệu {vi_date(model.as_of)}", "is after as_of"
            elif entry.completed_on < start:
                reason, reason_en = f"trước ngày bắt đầu kế hoạch {vi_date(start)}", "is before the plan's start"
            else:
                reason = None
            if reason:
                _at(problems, "completed-on-out-of-range", doc, (*here, "completed_on"),
                    value=vi_date(entry.completed_on), reason=reason, reason_en=reason_en,
                    start=vi_date(start), as_of=vi_date(model.as_of))
        if progress is not None and progress != 100:
            _at(problems, "progress-mismatch", doc, (*here, "progress"), value=shown, status="completed",
                reason="đã hoàn thành thì tiến độ là 100 (hoặc bỏ trống)", reason_en="completed means 100 or absent",
                advice="Ghi `progress: 100` hoặc xóa dòng `progress`; nếu chưa xong, đổi `status: in_progress`.",
                advice_en="Use 100 or remove `progress`; if not done, use `status: in_progress`.")
        return
    if entry.completed_on is not None:
        _at(problems, "completed-on-not-allowed", doc, (*here, "completed_on"))
    if entry.status == "in_progress":
        if progress is None:
            _at(problems, "progress-required", doc, (*here, "status"), task=task.id)
        elif not 0 < progress < 100:
            advice = ("Nếu đã xong, ghi `status: completed` và `completed_on`." if progress == 100 else
                      "Nếu chưa bắt đầu, ghi `status: not_started`.")
            _at(problems, "progress-mismatch", doc, (*here, "progress"), value=shown, status="in_progress",
                reason="đang thực hiện thì tiến độ phải lớn hơn 0 và nhỏ hơn 100",
                reason_en="in progress needs 0 < progress < 100", advice=advice,
                advice_en="Use `completed` when done, `not_started` when not begun.")
    elif progress not in (None, 0):
        _at(problems, "progress-mismatch", doc, (*here, "progress"), value=shown, status="not_started",
            reason="chưa bắt đầu thì tiến độ là 0 (hoặc bỏ trống)", reason_en="not started means 0 or absent",
            advice="Nếu đã triển khai, ghi `status: in_progress`.", advice_en="If begun, use `status: in_progress`.")


def _lead_progress(entry: Entry) -> float:
    if entry.status == "completed":
        return 100
    return entry.progress or 0


def _check_history(plan: PlanData, updates: list[UpdateFile], problems: list[Problem]) -> None:
    """Warnings about how a lead's reports on a one-off task follow each other."""
    schedule = plan.schedule
    ordered = sorted(
        (u for u in updates if schedule.get(u.model.period) is not None),
        key=lambda u: schedule.index(schedule.get(u.model.period)),
    )
    if not ordered:
        return
    tasks = {t.id: t for t in plan.plan.tasks if not t.recurring}
    last: dict[str, tuple[UpdateFile, Entry]] = {}
    for update in ordered:
        for i, entry in enumerate(update.model.entries):
            task = tasks.get(entry.task)
            if task is None or task.lead != update.agency_folder or entry.status is None:
                continue
            previous = last.get(task.id)
            last[task.id] = (update, entry)
            if previous is None:
                continue
            before_update, before = previous
            explained = bool(update.model.revisions) or entry.has_text
            if explained:
                continue
            if before.status == "completed" and entry.status != "completed":
                _at(problems, "reopened", update.doc, ("entries", i, "status"), task=task.id,
                    previous=before_update.model.period)
            elif _lead_progress(entry) < _lead_progress(before):
                loc = ("entries", i, "progress") if entry.progress is not None else ("entries", i, "status")
                _at(problems, "progress-decreased", update.doc, loc, task=task.id,
                    before=vi_number(_lead_progress(before)) + "%", previous=before_update.model.period,
                    after=vi_number(_lead_progress(entry)) + "%")
    latest = schedule.get(ordered[-1].model.period)
    previous_period = latest.previous()
    lead_files = {(u.agency_folder, u.model.period): u for u in ordered}
    for task_id, (update, entry) in last.items():
        reported = schedule.get(update.model.period)
        if entry.status == "completed" or reported >= previous_period:
            continue
        task = tasks[task_id]
        current = lead_files.get((task.lead, latest.id))
        if current is not None:
            doc, loc = current.doc, ("entries",)
        else:
            doc = plan.file.doc
            loc = ("tasks", next(i for i, t in enumerate(plan.plan.tasks) if t.id == task_id), "id")
        _at(problems, "stale-report", doc, loc, at_key=True, task=task_id, last=reported.id, latest=latest.id)
