"""The indicators (chỉ tiêu): one summary table of where each stands, then each one over time."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.models import Indicator, Task
from generator.data.periods import Period
from generator.site import charts
from generator.site.pages.parts import Page, page
from generator.site.views import PlanView


@dataclass
class IndicatorSeries:
    task: Task
    task_path: str
    indicator: Indicator
    anchor: str  # the id of its section on the indicators page
    periods: list[Period]  # the shown periods
    reported: list[float | None]  # values reported in each period (all agencies for `sum`, the lead for `last`)
    running: list[float | None]  # the section 7 figure at each period
    chart: dict

    @property
    def percent(self) -> bool:
        """A percentage indicator (its unit is `%`): values are written 85,5%."""
        return (self.indicator.unit or "").strip() == "%"

    @property
    def current(self) -> float | None:
        """What was reported in the latest shown period."""
        return self.reported[-1] if self.reported else None

    @property
    def latest(self) -> float | None:
        """The figure at the latest shown period (cumulative for `sum`, the newest value for `last`)."""
        return self.running[-1] if self.running else None

    @property
    def share_of_target(self) -> float | None:
        """The latest figure as a percentage of the target (None without a positive target or a figure)."""
        target = self.indicator.target
        if not target or self.latest is None:
            return None
        return 100 * self.latest / target


@dataclass
class IndicatorsPage:
    period: Period  # the latest shown period
    series: list[IndicatorSeries]


def indicator_series(view: PlanView) -> list[IndicatorSeries]:
    shown = view.shown_periods
    labels = [p.label for p in shown]
    out = []
    for values in view.timeline.indicator_values:
        task = view.data.tasks[values.task]
        indicator = next(i for i in task.indicators if i.id == values.indicator)
        reported, running = list(values.reported[: len(shown)]), list(values.running[: len(shown)])
        chart = charts.indicator(labels, reported, running, indicator.name, indicator.unit or "", indicator.target,
                                 indicator.aggregate)
        anchor = f"{task.id.replace('.', '-')}-{indicator.id}"
        out.append(IndicatorSeries(task, view.paths.task(task.id), indicator, anchor, shown, reported, running, chart))
    return out


def indicators_page(view: PlanView, series: list[IndicatorSeries]) -> Page:
    return page("indicators", IndicatorsPage(view.latest, series), view.paths)
