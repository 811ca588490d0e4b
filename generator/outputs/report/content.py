"""What the compiled report says (data contract, section 11), as documented values: no Word here.

`report_content(data, timeline, period)` reads the typed figures of the timeline (never computing
them again) and the agencies' reports of the period. Every agency is named by its name; every text
is the agency's Markdown exactly as written, attributed to it. The template's wording
(generator/templates/report/*.docx) reads these values and formats numbers, dates and labels with
the same filters as the site (`num`, `pct`, `vdate`, `label`, `category`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from generator.data.load import Dataset, PlanData, UpdateFile
from generator.data.models import Entry, Plan, Task
from generator.data.periods import Period
from generator.stats.engine import Timeline
from generator.stats.figures import CATEGORIES, RATE_KEYS, Block, round1
from generator.vocabulary import SUBMISSION_LABELS


@dataclass(frozen=True)
class Header:
    """The header block, the recipients and the signature (the plan's `report` block, contract section 4)."""

    style: str  # "party" (Hướng dẫn 36-HD/VPTW) | "state" (Nghị định 30/2020/NĐ-CP)
    parent: str | None  # the issuer's superior body
    issuer: str
    symbol: str  # printed after the number left blank: "Số …-{symbol}" / "Số: …/{symbol}"
    place: str | None  # None: left blank to fill in
    recipients: tuple[str, ...]  # empty: the template's own default list
    on_behalf: str | None
    title: str | None
    name: str | None
    from_plan: bool  # False: the plan has no `report` block; the owner and defaults stand in


@dataclass(frozen=True)
class PlanInfo:
    code: str
    title: str
    issued_by: str
    issued_on: date


@dataclass(frozen=True)
class Text:
    """An agency's text (Markdown as written), attributed to the agency by name."""

    agency: str  # the agency's name
    text: str
    kind: str  # "summary" | "result" | "obstacles" | "proposals"
    task: str | None = None  # the task's id, for an entry's text
    period: Period | None = None  # the report it comes from


@dataclass(frozen=True)
class FigureRow:
    """One line of the overall table: a count or rate at P and at the previous period."""

    key: str  # a key of COUNT_KEYS or RATE_KEYS (its label: the `label` filter)
    now: float | None
    before: float | None  # None in the first period, or when the rate is undefined
    rate: bool

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return round1(self.now - self.before) if self.rate else self.now - self.before


@dataclass(frozen=True)
class TaskRef:
    id: str
    title: str
    lead: str  # the lead agency's name


@dataclass(frozen=True)
class GroupFigures:
    id: str
    title: str
    figures: Block


@dataclass(frozen=True)
class Overall:
    """Section 1: the figures at P, their change since the previous period, and per group."""

    figures: Block
    previous_period: Period | None
    previous: Block | None
    rows: tuple[FigureRow, ...]
    groups: tuple[GroupFigures, ...]
    completed: tuple[TaskRef, ...]  # completed since the previous period
    newly_overdue: tuple[TaskRef, ...]  # overdue at P, not at the previous period
    changed: int  # tasks whose state changed since the previous period


@dataclass(frozen=True)
class TaskResults:
    id: str
    title: str
    lead: str
    category: str  # at P: a category, or "recurring"
    progress: float | None
    texts: tuple[Text, ...]  # the `result` texts of P: the lead's first, then its supporters'


@dataclass(frozen=True)
class GroupResults:
    """Section 2, one group of tasks (id None: a plan without groups) and what was done on its tasks."""

    id: str | None
    title: str | None
    figures: Block | None
    tasks: tuple[TaskResults, ...]  # the tasks with a result text in P


@dataclass(frozen=True)
class OverdueTask:
    """Section 3: an overdue task at P, and its lead's latest obstacles and proposals (P or earlier)."""

    id: str
    title: str
    lead: str
    support: tuple[str, ...]
    due: date  # the due at P
    days: int  # R(P) - due
    progress: float | None  # p of the lead's effective entry; None: never reported
    obstacles: Text | None
    proposals: Text | None


@dataclass(frozen=True)
class Submission:
    agency: str
    submitted_on: date | None
    state: str  # "on_time" | "late" | "missing"
    days_late: int | None

    @property
    def label(self) -> str:
        return SUBMISSION_LABELS[self.state]


@dataclass(frozen=True)
class Compliance:
    """Section 4: each agency involved at P, its report sent on time, late or not at all."""

    due: date  # D(P)
    rows: tuple[Submission, ...]

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.submitted_on)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.state == "on_time")

    def names(self, state: str) -> tuple[str, ...]:
        return tuple(r.agency for r in self.rows if r.state == state)


