"""Stage 3, compute: completion statistics (data contract, sections 5, 7 and 8).

`compute` works out every period of a plan at once with pandas: the lead's
entries are laid on a task × period grid and carried forward, so each
period's figures come from the same frame instead of a fresh pass. The
figures of one period are then read off with `Timeline.at(period)`.

`snapshot` computes a single period directly from the contract's words,
in plain Python. It is the reference the tests hold `compute` to, and the
benchmark's "one period" baseline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from generator.data.load import Dataset, PlanData, UpdateFile
from generator.data.periods import Period

CATEGORIES = ("completed_on_time", "completed_late", "overdue", "in_progress", "not_started", "not_reported")
COUNT_KEYS = ("tasks", "one_off", "recurring", "recurring_reported", *CATEGORIES)
RATE_KEYS = ("completion_rate", "on_time_rate", "overdue_rate", "weighted_progress")


def round1(value: float | None) -> float | None:
    """One decimal, half away from zero (as a person rounds), after clearing float noise."""
    if value is None:
        return None
    return float(Decimal(f"{value:.9f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def plain_number(value: float) -> int | float:
    """47.0 -> 47; sums of decimals keep at most 6 decimals."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def rates(counts: dict[str, int], weight_sum: float, weighted: float) -> dict[str, float | None]:
    one_off = counts["one_off"]
    done = counts["completed_on_time"] + counts["completed_late"]
    return {
        "completion_rate": round1(100 * done / one_off) if one_off else None,
        "on_time_rate": round1(100 * counts["completed_on_time"] / done) if done else None,
        "overdue_rate": round1(100 * counts["overdue"] / one_off) if one_off else None,
        "weighted_progress": round1(weighted / weight_sum) if weight_sum else None,
    }


def involved_agencies(plan: PlanData, order: list[str] | None = None) -> list[str]:
    """Agencies that lead or support at least one task, in `order` (the agency list) when given."""
    involved = {a for t in plan.plan.tasks for a in (t.lead, *t.support)}
    ranked = [a for a in (order or []) if a in involved]
    return ranked + sorted(involved - set(ranked))


# --- all periods at once --------------------------------------------------------


