"""Stage 3, compute: completion statistics (data contract, sections 5, 7 and 8).

`compute` works out every period of a plan at once with pandas: the lead's
entries are laid on a task × period grid and carried forward, so each
period's figures come from the same frame instead of a fresh pass. The
figures of one period are then read off with `Timeline.at(period)`, as a
typed `PeriodFigures` (figures.py); each task's state at every period, the
tasks that changed from one period to the next and every indicator's series
are read off the same timeline.

`snapshot` computes a single period directly from the contract's words,
in plain Python. It is the reference the tests hold `compute` to, and the
benchmark's "one period" baseline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from generator.data.load import Dataset, PlanData, UpdateFile
from generator.data.models import Task
from generator.data.periods import Period
from generator.stats.figures import (
    CATEGORIES,
    COUNT_KEYS,
    NOT_ASSIGNED,
    RECURRING,
    AgencyFigures,
    Block,
    IndicatorValues,
    PeriodFigures,
    TaskChange,
    TaskState,
    plain_number,
)


def involved_agencies(plan: PlanData, order: list[str] | None = None, tasks: list[Task] | None = None) -> list[str]:
    """Agencies that lead or support at least one of `tasks` (default: every task of the plan), in `order`
    (the agency list) when given."""
    involved = {a for t in (plan.plan.tasks if tasks is None else tasks) for a in (t.lead, *t.support)}
    ranked = [a for a in (order or []) if a in involved]
    return ranked + sorted(involved - set(ranked))


# --- all periods at once --------------------------------------------------------


@dataclass
class Timeline:
    """Every period's statistics for one plan."""

    plan: PlanData
    periods: tuple[Period, ...]
    agencies: list[str]  # every agency that is a key of `agencies` at some period
    involved_from: dict[str, int]  # agency -> the first period index where it is a key of `agencies` (v1.1)
    grid: pd.DataFrame  # one row per (period index, task), periods then plan order: effective entry and category
    blocks: dict[str, dict[Any, Block]]  # "totals" / "group" / "lead" -> {n or (n, id): block}
    submissions: dict[tuple[str, int], date]  # (agency, period index) -> submitted_on
    indicators: dict[int, dict[str, dict[str, int | float]]]  # period index -> task -> indicator -> value
    indicator_values: list[IndicatorValues]  # every indicator of the plan, in plan order, over all periods
    latest_reported: Period | None  # the latest period with any report
    _figures: dict[int, PeriodFigures] = field(default_factory=dict, repr=False)

    def index(self, period: Period | str) -> int:
        period_id = period if isinstance(period, str) else period.id
        found = self.plan.schedule.get(period_id)
        if found is None:
            raise KeyError(period_id)
        return self.plan.schedule.index(found)

    @property
    def latest(self) -> Period:
        """The latest reported period, or the first period while nothing is reported."""
        return self.latest_reported or self.periods[0]

    def at(self, period: Period | str) -> PeriodFigures:
        """The figures of contract section 8 for one period."""
        n = self.index(period)
        if n not in self._figures:
            self._figures[n] = self._at(n)
        return self._figures[n]

    def _at(self, n: int) -> PeriodFigures:
        current = self.periods[n]
        schedule = self.plan.schedule
        due = schedule.due_date(current)
        empty = Block.empty()
        return PeriodFigures(
            plan=self.plan.plan.id,
            period=current,
            reference_date=schedule.reference_date(current),
            submission_due=due,
            totals=self.blocks["totals"].get(n, empty),
            groups={g.id: self.blocks["group"].get((n, g.id), empty) for g in self.plan.plan.groups},
            agencies={a: AgencyFigures.of(self.blocks["lead"].get((n, a), empty), self.submissions.get((a, n)), due)
                      for a in self.agencies if self.involved_from[a] <= n},
            indicators=self.indicators.get(n, {}),
        )

    @cached_property
    def states(self) -> dict[str, tuple[TaskState, ...]]:
        """Task id -> its state at every period."""
        out: dict[str, list[TaskState]] = {t.id: [] for t in self.plan.plan.tasks}
        periods = self.periods
        columns = ["task", "n", "category", "p", "status", "entry_n", "reported_here", "due"]
        for task, n, category, p, status, entry_n, here, due in self.grid[columns].itertuples(index=False, name=None):
            out[task].append(TaskState(
                periods[n], category, None if p != p else float(p), status if isinstance(status, str) else None,
                None if entry_n != entry_n else periods[int(entry_n)], bool(here),
                None if pd.isna(due) else due.date()))
        return {task: tuple(states) for task, states in out.items()}

    def state(self, task_id: str, period: Period | str) -> TaskState:
        return self.states[task_id][self.index(period)]

    @cached_property
    def _changes(self) -> list[list[TaskChange]]:
        """Per period: the tasks whose category or p changed since the previous period (in the first
        period: those reported), and standing tasks reported in it but not in the previous one."""
        grid = self.grid
        size = len(self.plan.plan.tasks)
        category = grid["category"].to_numpy()
        p = grid["p"].to_numpy(dtype=float)
        here = grid["reported_here"].to_numpy(dtype=bool)
        changed = here.copy()  # the first period: every task its lead reported on
        if len(grid) > size:
            before_category, before_p, before_here = category[:-size], p[:-size], here[:-size]
            after_category, after_p, after_here = category[size:], p[size:], here[size:]
            p_differs = (before_p != after_p) & ~(np.isnan(before_p) & np.isnan(after_p))
            changed[size:] = ((before_category != after_category) | p_differs
                              | (after_here & (after_category == RECURRING) & ~before_here))
        out: list[list[TaskChange]] = [[] for _ in self.periods]
        tasks = grid["task"].to_numpy()
        for row in np.flatnonzero(changed):
            n, task = divmod(int(row), size)
            states = self.states[tasks[row]]
            out[n].append(TaskChange(tasks[row], states[n - 1] if n else None, states[n]))
        return out

    def changes(self, period: Period | str) -> list[TaskChange]:
        """The tasks whose state at `period` differs from the previous period, in plan order."""
        return self._changes[self.index(period)]