@dataclass(frozen=True)
class AgencyNotes:
    agency: str
    notes: tuple[Text, ...]  # obstacles before proposals, the report's own before its entries'


@dataclass(frozen=True)
class NoteGroup:
    """Section 5: obstacles and proposals of P in one scope, by agency."""

    scope: str  # "general" (the reports' own texts) | "group" | "tasks" (a plan without groups)
    id: str | None
    title: str | None
    agencies: tuple[AgencyNotes, ...]


@dataclass(frozen=True)
class TaskLine:
    """Appendix I: a task counted at P and its category."""

    id: str
    title: str
    lead: str
    due: date | None  # None: a standing task
    category: str
    progress: float | None


@dataclass(frozen=True)
class TaskGroup:
    id: str | None
    title: str | None
    tasks: tuple[TaskLine, ...]


@dataclass(frozen=True)
class IndicatorLine:
    """Appendix II: an indicator of a task counted at P."""

    task: str
    name: str
    unit: str
    in_period: float | None  # reported for P (every agency for `sum`, the lead for `last`)
    cumulative: float | None  # the section 7 figure at P
    target: float | None
    percent: float | None  # cumulative / target × 100, one decimal


@dataclass(frozen=True)
class ReportContent:
    header: Header
    plan: PlanInfo
    period: Period
    reference_date: date  # R(P)
    window_start: date
    overall: Overall
    summaries: tuple[Text, ...]
    results: tuple[GroupResults, ...]
    overdue: tuple[OverdueTask, ...]
    compliance: Compliance
    notes: tuple[NoteGroup, ...]
    appendix: tuple[TaskGroup, ...]
    indicators: tuple[IndicatorLine, ...]


def report_content(data: Dataset, timeline: Timeline, period: Period | str) -> ReportContent:
    """The compiled report of `timeline`'s plan at `period` (KeyError for a period outside the plan)."""
    return next(report_contents(data, timeline, [period]))


def report_contents(data: Dataset, timeline: Timeline, periods: Iterable[Period | str]) -> Iterator[ReportContent]:
    """The compiled reports of `timeline`'s plan at each of `periods`, the plan's reports indexed once."""
    names = _Names(data)
    reports = _Reports(data.updates, timeline.plan)
    for period in periods:
        yield _content(data, timeline, period, names, reports)


def _content(data: Dataset, timeline: Timeline, period: Period | str, names: _Names,
             reports: _Reports) -> ReportContent:
    plan_data = timeline.plan
    plan = plan_data.plan
    n = timeline.index(period)
    current = timeline.periods[n]
    figures = timeline.at(current)
    states = {t.id: timeline.state(t.id, current) for t in plan.tasks}
    counted = [t for t in plan.tasks if states[t.id].counted]
    return ReportContent(
        header=header(plan, data),
        plan=PlanInfo(plan.code, plan.title, plan.issued_by, plan.issued_on),
        period=current,
        reference_date=figures.reference_date,
        window_start=plan_data.schedule.window(current)[0],
        overall=_overall(timeline, n, names),
        summaries=tuple(Text(names(a), u.model.summary, "summary", period=current)
                        for a, u in reports.of_period(n, timeline.agencies) if _said(u.model.summary)),
        results=_results(plan, counted, states, figures.groups, reports, n, names),
        overdue=tuple(_overdue(task, states[task.id], figures.reference_date, reports, n, names)
                      for task in counted if states[task.id].category == "overdue"),
        compliance=Compliance(figures.submission_due, tuple(
            Submission(names(a), f.submitted_on, f.submission,
                       (f.submitted_on - figures.submission_due).days if f.submission == "late" else None)
            for a, f in figures.agencies.items())),
        notes=_notes(plan, reports, n, timeline.agencies, names),
        appendix=tuple(TaskGroup(gid, title, tuple(
            TaskLine(t.id, t.title, names(t.lead), states[t.id].due, states[t.id].category, states[t.id].progress)
            for t in tasks)) for gid, title, tasks in _grouped(plan, counted)),
        indicators=_indicators(timeline, n, {t.id for t in counted}),
    )


