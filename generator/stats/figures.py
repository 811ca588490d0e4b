"""The statistics as typed values (data contract, sections 7 and 8).

`PeriodFigures` is what a plan's figures at one period are: the totals, one
`Block` per group, one `AgencyFigures` per agency involved, the indicators.
`as_json()` gives the contract's JSON (section 8). `TaskState` is one task at
one period; `TaskChange` and `IndicatorValues` are the series the site reads.
Labels for every key are in `generator.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.data.periods import Period

CATEGORIES = ("completed_on_time", "completed_late", "overdue", "in_progress", "not_started", "not_reported")
COUNT_KEYS = ("tasks", "one_off", "recurring", "recurring_reported", *CATEGORIES)
RATE_KEYS = ("completion_rate", "on_time_rate", "overdue_rate", "weighted_progress")
# a task's state outside the six categories: a standing task, or one not counted yet (v1.1 `assigned`)
RECURRING = "recurring"
NOT_ASSIGNED = "not_assigned"


def round1(value: float | None) -> float | None:
    """One decimal, half away from zero (as a person rounds), after clearing float noise."""
    if value is None:
        return None
    return float(Decimal(f"{value:.9f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def plain_number(value: float) -> int | float:
    """47.0 -> 47; sums of decimals keep at most 6 decimals."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class Block:
    """The figures of section 7 over a set of tasks (the plan, a group, the tasks an agency leads)."""

    tasks: int
    one_off: int
    recurring: int
    recurring_reported: int
    completed_on_time: int
    completed_late: int
    overdue: int
    in_progress: int
    not_started: int
    not_reported: int
    completion_rate: float | None
    on_time_rate: float | None
    overdue_rate: float | None
    weighted_progress: float | None

    @classmethod
    def tally(cls, counts: Mapping[str, int], weight_sum: float, weighted: float) -> Block:
        """A block from its counts, Σ weight and Σ weight × p over its one-off tasks: the rates follow."""
        one_off = counts["one_off"]
        done = counts["completed_on_time"] + counts["completed_late"]
        return cls(
            **{key: int(counts[key]) for key in COUNT_KEYS},
            completion_rate=round1(100 * done / one_off) if one_off else None,
            on_time_rate=round1(100 * counts["completed_on_time"] / done) if done else None,
            overdue_rate=round1(100 * counts["overdue"] / one_off) if one_off else None,
            weighted_progress=round1(weighted / weight_sum) if weight_sum else None,
        )

    @classmethod
    def empty(cls) -> Block:
        return cls.tally(dict.fromkeys(COUNT_KEYS, 0), 0.0, 0.0)

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    def count(self, key: str) -> int:
        """A count by its key (one of COUNT_KEYS: `tasks`, a category, ...), for tables over the categories."""
        if key not in COUNT_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def rate(self, key: str) -> float | None:
        """A rate by its key (one of RATE_KEYS), in percent with one decimal; None when undefined."""
        if key not in RATE_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def as_json(self) -> dict[str, Any]:
        """The contract's keys in the contract's order (counts, then rates)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class AgencyFigures(Block):
    """An agency at a period: the block of the tasks it leads, and its report for the period."""

    submitted: bool
    submitted_on: date | None
    on_time: bool  # submitted_on <= D(P); False when not submitted

    @classmethod
    def of(cls, block: Block, submitted_on: date | None, due: date) -> AgencyFigures:
        return cls(**{key: getattr(block, key) for key in (*COUNT_KEYS, *RATE_KEYS)},
                   submitted=submitted_on is not None, submitted_on=submitted_on,
                   on_time=submitted_on is not None and submitted_on <= due)

    @property
    def submission(self) -> str:
        """"on_time" | "late" | "missing" (labels: vocabulary.SUBMISSION_LABELS)."""
        return "on_time" if self.on_time else ("late" if self.submitted else "missing")

    def as_json(self) -> dict[str, Any]:
        out = super().as_json()
        out["submitted_on"] = self.submitted_on.isoformat() if self.submitted_on else None
        return out


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of one plan at one period P (contract section 8)."""

    plan: str  # plan id
    period: Period
    reference_date: date  # R(P)
    submission_due: date  # D(P)
    totals: Block
    groups: dict[str, Block]  # a key per group of the plan, in plan order
    agencies: dict[str, AgencyFigures]  # the agencies leading or supporting a task counted at P
    indicators: dict[str, dict[str, int | float]]  # task id -> indicator id -> value at P

    @property
    def received(self) -> int:
        """How many of the involved agencies sent their report for P."""
        return sum(1 for a in self.agencies.values() if a.submitted)

    @property
    def received_on_time(self) -> int:
        return sum(1 for a in self.agencies.values() if a.on_time)

    def as_json(self) -> dict[str, Any]:
        """The contract's JSON object (section 8) as plain values, plus `submission_due`."""
        return {
            "plan": self.plan,
            "period": self.period.id,
            "reference_date": self.reference_date.isoformat(),
            "submission_due": self.submission_due.isoformat(),
            "totals": self.totals.as_json(),
            "groups": {key: block.as_json() for key, block in self.groups.items()},
            "agencies": {key: block.as_json() for key, block in self.agencies.items()},
            "indicators": {task: dict(values) for task, values in self.indicators.items()},
        }


@dataclass(frozen=True)
class TaskState:
    """One task at one period: its category and p (section 7), from its lead's effective entry."""

    period: Period
    category: str  # one of CATEGORIES, RECURRING, or NOT_ASSIGNED (not counted at this period)
    progress: float | None  # p of section 7; None for standing tasks and tasks not counted
    status: str | None  # the effective entry's status
    entry_period: Period | None  # the period of the effective entry
    reported_here: bool  # the lead has an entry in this period's report
    due: date | None  # the due at this period (after extensions decided by R(P)); None for standing tasks

    @property
    def counted(self) -> bool:
        return self.category != NOT_ASSIGNED


@dataclass(frozen=True)
class TaskChange:
    """A task whose state at a period differs from the previous period (or was first reported then)."""

    task: str  # task id
    before: TaskState | None  # None in the plan's first period
    after: TaskState


@dataclass(frozen=True)
class IndicatorValues:
    """One indicator of one task in every period of the plan."""

    task: str  # task id
    indicator: str  # indicator id
    reported: tuple[float | None, ...]  # reported in each period (every agency for `sum`, the lead for `last`)
    running: tuple[int | float | None, ...]  # the section 7 figure at each period