def _lead_entries(plan: PlanData, updates: list[UpdateFile]) -> pd.DataFrame:
    tasks = plan.tasks
    schedule = plan.schedule
    rows = []
    for update in updates:
        n = schedule.index(schedule.get(update.model.period))
        for entry in update.model.entries:
            task = tasks.get(entry.task)
            if task is not None and task.lead == update.agency_folder:
                rows.append((entry.task, n, entry.status, entry.progress, entry.completed_on))
    return pd.DataFrame(rows, columns=["task", "n", "status", "progress", "completed_on"])


def compute(plan: PlanData, updates: list[UpdateFile], agency_order: list[str] | None = None) -> Timeline:
    """Statistics of every period of `plan` from its (valid) reports, in one pass."""
    schedule = plan.schedule
    periods = schedule.periods
    updates = [u for u in updates if u.plan_folder == plan.folder]
    task_list = plan.plan.tasks
    n_periods = len(periods)

    reference = pd.to_datetime([schedule.reference_date(p) for p in periods])
    tasks = pd.DataFrame({
        "task": [t.id for t in task_list],
        "group": [t.group for t in task_list],
        "lead": [t.lead for t in task_list],
        "weight": [float(t.weight) for t in task_list],
        "recurring": [t.recurring for t in task_list],
        "assigned": pd.to_datetime([t.assigned for t in task_list]),
    })
    # v1.1: the first period in which each task is counted (assigned <= R(P)); 0 when it has no `assigned`
    first_counted = np.searchsorted(reference.to_numpy(), tasks["assigned"].to_numpy(), side="left")
    first_counted[tasks["assigned"].isna().to_numpy()] = 0
    entries = _lead_entries(plan, updates)
    entries["entry_n"] = entries["n"]
    grid_index = pd.MultiIndex.from_product([range(n_periods), tasks["task"]], names=["n", "task"])
    grid = (
        entries.set_index(["n", "task"])
        .reindex(grid_index)
        .assign(reported_here=lambda f: f["status"].notna(), due=_dues(task_list, reference, grid_index))
    )
    carried = ["status", "progress", "completed_on", "entry_n", "due"]
    grid[carried] = grid[carried].groupby(level="task", sort=False).ffill()
    grid = grid.reset_index().merge(tasks, on="task", how="left", sort=False)
    grid["reference_date"] = reference[grid["n"].to_numpy()]

    status = grid["status"]
    completed_on = pd.to_datetime(grid["completed_on"])
    completed = status.eq("completed")
    past_due = grid["due"] < grid["reference_date"]
    one_off = ~grid["recurring"]
    counted = grid["n"].to_numpy() >= np.tile(first_counted, n_periods)
    category = np.select(
        [completed & (completed_on <= grid["due"]), completed, past_due, status.eq("in_progress"),
         status.eq("not_started")],
        ["completed_on_time", "completed_late", "overdue", "in_progress", "not_started"],
        default="not_reported",
    )
    grid["category"] = np.where(counted, np.where(one_off, category, RECURRING), NOT_ASSIGNED)
    progress = np.select([completed, status.eq("in_progress")], [100.0, grid["progress"].astype(float)], default=0.0)
    grid["p"] = np.where(one_off & counted, progress, np.nan)

    taking_part = grid[counted]
    blocks = {
        "totals": _blocks(taking_part, ["n"]),
        "group": _blocks(taking_part[taking_part["group"].notna()], ["n", "group"]),
        "lead": _blocks(taking_part, ["n", "lead"]),
    }
    involved_from: dict[str, int] = {}
    for task, first in zip(task_list, first_counted.tolist(), strict=True):
        for agency in (task.lead, *task.support):
            involved_from[agency] = min(first, involved_from.get(agency, first))
    indicators, values = _indicators(plan, updates, n_periods)
    return Timeline(plan, periods, involved_agencies(plan, agency_order), involved_from, grid, blocks,
                    _submissions(plan, updates), indicators, values, plan.latest_reported(updates))