def header(plan: Plan, data: Dataset) -> Header:
    """The plan's `report` block; without one, the plan's owner as issuer and Party layout."""
    report = plan.report
    if report is not None:
        signer = report.signer
        return Header(report.style, report.parent, report.issuer, report.symbol, report.place,
                      tuple(report.recipients), signer and signer.on_behalf, signer and signer.title,
                      signer and signer.name, True)
    owner = data.agencies.get(plan.owner)
    short = re.sub(r"\s+", "", owner.short_name) if owner and owner.short_name else ""
    return Header("party", None, owner.name if owner else plan.owner, f"BC/{short}" if short else "BC",
                  None, (), None, None, None, False)


class _Names:
    """Agency id -> name (the id itself only for an agency missing from the list)."""

    def __init__(self, data: Dataset) -> None:
        self._names = {a: agency.name for a, agency in data.agencies.items()}

    def __call__(self, agency: str) -> str:
        return self._names.get(agency, agency)


class _Reports:
    """The plan's reports by agency and period index, and each agency's entries on each task over time."""

    def __init__(self, updates: list[UpdateFile], plan: PlanData) -> None:
        schedule = plan.schedule
        self.by_period: dict[int, dict[str, UpdateFile]] = defaultdict(dict)
        self.entries: dict[tuple[str, str], list[tuple[int, Entry]]] = defaultdict(list)
        for update in updates:
            if update.plan_folder != plan.folder:
                continue
            n = schedule.index(schedule.get(update.model.period))
            self.by_period[n][update.agency_folder] = update
            for entry in update.model.entries:
                self.entries[(update.agency_folder, entry.task)].append((n, entry))
        self.periods = schedule.periods
        for found in self.entries.values():
            found.sort(key=lambda item: item[0])

    def of_period(self, n: int, order: list[str]) -> list[tuple[str, UpdateFile]]:
        """The reports of period n, in the agencies' order (any agency not in it last)."""
        found = self.by_period.get(n, {})
        return [(a, found[a]) for a in [*order, *sorted(set(found) - set(order))] if a in found]

    def latest(self, agency: str, task: str, n: int, kind: str) -> tuple[Period, str] | None:
        """The agency's latest `kind` text on the task in a report of period n or earlier."""
        for m, entry in reversed(self.entries.get((agency, task), [])):
            text = getattr(entry, kind)
            if m <= n and _said(text):
                return self.periods[m], text
        return None


def _said(text: str | None) -> bool:
    return bool(text and text.strip())


# the overall table's lines: the one-off tasks and their categories, then the standing ones, then the rates
TABLE_COUNTS = ("tasks", "one_off", *CATEGORIES, "recurring", "recurring_reported")


def _block_rows(now: Block, before: Block | None) -> tuple[FigureRow, ...]:
    rows = [FigureRow(k, now.count(k), before.count(k) if before else None, False) for k in TABLE_COUNTS]
    rows += [FigureRow(k, now.rate(k), before.rate(k) if before else None, True) for k in RATE_KEYS]
    return tuple(rows)


def _overall(timeline: Timeline, n: int, names: _Names) -> Overall:
    figures = timeline.at(timeline.periods[n])
    previous = timeline.periods[n - 1] if n else None
    before = timeline.at(previous).totals if previous else None
    plan = timeline.plan.plan
    tasks = timeline.plan.tasks
    titles = {g.id: g.title for g in plan.groups}
    changes = timeline.changes(timeline.periods[n])

    def ref(task_id: str) -> TaskRef:
        task = tasks[task_id]
        return TaskRef(task.id, task.title, names(task.lead))

    done = ("completed_on_time", "completed_late")
    return Overall(
        figures.totals, previous, before, _block_rows(figures.totals, before),
        tuple(GroupFigures(g, titles[g], block) for g, block in figures.groups.items()),
        tuple(ref(c.task) for c in changes if c.after.category in done and (c.before is None or
                                                                            c.before.category not in done)),
        tuple(ref(c.task) for c in changes if c.after.category == "overdue" and (c.before is None or
                                                                               c.before.category != "overdue")),
        len(changes),
    )


