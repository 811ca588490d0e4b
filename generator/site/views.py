"""A plan seen by the site: its data, statistics and addresses in one place, and the rows tables show.

`plan_view` gathers what every page builder of a plan reads (the plan's reports by agency and
period, each task's entries, each task's state at every period, where each page lives). Builders
in `generator.site.pages` take from it the few values their page's template needs; templates never
see a `PlanView`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from generator.data.load import Dataset, PlanData
from generator.data.models import Agency, Entry, Plan, Task, Update
from generator.data.periods import Period
from generator.git.history import History
from generator.site.sitemap import Paths
from generator.site.text import fold
from generator.stats.engine import Timeline
from generator.stats.figures import PeriodFigures, TaskState
from generator.vocabulary import SUBMISSION_LABELS


@dataclass(frozen=True)
class Link:
    """A page to link to: its text and its path in the generated docs folder."""

    text: str
    path: str


@dataclass
class Submission:
    """One agency's report for one period, as far as sending it goes."""

    period: Period
    submitted_on: date | None  # None: not sent
    due: date  # D(P)
    entries: int  # number of entries in the report

    @property
    def on_time(self) -> bool:
        return self.submitted_on is not None and self.submitted_on <= self.due

    @property
    def state(self) -> str:
        """"on_time" | "late" | "missing"."""
        return "on_time" if self.on_time else ("late" if self.submitted_on else "missing")

    @property
    def label(self) -> str:
        return SUBMISSION_LABELS[self.state]


@dataclass
class EntryView:
    """One agency's entry on one task in one period's report."""

    period: Period
    agency: Link  # the reporting agency (full name)
    is_lead: bool
    entry: Entry
    update: Update  # the report the entry is in


@dataclass
class TaskRow:
    """A task as listed in tables, at one period."""

    task: Task
    path: str
    lead: Link  # the lead agency (short name)
    support: list[Link]  # the supporting agencies (short names)
    due: date | None  # the due at the row's period (after the extensions decided by then)
    state: TaskState
    search: str  # accent-free text for the filter box
    days_overdue: int | None


@dataclass
class PlanView:
    """Everything the pages of one plan are made from."""

    data: PlanData
    timeline: Timeline
    agencies: dict[str, Agency]
    paths: Paths
    entries: dict[str, list[EntryView]]  # task id -> entries, newest period first, lead first
    reports: dict[str, dict[str, Update]]  # agency id -> period id -> report
    history: History | None  # the data's git history (None without git)

    @property
    def plan(self) -> Plan:
        return self.data.plan

    @property
    def latest(self) -> Period:
        """The latest period with a report (the first period while there is none)."""
        return self.timeline.latest

    @cached_property
    def shown_periods(self) -> list[Period]:
        """Periods up to the latest report: what charts and tables show."""
        return [p for p in self.timeline.periods if p <= self.latest]

    @cached_property
    def groups(self) -> dict[str, str]:
        """Group id -> title."""
        return {g.id: g.title for g in self.plan.groups}

    def figures(self, period: Period) -> PeriodFigures:
        return self.timeline.at(period)

    def previous(self, period: Period) -> Period | None:
        n = self.data.schedule.index(period)
        return self.timeline.periods[n - 1] if n else None

    def agency_name(self, agency_id: str) -> str:
        agency = self.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def short_name(self, agency_id: str) -> str:
        agency = self.agencies.get(agency_id)
        return (agency.short_name or agency.name) if agency else agency_id

    @cached_property
    def _agency_links(self) -> dict[tuple[str, bool], Link]:
        return {}

    def agency_link(self, agency_id: str, short: bool = True) -> Link:
        key = (agency_id, short)
        if key not in self._agency_links:
            name = self.short_name(agency_id) if short else self.agency_name(agency_id)
            self._agency_links[key] = Link(name, self.paths.agency(agency_id))
        return self._agency_links[key]

    @cached_property
    def _period_links(self) -> dict[Period, Link]:
        return {p: Link(p.label, self.paths.period(p.id)) for p in self.timeline.periods}

    def period_link(self, period: Period) -> Link:
        return self._period_links[period]

    def state(self, task_id: str, period: Period) -> TaskState:
        return self.timeline.state(task_id, period)

    def submission(self, agency_id: str, period: Period) -> Submission:
        report = self.reports.get(agency_id, {}).get(period.id)
        return Submission(period, report.submitted_on if report else None, self.data.schedule.due_date(period),
                          len(report.entries) if report else 0)

    @cached_property
    def _search(self) -> dict[str, str]:
        """Task id -> the accent-free text the filter box searches (the same in every period)."""
        out = {}
        for task in self.plan.tasks:
            names = [self.agency_name(task.lead), self.short_name(task.lead), *map(self.short_name, task.support)]
            out[task.id] = fold(" ".join([task.id, task.title, *names]))
        return out

    def row(self, task: Task, period: Period) -> TaskRow:
        state = self.state(task.id, period)
        reference = self.data.schedule.reference_date(period)
        due = state.due
        overdue = (reference - due).days if state.category == "overdue" and due else None
        return TaskRow(task, self.paths.task(task.id), self.agency_link(task.lead),
                       [self.agency_link(a) for a in task.support], due, state, self._search[task.id], overdue)

    def rows(self, period: Period, tasks: list[Task] | None = None) -> list[TaskRow]:
        return [self.row(t, period) for t in (tasks if tasks is not None else self.plan.tasks)]

    def lead_note(self, task_id: str, period: Period) -> EntryView | None:
        """The lead's latest entry on a task up to `period` that says something of obstacles or proposals."""
        for view in self.entries.get(task_id, []):
            if view.is_lead and view.period <= period and (view.entry.obstacles or view.entry.proposals):
                return view
        return None


def plan_view(data: Dataset, plan: PlanData, timeline: Timeline, prefix: str, history: History | None) -> PlanView:
    schedule = plan.schedule
    paths = Paths(prefix)
    agencies = data.agencies
    updates = sorted((u for u in data.updates if u.plan_folder == plan.folder),
                     key=lambda u: schedule.index(schedule.get(u.model.period)))
    entries: dict[str, list[EntryView]] = defaultdict(list)
    reports: dict[str, dict[str, Update]] = defaultdict(dict)
    for update in updates:
        period = schedule.get(update.model.period)
        agency_id = update.agency_folder
        reports[agency_id][period.id] = update.model
        agency = agencies.get(agency_id)
        link = Link(agency.name if agency else agency_id, paths.agency(agency_id))
        for entry in update.model.entries:
            is_lead = plan.tasks[entry.task].lead == agency_id
            entries[entry.task].append(EntryView(period, link, is_lead, entry, update.model))
    for views in entries.values():  # newest period first, the lead before its supporters
        views.sort(key=lambda v: (-schedule.index(v.period), not v.is_lead))
    return PlanView(plan, timeline, agencies, paths, dict(entries), dict(reports), history)