@dataclass
class Timeline:
    """Every period's statistics for one plan."""

    plan: PlanData
    periods: tuple[Period, ...]
    agencies: list[str]  # keys of `agencies` in each period's figures
    grid: pd.DataFrame  # one row per (period index, task): effective entry and category
    # "totals" / "group" / "lead" -> {period index or (period index, id): the figures of that block}
    blocks: dict[str, dict[Any, dict[str, Any]]]
    submissions: dict[tuple[str, int], date]  # (agency, period index) -> submitted_on
    indicators: dict[int, dict[str, dict[str, int | float]]]  # period index -> task -> indicator -> value

    def index(self, period: Period | str) -> int:
        period_id = period if isinstance(period, str) else period.id
        found = self.plan.schedule.get(period_id)
        if found is None:
            raise KeyError(period_id)
        return self.plan.schedule.index(found)

    def latest_reported(self, updates: list[UpdateFile]) -> Period | None:
        """The latest period for which any agency has a report."""
        indices = [self.plan.schedule.index(self.plan.schedule.get(u.model.period)) for u in updates]
        return self.periods[max(indices)] if indices else None

    def _block(self, kind: str, key: Any) -> dict[str, Any]:
        found = self.blocks[kind].get(key)
        return dict(found) if found is not None else _figures(dict.fromkeys(COUNT_KEYS, 0), 0.0, 0.0)

    def at(self, period: Period | str) -> dict[str, Any]:
        """The figures of contract section 8 for one period."""
        n = self.index(period)
        current = self.periods[n]
        schedule = self.plan.schedule
        groups = {group.id: self._block("group", (n, group.id)) for group in self.plan.plan.groups}
        agencies = {}
        due = schedule.due_date(current)
        for agency in self.agencies:
            block = self._block("lead", (n, agency))
            submitted_on = self.submissions.get((agency, n))
            block.update({
                "submitted": submitted_on is not None,
                "submitted_on": submitted_on.isoformat() if submitted_on else None,
                "on_time": bool(submitted_on is not None and submitted_on <= due),
            })
            agencies[agency] = block
        return {
            "plan": self.plan.plan.id,
            "period": current.id,
            "reference_date": schedule.reference_date(current).isoformat(),
            "submission_due": due.isoformat(),
            "totals": self._block("totals", n),
            "groups": groups,
            "agencies": agencies,
            "indicators": self.indicators.get(n, {}),
        }



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

    tasks = pd.DataFrame({
        "task": [t.id for t in task_list],
        "group": [t.group for t in task_list],
        "lead": [t.lead for t in task_list],
        "weight": [float(t.weight) for t in task_list],
        "recurring": [t.recurring for t in task_list],
        "due": pd.to_datetime([t.due_date for t in task_list]),
    })
    entries = _lead_entries(plan, updates)
    entries["entry_n"] = entries["n"]
    grid_index = pd.MultiIndex.from_product([range(n_periods), tasks["task"]], names=["n", "task"])
    grid = (
        entries.set_index(["n", "task"])
        .reindex(grid_index)
        .assign(reported_here=lambda f: f["status"].notna())
    )
    carried = ["status", "progress", "completed_on", "entry_n"]
    grid[carried] = grid[carried].groupby(level="task", sort=False).ffill()
    grid = grid.reset_index().merge(tasks, on="task", how="left", sort=False)
    reference = pd.to_datetime([schedule.reference_date(p) for p in periods])
    grid["reference_date"] = reference[grid["n"].to_numpy()]

    status = grid["status"]
    completed_on = pd.to_datetime(grid["completed_on"])
    completed = status.eq("completed")
    past_due = grid["due"] < grid["reference_date"]
    one_off = ~grid["recurring"]
    category = np.select(
        [completed & (completed_on <= grid["due"]), completed, past_due, status.eq("in_progress"),
         status.eq("not_started")],
        ["completed_on_time", "completed_late", "overdue", "in_progress", "not_started"],
        default="not_reported",
    )
    grid["category"] = np.where(one_off, category, "recurring")
    progress = np.select([completed, status.eq("in_progress")], [100.0, grid["progress"].astype(float)], default=0.0)
    grid["p"] = np.where(one_off, progress, np.nan)

    blocks = {
        "totals": _blocks(grid, ["n"]),
        "group": _blocks(grid[grid["group"].notna()], ["n", "group"]),
        "lead": _blocks(grid, ["n", "lead"]),
    }
    return Timeline(plan, periods, involved_agencies(plan, agency_order), grid, blocks,
                    _submissions(plan, updates), _indicators(plan, updates, n_periods))


def _blocks(grid: pd.DataFrame, keys: list[str]) -> dict[Any, dict[str, Any]]:
    """Per key: tasks, one_off, recurring, recurring_reported, each category, then the rates."""
    one_off = grid[grid["category"] != "recurring"]
    by_category = grid.groupby([*keys, "category"]).size().unstack("category", fill_value=0)
    frame = pd.DataFrame(index=by_category.index)
    for name in (*CATEGORIES, "recurring"):
        frame[name] = by_category[name] if name in by_category else 0
    frame["one_off"] = frame[list(CATEGORIES)].sum(axis=1)
    frame["tasks"] = frame["one_off"] + frame["recurring"]
    recurring = grid[grid["category"] == "recurring"]
    frame["recurring_reported"] = recurring.groupby(keys)["reported_here"].sum().reindex(frame.index, fill_value=0)
    frame["weight_sum"] = one_off.groupby(keys)["weight"].sum().reindex(frame.index, fill_value=0.0)
    weighted = (one_off["weight"] * one_off["p"]).groupby([one_off[k] for k in keys]).sum()
    frame["weighted"] = weighted.reindex(frame.index, fill_value=0.0)
    out = {}
    for key, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        values = row._asdict()
        out[key] = _figures({k: int(values[k]) for k in COUNT_KEYS}, values["weight_sum"], values["weighted"])
    return out