def _dues(tasks: list[Task], reference: pd.DatetimeIndex, grid_index: pd.MultiIndex) -> np.ndarray:
    """The due of each (period, task) before carrying forward: the plan's own due in the first period, and
    each extension's due from the first period whose R(P) is on or after its decision (v1.1)."""
    extensions = [(t.id, e.decided_on, e.due_date) for t in tasks for e in t.extensions]
    decided = reference.searchsorted(pd.to_datetime([d for _, d, _ in extensions]), side="left")
    frame = pd.DataFrame(
        [(0, t.id, t.due_date) for t in tasks if not t.recurring]
        + [(int(n), task, due) for n, (task, _, due) in zip(decided, extensions, strict=True)],
        columns=["n", "task", "due"])
    # an extension decided after the last period changes nothing; of two decided in one period, the later holds
    frame = frame[frame["n"] < len(reference)].drop_duplicates(["n", "task"], keep="last")
    return pd.to_datetime(frame.set_index(["n", "task"])["due"]).reindex(grid_index).to_numpy()


def _blocks(grid: pd.DataFrame, keys: list[str]) -> dict[Any, Block]:
    """Per key: tasks, one_off, recurring, recurring_reported, each category, then the rates."""
    one_off = grid[grid["category"] != RECURRING]
    by_category = grid.groupby([*keys, "category"]).size().unstack("category", fill_value=0)
    frame = pd.DataFrame(index=by_category.index)
    for name in (*CATEGORIES, RECURRING):
        frame[name] = by_category[name] if name in by_category else 0
    frame["one_off"] = frame[list(CATEGORIES)].sum(axis=1)
    frame["tasks"] = frame["one_off"] + frame[RECURRING]
    recurring = grid[grid["category"] == RECURRING]
    frame["recurring_reported"] = recurring.groupby(keys)["reported_here"].sum().reindex(frame.index, fill_value=0)
    frame["weight_sum"] = one_off.groupby(keys)["weight"].sum().reindex(frame.index, fill_value=0.0)
    weighted = (one_off["weight"] * one_off["p"]).groupby([one_off[k] for k in keys]).sum()
    frame["weighted"] = weighted.reindex(frame.index, fill_value=0.0)
    out = {}
    for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        values = row._asdict()
        out[key] = Block.tally({k: int(values[k]) for k in COUNT_KEYS}, float(values["weight_sum"]),
                               float(values["weighted"]))
    return out


def _submissions(plan: PlanData, updates: list[UpdateFile]) -> dict[tuple[str, int], date]:
    schedule = plan.schedule
    return {(u.agency_folder, schedule.index(schedule.get(u.model.period))): u.model.submitted_on for u in updates}


def _indicators(plan: PlanData, updates: list[UpdateFile], n_periods: int
                ) -> tuple[dict[int, dict[str, dict]], list[IndicatorValues]]:
    """Indicator values at every period (`sum` accumulates everyone's values, `last` carries the lead's),
    and every indicator's series: what was reported in each period and the figure at each period."""
    schedule = plan.schedule
    defined = [(t.id, i.id) for t in plan.plan.tasks for i in t.indicators]
    kinds = {(t.id, i.id): (i.aggregate, t.lead) for t in plan.plan.tasks for i in t.indicators}
    rows = []
    for update in updates:
        n = schedule.index(schedule.get(update.model.period))
        for entry in update.model.entries:
            for indicator, value in entry.indicators.items():
                aggregate, lead = kinds.get((entry.task, indicator), (None, None))
                if aggregate == "sum" or (aggregate == "last" and update.agency_folder == lead):
                    rows.append((entry.task, indicator, aggregate, n, float(value)))
    nothing = (None,) * n_periods
    if not rows:
        return {}, [IndicatorValues(task, indicator, nothing, nothing) for task, indicator in defined]
    values = pd.DataFrame(rows, columns=["task", "indicator", "aggregate", "n", "value"])
    # one row per (task, indicator), one column per period: the values reported in that period
    table = (values.groupby(["task", "indicator", "aggregate", "n"], sort=False)["value"].sum()
             .unstack("n").reindex(columns=range(n_periods)))
    is_sum = (table.index.get_level_values("aggregate") == "sum")[:, None]
    reported = table.to_numpy()
    started = table.notna().cummax(axis=1).to_numpy()  # absent until something is reported
    running = np.where(started, table.fillna(0).cumsum(axis=1).to_numpy(), np.nan)
    cells = np.where(is_sum, running, table.ffill(axis=1).to_numpy())
    out: dict[int, dict[str, dict]] = defaultdict(dict)
    series = {}
    for row, (task, indicator, _) in enumerate(table.index):
        for n in np.flatnonzero(~np.isnan(cells[row])):
            out[int(n)].setdefault(task, {})[indicator] = plain_number(cells[row, n])
        series[(task, indicator)] = IndicatorValues(
            task, indicator, tuple(None if v != v else plain_number(v) for v in reported[row]),
            tuple(None if v != v else plain_number(v) for v in cells[row]))
    order = {t.id: i for i, t in enumerate(plan.plan.tasks)}
    by_period = {n: dict(sorted(by_task.items(), key=lambda kv: order[kv[0]])) for n, by_task in out.items()}
    return by_period, [series.get(key) or IndicatorValues(*key, nothing, nothing) for key in defined]


