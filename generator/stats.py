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

from .load import Dataset, PlanData, UpdateFile
from .periods import Period

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
    counts: dict[str, pd.DataFrame]  # "totals" / "group" / "lead" -> counts per period (and group or lead)
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

    def _block(self, kind: str, n: int, key: str | None = None) -> dict[str, Any]:
        frame = self.counts[kind]
        row = frame.loc[(n, key)] if key is not None else frame.loc[n]
        counts = {k: int(row[k]) for k in COUNT_KEYS}
        return {**counts, **rates(counts, float(row["weight_sum"]), float(row["weighted"]))}

    def _empty_block(self) -> dict[str, Any]:
        counts = dict.fromkeys(COUNT_KEYS, 0)
        return {**counts, **rates(counts, 0.0, 0.0)}

    def at(self, period: Period | str) -> dict[str, Any]:
        """The figures of contract section 8 for one period."""
        n = self.index(period)
        current = self.periods[n]
        schedule = self.plan.schedule
        groups = {}
        for group in self.plan.plan.groups:
            has = (n, group.id) in self.counts["group"].index
            groups[group.id] = self._block("group", n, group.id) if has else self._empty_block()
        agencies = {}
        due = schedule.due_date(current)
        for agency in self.agencies:
            has = (n, agency) in self.counts["lead"].index
            block = self._block("lead", n, agency) if has else self._empty_block()
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
            "totals": self._block("totals", n) if n in self.counts["totals"].index else self._empty_block(),
            "groups": groups,
            "agencies": agencies,
            "indicators": self.indicators.get(n, {}),
        }

    def series(self) -> pd.DataFrame:
        """Totals for every period, one row each (for trend charts and exports)."""
        rows = [{"period": p.id, **self.at(p)["totals"]} for p in self.periods]
        return pd.DataFrame(rows)


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

    counts = {
        "totals": _counts(grid, ["n"]),
        "group": _counts(grid[grid["group"].notna()], ["n", "group"]),
        "lead": _counts(grid, ["n", "lead"]),
    }
    return Timeline(plan, periods, involved_agencies(plan, agency_order), grid, counts,
                    _submissions(plan, updates), _indicators(plan, updates, n_periods))


def _counts(grid: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per key: tasks, one_off, recurring, recurring_reported, each category, Σ weight, Σ weight × p."""
    one_off = grid[grid["category"] != "recurring"]
    by_category = pd.crosstab([grid[k] for k in keys], grid["category"])
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
    return frame


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
    full = pd.Index(range(n_periods), name="n")
    out: dict[int, dict[str, dict]] = defaultdict(dict)
    for (task, indicator, aggregate), frame in values.groupby(["task", "indicator", "aggregate"], sort=False):
        per_period = frame.groupby("n")["value"].sum()  # `last` has one value per period (the lead's)
        if aggregate == "sum":
            series = per_period.reindex(full).fillna(0).cumsum()
            first = per_period.index.min()
            series[series.index < first] = np.nan
        else:
            series = per_period.reindex(full).ffill()
        for n, value in series.dropna().items():
            out[int(n)].setdefault(task, {})[indicator] = plain_number(value)
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
        return {**counts, **rates(counts, weight_sum, weighted)}

    due = schedule.due_date(current)
    submitted = {u.agency_folder: u.model.submitted_on for u in updates if index_of[u] == n}
    agencies = {}
    for agency in involved_agencies(plan, agency_order):
        on = submitted.get(agency)
        agencies[agency] = {**tally([t for t in plan.plan.tasks if t.lead == agency]),
                            "submitted": on is not None, "submitted_on": on.isoformat() if on else None,
                            "on_time": bool(on is not None and on <= due)}
    indicators: dict[str, dict[str, int | float]] = {}
    for task in plan.plan.tasks:
        for indicator in task.indicators:
            reported = [(index_of[u], e.indicators[indicator.id]) for u in updates for e in u.model.entries
                        if e.task == task.id and indicator.id in e.indicators and index_of[u] <= n
                        and (indicator.aggregate == "sum" or u.agency_folder == task.lead)]
            if not reported:
                continue
            if indicator.aggregate == "sum":
                value = sum(float(v) for _, v in reported)
            else:
                value = float(max(reported, key=lambda item: item[0])[1])
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