def _figures(counts: dict[str, int], weight_sum: float, weighted: float) -> dict[str, Any]:
    return {**counts, **rates(counts, float(weight_sum), float(weighted))}


def _submissions(plan: PlanData, updates: list[UpdateFile]) -> dict[tuple[str, int], date]:
    schedule = plan.schedule
    return {(u.agency_folder, schedule.index(schedule.get(u.model.period))): u.model.submitted_on for u in updates}


def _indicators(plan: PlanData, updates: list[UpdateFile], n_periods: int) -> dict[int, dict[str, dict]]:
    """Indicator values at every period: `sum` accumulates everyone's values, `last` carries the lead's."""
    schedule = plan.schedule
    kinds = {(t.id, i.id): (i.aggregate, t.lead) for t in plan.plan.tasks for i in t.indicators}
    rows = []
    for update in updates:
        n = schedule.index(schedule.get(update.model.period))
        for entry in update.model.entries:
            for indicator, value in entry.indicators.items():
                aggregate, lead = kinds.get((entry.task, indicator), (None, None))
                if aggregate == "sum" or (aggregate == "last" and update.agency_folder == lead):
                    rows.append((entry.task, indicator, aggregate, n, float(value)))
    if not rows:
        return {}
    values = pd.DataFrame(rows, columns=["task", "indicator", "aggregate", "n", "value"])
    # one row per (task, indicator), one column per period: the values reported in that period
    table = (values.groupby(["task", "indicator", "aggregate", "n"], sort=False)["value"].sum()
             .unstack("n").reindex(columns=range(n_periods)))
    is_sum = (table.index.get_level_values("aggregate") == "sum")[:, None]
    started = table.notna().cummax(axis=1).to_numpy()  # absent until something is reported
    running = np.where(started, table.fillna(0).cumsum(axis=1).to_numpy(), np.nan)
    cells = np.where(is_sum, running, table.ffill(axis=1).to_numpy())
    out: dict[int, dict[str, dict]] = defaultdict(dict)
    for row, (task, indicator, _) in enumerate(table.index):
        for n in np.flatnonzero(~np.isnan(cells[row])):
            out[int(n)].setdefault(task, {})[indicator] = plain_number(cells[row, n])
    order = {t.id: i for i, t in enumerate(plan.plan.tasks)}
    return {n: dict(sorted(by_task.items(), key=lambda kv: order[kv[0]])) for n, by_task in out.items()}


def compute_all(data: Dataset) -> dict[str, Timeline]:
    """A timeline for every plan of a (valid) data set, by plan id."""
    order = list(data.agencies)
    return {plan.plan.id: compute(plan, data.updates, order) for plan in data.plans.values()}


# --- one period, straight from the contract ------------------------------------------


def snapshot(plan: PlanData, updates: list[UpdateFile], period: Period | str,
             agency_order: list[str] | None = None) -> dict[str, Any]:
    """The section 8 figures of one period, computed directly (reference implementation)."""
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

    def tally(tasks) -> dict[str, Any]:
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
            due = task.due_date
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
        return _figures(counts, weight_sum, weighted)

    due = schedule.due_date(current)
    submitted = {u.agency_folder: u.model.submitted_on for u in updates if index_of[u] == n}
    agencies = {}
    for agency in involved_agencies(plan, agency_order):
        on = submitted.get(agency)
        agencies[agency] = {**tally([t for t in plan.plan.tasks if t.lead == agency]),
                            "submitted": on is not None, "submitted_on": on.isoformat() if on else None,
                            "on_time": bool(on is not None and on <= due)}
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
    return {
        "plan": plan.plan.id,
        "period": current.id,
        "reference_date": ref.isoformat(),
        "submission_due": due.isoformat(),
        "totals": tally(plan.plan.tasks),
        "groups": {g.id: tally([t for t in plan.plan.tasks if t.group == g.id]) for g in plan.plan.groups},
        "agencies": agencies,
        "indicators": indicators,
    }