def _grouped(plan: Plan, tasks: list[Task]) -> list[tuple[str | None, str | None, list[Task]]]:
    """Tasks by group in the plan's order; one unnamed group for a plan without groups."""
    if not plan.groups:
        return [(None, None, tasks)]
    return [(g.id, g.title, [t for t in tasks if t.group == g.id]) for g in plan.groups]


def _results(plan: Plan, counted: list[Task], states, groups: dict[str, Block], reports: _Reports, n: int,
             names: _Names) -> tuple[GroupResults, ...]:
    out = []
    for gid, title, tasks in _grouped(plan, counted):
        with_text = []
        for task in tasks:
            texts = []
            for agency in (task.lead, *task.support):
                entry = next((e for m, e in reports.entries.get((agency, task.id), []) if m == n), None)
                if entry is not None and _said(entry.result):
                    texts.append(Text(names(agency), entry.result, "result", task.id))
            if texts:
                state = states[task.id]
                with_text.append(TaskResults(task.id, task.title, names(task.lead), state.category, state.progress,
                                             tuple(texts)))
        out.append(GroupResults(gid, title, groups.get(gid) if gid else None, tuple(with_text)))
    return tuple(out)


def _overdue(task: Task, state, reference: date, reports: _Reports, n: int, names: _Names) -> OverdueTask:
    notes = {}
    for kind in ("obstacles", "proposals"):
        found = reports.latest(task.lead, task.id, n, kind)
        notes[kind] = Text(names(task.lead), found[1], kind, task.id, found[0]) if found else None
    return OverdueTask(task.id, task.title, names(task.lead), tuple(names(a) for a in task.support), state.due,
                       (reference - state.due).days, state.progress if state.entry_period else None,
                       notes["obstacles"], notes["proposals"])


def _notes(plan: Plan, reports: _Reports, n: int, order, names: _Names) -> tuple[NoteGroup, ...]:
    """Obstacles and proposals of P: the reports' own first, then by group of tasks; by agency within each."""
    scopes: dict[str | None, dict[str, list[Text]]] = defaultdict(lambda: defaultdict(list))
    position = {t.id: i for i, t in enumerate(plan.tasks)}
    general = "\0general"
    received = reports.of_period(n, order)
    for agency, update in received:
        report = update.model
        for kind in ("obstacles", "proposals"):
            text = getattr(report, kind)
            if _said(text):
                scopes[general][agency].append(Text(names(agency), text, kind, period=reports.periods[n]))
        for entry in sorted(report.entries, key=lambda e: position.get(e.task, 0)):
            task = plan.tasks[position[entry.task]]
            for kind in ("obstacles", "proposals"):
                text = getattr(entry, kind)
                if _said(text):
                    scopes[task.group][agency].append(Text(names(agency), text, kind, task.id, reports.periods[n]))

    def agencies(scope) -> tuple[AgencyNotes, ...]:
        found = scopes.get(scope, {})
        return tuple(AgencyNotes(names(a), tuple(sorted(found[a], key=lambda t: t.kind != "obstacles")))
                     for a, _ in received if a in found)

    out = [NoteGroup("general", None, None, agencies(general))] if general in scopes else []
    if plan.groups:
        out += [NoteGroup("group", g.id, g.title, agencies(g.id)) for g in plan.groups if g.id in scopes]
    elif None in scopes:
        out.append(NoteGroup("tasks", None, None, agencies(None)))
    return tuple(out)


def _indicators(timeline: Timeline, n: int, counted: set[str]) -> tuple[IndicatorLine, ...]:
    definitions = timeline.plan.indicators
    out = []
    for values in timeline.indicator_values:
        if values.task not in counted:
            continue
        indicator = definitions[values.task][values.indicator]
        cumulative = values.running[n]
        target = indicator.target
        percent = round1(100 * cumulative / target) if target and cumulative is not None else None
        out.append(IndicatorLine(values.task, indicator.name, indicator.unit or "", values.reported[n], cumulative,
                                 target, percent))
    return tuple(out)