def compute_all(data: Dataset) -> dict[str, Timeline]:
    """A timeline for every plan of a (valid) data set, by plan id."""
    order = list(data.agencies)
    return {plan.plan.id: compute(plan, data.updates, order) for plan in data.plans.values()}


# --- one period, straight from the contract ------------------------------------------


def snapshot(plan: PlanData, updates: list[UpdateFile], period: Period | str,
             agency_order: list[str] | None = None) -> PeriodFigures:
    """The section 8 figures of one period, computed directly (reference implementation).

    Only the tasks counted at P take part, each with its due at P (v1.1)."""
    schedule = plan.schedule
    current = schedule.get(period if isinstance(period, str) else period.id)
    if current is None:
        raise KeyError(period)
    n = schedule.index(current)
    ref = schedule.reference_date(current)
    updates = [u for u in updates if u.plan_folder == plan.folder]
    index_of = {u: schedule.index(schedule.get(u.model.period)) for u in updates}
    lead_entries: dict[str, dict[int, Any]] = defaultdict(dict)
    for update in updates:
        for entry in update.model.entries:
            task = plan.tasks.get(entry.task)
            if task is not None and task.lead == update.agency_folder:
                lead_entries[task.id][index_of[update]] = entry

    def tally(tasks) -> Block:
        counts = dict.fromkeys(COUNT_KEYS, 0)
        weight_sum = weighted = 0.0
        for task in tasks:
            counts["tasks"] += 1
            mine = lead_entries.get(task.id, {})
            if task.recurring:
                counts["recurring"] += 1
                counts["recurring_reported"] += n in mine
                continue
            counts["one_off"] += 1
            earlier = [q for q in mine if q <= n]
            effective = mine[max(earlier)] if earlier else None
            due = task.due_at(ref)
            if effective is not None and effective.status == "completed":
                category = "completed_on_time" if effective.completed_on <= due else "completed_late"
                p = 100.0
            else:
                if due < ref:
                    category = "overdue"
                elif effective is None:
                    category = "not_reported"
                else:
                    category = effective.status
                p = float(effective.progress or 0) if effective is not None and effective.status == "in_progress" else 0.0
            counts[category] += 1
            weight_sum += float(task.weight)
            weighted += float(task.weight) * p
        return Block.tally(counts, weight_sum, weighted)

    counted = [t for t in plan.plan.tasks if t.counted_at(ref)]
    due = schedule.due_date(current)
    submitted = {u.agency_folder: u.model.submitted_on for u in updates if index_of[u] == n}
    agencies = {agency: AgencyFigures.of(tally([t for t in counted if t.lead == agency]), submitted.get(agency), due)
                for agency in involved_agencies(plan, agency_order, counted)}
    reported: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for update in updates:
        if index_of[update] > n:
            continue
        for entry in update.model.entries:
            task = plan.tasks.get(entry.task)
            for indicator in task.indicators if task else ():
                if indicator.id in entry.indicators and (indicator.aggregate == "sum" or
                                                         update.agency_folder == task.lead):
                    reported[(task.id, indicator.id)].append((index_of[update], entry.indicators[indicator.id]))
    indicators: dict[str, dict[str, int | float]] = {}
    for task in plan.plan.tasks:
        for indicator in task.indicators:
            values = reported.get((task.id, indicator.id))
            if not values:
                continue
            if indicator.aggregate == "sum":
                value = sum(float(v) for _, v in values)
            else:
                value = float(max(values, key=lambda item: item[0])[1])
            indicators.setdefault(task.id, {})[indicator.id] = plain_number(value)
    return PeriodFigures(
        plan=plan.plan.id,
        period=current,
        reference_date=ref,
        submission_due=due,
        totals=tally(counted),
        groups={g.id: tally([t for t in counted if t.group == g.id]) for g in plan.plan.groups},
        agencies=agencies,
        indicators=indicators,
    )
