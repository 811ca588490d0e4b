"""The task list (filterable) and one page per task: who does it, its deadline and every extension, its
state period by period with the deadline that applied and where each figure comes from, its indicators,
the changes to its entries, and everything the agencies wrote about it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from generator.data.periods import Period
from generator.data.records import DeadlineStep
from generator.site import charts
from generator.site.pages.history import TaskChange, task_changes
from generator.site.pages.indicators import IndicatorSeries
from generator.site.pages.parts import Page, page
from generator.site.views import EntryView, Link, PlanView, TaskRow
from generator.stats.figures import CATEGORIES, NOT_ASSIGNED, RECURRING, TaskState
from generator.vocabulary import CATEGORY_LABELS


@dataclass
class TaskIndexPage:
    plan_code: str
    period: Link  # the period the states are at
    rows: list[TaskRow]
    groups: dict[str, str]  # group id -> title (the group filter)
    leads: dict[str, str]  # agency id -> short name (the lead filter)
    categories: dict[str, str]  # category -> label (the state filter)


@dataclass
class PeriodState:
    """The task at one period: its state, the deadline that applied, where the figure comes from."""

    period: Link
    state: TaskState  # its `entry_period` and `reported_here` say where the figure comes from
    due: date | None  # the due at this period
    extended: bool  # the due differs from the previous period's


@dataclass
class TaskPage:
    plan: Link  # the plan's code, linking to its dashboard
    row: TaskRow  # the task at the latest period
    group: str | None  # "1. <title of the group>"
    lead: Link  # full name
    support: list[Link]  # full names
    deadlines: list[DeadlineStep]  # the plan's own due, then each extension (empty for a standing task)
    periods: list[PeriodState]  # one per shown period
    progress_chart: dict | None  # None for a standing task
    indicators: list[IndicatorSeries]
    history: list[TaskChange] | None  # commits that changed its entries, newest first; None: no git
    entries: list[EntryView]  # newest period first, the lead first


def _categories(rows: list[TaskRow]) -> dict[str, str]:
    """The filter's choices: the six categories, standing tasks, and tasks not assigned yet when there are some."""
    shown = (*CATEGORIES, RECURRING, *((NOT_ASSIGNED,) if any(not r.state.counted for r in rows) else ()))
    return {c: CATEGORY_LABELS[c] for c in shown}


def _periods(view: PlanView, task_id: str) -> list[PeriodState]:
    out: list[PeriodState] = []
    for period, state in zip(view.shown_periods, view.timeline.states[task_id], strict=False):
        extended = bool(out) and state.due != out[-1].due and out[-1].state.counted
        out.append(PeriodState(view.period_link(period), state, state.due, extended))
    return out


def task_pages(view: PlanView, series: list[IndicatorSeries]) -> list[Page]:
    period = view.latest
    rows = view.rows(period)
    leads = {a: view.short_name(a) for a in view.timeline.agencies}
    index = TaskIndexPage(view.plan.code, view.period_link(period), rows, view.groups, leads, _categories(rows))
    pages = [page("tasks", index, view.paths)]
    shown: list[Period] = view.shown_periods
    by_task: dict[str, list[IndicatorSeries]] = defaultdict(list)
    for s in series:
        by_task[s.task.id].append(s)
    plan_link = Link(view.plan.code, view.paths.dashboard())
    names = {a: view.short_name(a) for a in view.agencies}
    for row in rows:
        task = row.task
        periods = _periods(view, task.id)
        chart = None
        if not task.recurring:
            chart = charts.progress([p.label for p in shown], [p.state.progress for p in periods],
                                    [p.state.category for p in periods])
        group = f"{task.group}. {view.groups.get(task.group, '')}" if task.group else None
        context = TaskPage(plan_link, row, group, view.agency_link(task.lead, short=False),
                           [view.agency_link(a, short=False) for a in task.support], task.deadline_history, periods,
                           chart, by_task[task.id],
                           task_changes(view.history, view.data.folder, task.id, names, view.paths),
                           view.entries.get(task.id, []))
        pages.append(page("task", context, view.paths, task.id, id=task.id))
    return pages
