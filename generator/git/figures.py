"""The published figures of a period (contract section 7), compared between two revisions.

Change control uses this to refuse a plan edit that would rewrite what was
published for a locked period. `published` is the one place that reads a
timeline's figures for that purpose: it flattens them into named values
(`totals.overdue`, `groups.1.completed_late`, `agencies.cong-an.on_time`,
`indicators.2.3.so-vu`), so comparing two revisions is comparing two dicts,
and how the engine represents its figures matters in this one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.data.load import Dataset
from generator.data.periods import Period
from generator.formatting import vi_date, vi_number, vi_percent
from generator.stats.engine import Timeline
from generator.stats.figures import RATE_KEYS
from generator.vocabulary import LABELS

_BLOCKS = ("totals", "groups", "agencies", "indicators")


def published(timeline: Timeline, period: str) -> dict[tuple[str, ...], Any]:
    """Every figure of section 7 at `period`, by name: (block, [group, agency or task,] figure)."""
    figures = timeline.at(period).as_json()  # the contract's JSON (section 8): its names are stable
    flat: dict[tuple[str, ...], Any] = {}
    for key, value in figures["totals"].items():
        flat[("totals", key)] = value
    for block in ("groups", "agencies"):
        for owner, values in figures[block].items():
            for key, value in values.items():
                flat[(block, owner, key)] = value
    for task, values in figures["indicators"].items():
        for indicator, value in values.items():
            flat[("indicators", task, indicator)] = value
    return flat


@dataclass(frozen=True)
class Rewrite:
    """What a change does to one locked period's published figures."""

    period: Period
    changed: list[tuple[tuple[str, ...], Any, Any]]  # (name, before, after); `after` is None when the period is gone
    gone: bool = False  # the period is no longer one of the plan's (its cycle or dates changed)


def rewrites(before: Timeline, after: Timeline | None, periods: list[Period]) -> list[Rewrite]:
    """The locked `periods` of `before` whose figures differ in `after` (None: the plan is gone)."""
    found = []
    for period in periods:
        old = published(before, period.id)
        if after is None or after.plan.schedule.get(period.id) is None:
            found.append(Rewrite(period, [], gone=True))
            continue
        new = published(after, period.id)
        changed = [(name, old.get(name), new.get(name)) for name in _ordered(old.keys() | new.keys())
                   if old.get(name) != new.get(name)]
        if changed:
            found.append(Rewrite(period, changed))
    return found


def _ordered(names) -> list[tuple[str, ...]]:
    order = list(LABELS)
    return sorted(names, key=lambda n: (_BLOCKS.index(n[0]), n[1:-1],
                                        order.index(n[-1]) if n[-1] in order else len(order), n[-1]))


def describe(rewrites: list[Rewrite], data: Dataset, shown_runs: int = 3, shown_figures: int = 4) -> str:
    """`Quý I/2019 – Quý IV/2020 (8 kỳ): Số nhiệm vụ 3 → 4, Quá hạn 0 → 1 (và 2 số liệu khác); …`:
    consecutive periods whose figures change alike are told once."""
    runs: list[list[Rewrite]] = []
    for rewrite in rewrites:
        if runs and (runs[-1][-1].gone, runs[-1][-1].changed) == (rewrite.gone, rewrite.changed):
            runs[-1].append(rewrite)
        else:
            runs.append([rewrite])
    parts = []
    for run in runs[:shown_runs]:
        first = run[0]
        when = first.period.label if len(run) == 1 else \
            f"{first.period.label} – {run[-1].period.label} ({len(run)} kỳ)"
        if first.gone:
            parts.append(f"{when}: không còn là kỳ báo cáo của kế hoạch")
            continue
        items = [f"{_name(name, data)} {_value(name[-1], old)} → {_value(name[-1], new)}"
                 for name, old, new in first.changed[:shown_figures]]
        rest = len(first.changed) - shown_figures
        parts.append(f"{when}: " + ", ".join(items) + (f" (và {rest} số liệu khác)" if rest > 0 else ""))
    hidden = sum(len(run) for run in runs[shown_runs:])
    return "; ".join(parts) + (f"; và {hidden} kỳ khác" if hidden else "")


def _name(name: tuple[str, ...], data: Dataset) -> str:
    block, *owners, key = name
    if block == "indicators":
        return f"chỉ tiêu `{key}` của nhiệm vụ {owners[0]}"
    label = LABELS.get(key, key)
    if block == "groups":
        return f"{label} (nhóm {owners[0]})"
    if block == "agencies":
        agency = data.agencies.get(owners[0])
        return f"{label} ({agency.short_name or agency.name if agency else owners[0]})"
    return label


def _value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if key in RATE_KEYS:
        return vi_percent(value)
    if key == "submitted_on":
        return vi_date(date.fromisoformat(value))
    return vi_number(value)
