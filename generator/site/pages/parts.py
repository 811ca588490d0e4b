"""Pieces several pages show: a page to render, figures with their change since the previous period,
the table under a rate chart, the progress of each group of tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.data.periods import Period
from generator.formatting import vi_number
from generator.site import sitemap
from generator.site.sitemap import Paths
from generator.site.views import Link, PlanView
from generator.stats.figures import Block, PeriodFigures, round1


@dataclass
class Page:
    path: str  # Markdown path inside the generated docs folder, e.g. `nhiem-vu/1.1.md`
    template: str  # template file name in generator/templates/
    title: str  # page title (made safe by render)
    context: Any  # the template's inputs: the page kind's dataclass


def page(key: str, context: Any, paths: Paths | None = None, item: str = "", **title: str) -> Page:
    """A page of the site map's kind `key` (`item`: the task, agency or period of an item page)."""
    return Page((paths or Paths("")).of(key, item), sitemap.template(key), sitemap.title(key, **title), context)


@dataclass
class Delta:
    """A figure's change since the previous period."""

    arrow: str  # "▲", "▼" or "" (unchanged)
    amount: str  # the difference as written, without sign ("3,2"); "" when unchanged
    words: str  # the same for screen readers: "tăng 3,2 điểm phần trăm so với Quý IV/2018"
    tone: str  # "good" | "bad" | "": whether the change is welcome


def delta(now: float | None, before: float | None, unit: str, previous: Period | None,
          better: str = "up") -> Delta | None:
    """`unit`: "điểm phần trăm" for rates, a noun for counts; `better`: "up", "down" or "" (neither)."""
    if now is None or before is None or previous is None:
        return None
    change = round1(now - before) or 0.0
    since = f"so với {previous.label}"
    if change == 0:
        return Delta("", "", f"không đổi {since}", "")
    amount = vi_number(abs(change))
    up = change > 0
    tone = "" if not better else ("good" if up == (better == "up") else "bad")
    return Delta("▲" if up else "▼", amount, f"{'tăng' if up else 'giảm'} {amount} {unit} {since}", tone)


@dataclass
class Kpi:
    label: str
    value: str
    note: str = ""
    tone: str = ""  # "good" | "bad" | ""
    change: Delta | None = None  # since the previous period


@dataclass
class RateRow:
    period: Link
    values: list[float | None]  # one per column, in percent


@dataclass
class RateTable:
    """The numbers under a rate chart: one row per period, one column per rate."""

    columns: list[str]
    rows: list[RateRow]


def rate_table(view: PlanView, rates: dict[str, list[float | None]]) -> RateTable:
    rows = [RateRow(view.period_link(p), [values[i] for values in rates.values()])
            for i, p in enumerate(view.shown_periods)]
    return RateTable(list(rates), rows)


def percent_series(view: PlanView, rate: str, agency: str | None = None) -> list[float | None]:
    """A rate of the totals (or of an agency's block) at every shown period."""
    out = []
    for p in view.shown_periods:
        figures = view.figures(p)
        block = figures.totals if agency is None else figures.agencies.get(agency)
        out.append(block.rate(rate) if block is not None else None)
    return out


@dataclass
class GroupRow:
    """One group of tasks (nhóm nhiệm vụ) at a period."""

    id: str
    title: str
    figures: Block


def group_rows(view: PlanView, figures: PeriodFigures) -> list[GroupRow]:
    return [GroupRow(g, view.groups[g], block) for g, block in figures.groups.items()]
