"""Warnings about how an agency's reports follow one another (data contract, sections 6 and 9).

One pass over a plan's sound reports in period order, remembering for each
agency its latest report so far (its "previous report") and for each one-off
task its lead's latest entry:

- `progress-decreased`, `reopened`: a lead's figures go backwards unexplained;
- `repeated-values`, `repeated-text`: an entry copied from the agency's previous report;
- `empty-report`: a report that says nothing its previous report did not;
- `stale-report`, at the end: a lead that stopped reporting on an unfinished task.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.data.load import PlanData, UpdateFile
from generator.data.models import Entry, Task
from generator.data.periods import Period
from generator.data.problems import Problem
from generator.data.reader import Document
from generator.data.rules import period_name
from generator.formatting import vi_number

TEXTS = ("result", "obstacles", "proposals")


@dataclass(frozen=True)
class Report:
    """A sound report and its period, with its entries by task."""

    file: UpdateFile
    period: Period
    entries: dict[str, Entry]

    @property
    def doc(self) -> Document:
        return self.file.doc


def check_timeline(plan: PlanData, updates: list[UpdateFile], problems: list[Problem]) -> None:
    schedule = plan.schedule
    reports = [Report(u, period, {e.task: e for e in u.model.entries})
               for u in updates if (period := schedule.get(u.model.period)) is not None]
    if not reports:
        return
    reports.sort(key=lambda r: r.period)
    tasks = plan.tasks
    sums = {t.id: frozenset(i.id for i in t.indicators if i.aggregate == "sum") for t in plan.plan.tasks}
    last_lead: dict[str, tuple[Report, Entry]] = {}
    previous: dict[str, Report] = {}  # agency -> its latest report so far
    for report in reports:
        agency = report.file.agency_folder
        before = previous.get(agency)
        _check_lead_progress(report, tasks, last_lead, problems)
        if before is not None:
            _check_repeats(report, before, sums, problems)
        _check_empty(report, before, tasks, problems)
        previous[agency] = report
    _check_stale(plan, reports, last_lead, problems)


def _at(problems: list[Problem], rule: str, doc: Document, loc: Iterable, *, at_key: bool = False,
        **params) -> None:
    line, column = doc.locate(tuple(loc), key=at_key)
    problems.append(Problem(rule, doc.path, line, column, params))


def _lead_progress(entry: Entry) -> float:
    if entry.status == "completed":
        return 100
    return entry.progress or 0


def _check_lead_progress(report: Report, tasks: dict[str, Task], last: dict[str, tuple[Report, Entry]],
                         problems: list[Problem]) -> None:
    """A lead's progress on a one-off task goes down, or a completed task reopens, without explanation."""
    model = report.file.model
    for i, entry in enumerate(model.entries):
        task = tasks.get(entry.task)
        if task is None or task.recurring or task.lead != report.file.agency_folder or entry.status is None:
            continue
        previous = last.get(task.id)
        last[task.id] = (report, entry)
        if previous is None or model.revisions or entry.has_text:
            continue
        before_report, before = previous
        earlier = period_name(before_report.period)
        if before.status == "completed" and entry.status != "completed":
            _at(problems, "reopened", report.doc, ("entries", i, "status"), task=task.id, previous=earlier)
        elif _lead_progress(entry) < _lead_progress(before):
            loc = ("entries", i, "progress") if entry.progress is not None else ("entries", i, "status")
            _at(problems, "progress-decreased", report.doc, loc, task=task.id,
                before=vi_number(_lead_progress(before)) + "%", previous=earlier,
                after=vi_number(_lead_progress(entry)) + "%")


def _check_repeats(report: Report, before: Report, sums: dict[str, frozenset[str]],
                   problems: list[Problem]) -> None:
    """Values and texts of an entry equal to the agency's entry on that task in its previous report."""
    earlier = period_name(before.period)
    raw_entries = report.doc.data["entries"]
    for i, entry in enumerate(report.file.model.entries):
        old = before.entries.get(entry.task)
        if old is None:
            continue
        summed = sums.get(entry.task, frozenset())
        values = {key: value for key, value in entry.indicators.items() if key in summed}
        if values and all(values.values()) and values == {k: v for k, v in old.indicators.items() if k in summed}:
            written = raw_entries[i]["indicators"]
            _at(problems, "repeated-values", report.doc, ("entries", i, "indicators"), at_key=True, task=entry.task,
                previous=earlier, values=", ".join(f"`{key}: {written[key]}`" for key in values))
        for key in TEXTS:
            text = getattr(entry, key)
            if text and text.strip() == (getattr(old, key) or "").strip():
                _at(problems, "repeated-text", report.doc, ("entries", i, key), key=key, task=entry.task,
                    previous=earlier)


def _check_empty(report: Report, before: Report | None, tasks: dict[str, Task],
                 problems: list[Problem]) -> None:
    """A report with no text, figure or document, whose lead statuses all repeat its previous report."""
    model = report.file.model
    if model.summary or model.obstacles or model.proposals:
        return
    for entry in model.entries:
        if entry.has_text or entry.indicators or entry.documents:
            return
        task = tasks.get(entry.task)
        if task is None or task.lead != report.file.agency_folder or entry.status is None:
            continue
        old = before.entries.get(entry.task) if before else None
        if old is None or (entry.status, entry.progress, entry.completed_on) != (
                old.status, old.progress, old.completed_on):
            return
    params = {"period": period_name(report.period)}
    if before is None:
        params["variant"] = "first"
    else:
        params["previous"] = period_name(before.period)
    _at(problems, "empty-report", report.doc, ("entries",), at_key=True, **params)


def _check_stale(plan: PlanData, reports: list[Report], last: dict[str, tuple[Report, Entry]],
                 problems: list[Problem]) -> None:
    """The lead's last report on an unfinished one-off task is older than the period before the latest."""
    latest = reports[-1].period
    previous_period = latest.previous()
    lead_files = {(r.file.agency_folder, r.period): r.file for r in reports}
    for task_id, (report, entry) in last.items():
        reported = report.period
        if entry.status == "completed" or reported >= previous_period:
            continue
        task = plan.tasks[task_id]
        current = lead_files.get((task.lead, latest))
        if current is not None:
            doc, loc = current.doc, ("entries",)
        else:
            doc = plan.file.doc
            loc = ("tasks", next(i for i, t in enumerate(plan.plan.tasks) if t.id == task_id), "id")
        _at(problems, "stale-report", doc, loc, at_key=True, task=task_id, last=period_name(reported),
            latest=period_name(latest))
