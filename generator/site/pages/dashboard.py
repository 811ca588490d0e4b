"""The plan's home page: the figures of the latest period and their change, each group's progress, the
trend, the overdue tasks with what their leads last said, and who sends reports on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.data.models import Plan
from generator.data.periods import Period
from generator.formatting import vi_number, vi_percent
from generator.site import charts, sitemap
from generator.site.pages.parts import (
    GroupRow,
    Kpi,
    Page,
    RateTable,
    delta,
    group_rows,
    page,
    percent_series,
    rate_table,
)
from generator.site.sitemap import Paths
from generator.site.views import EntryView, Link, PlanView, Submission, TaskRow
from generator.stats.figures import CATEGORIES, Block, PeriodFigures
from generator.vocabulary import RATE_LABELS

PERCENT_POINTS = "điểm phần trăm"


@dataclass
class PeriodRow:
    period: Link
    figures: Block


@dataclass
class OverdueRow:
    row: TaskRow
    newly: bool  # overdue at this period, not at the previous one
    note: EntryView | None  # the lead's latest entry with obstacles or proposals on the task


@dataclass
class ComplianceRow:
    agency: Link
    submissions: list[Submission]  # one per shown period


@dataclass
class DashboardPage:
    plan: Plan
    period: Period  # the latest reported period
    reference: date  # its R(P)
    previous: Period | None  # what the changes are measured against
    plans_index: str | None  # the page listing the other plans (None: the site follows one plan)
    kpis: list[Kpi]
    groups: list[GroupRow]
    status_chart: dict
    status_table: list[PeriodRow]
    trend_chart: dict
    trend: RateTable
    overdue: list[OverdueRow]
    compliance_chart: dict
    periods: list[Period]  # the shown periods (columns of the compliance table)
    compliance: list[ComplianceRow]
    paths: Paths  # where the plan's other pages are


def kpis(figures: PeriodFigures, before: PeriodFigures | None, previous: Period | None) -> list[Kpi]:
    totals = figures.totals
    old = before.totals if before else None

    def change(key: str, unit: str, better: str = "up"):
        return delta(getattr(totals, key), getattr(old, key) if old else None, unit, previous, better)

    on_time_before = before.received_on_time if before else None
    return [
        Kpi("Nhiệm vụ", vi_number(totals.tasks),
            f"{vi_number(totals.one_off)} có thời hạn, {vi_number(totals.recurring)} thường xuyên", "",
            change("tasks", "nhiệm vụ", "")),
        Kpi("Hoàn thành", vi_percent(totals.completion_rate),
            f"{vi_number(totals.completed)}/{vi_number(totals.one_off)} nhiệm vụ có thời hạn", "good",
            change("completion_rate", PERCENT_POINTS)),
        Kpi("Đúng hạn", vi_percent(totals.on_time_rate), "trong số nhiệm vụ đã hoàn thành", "",
            change("on_time_rate", PERCENT_POINTS)),
        Kpi("Quá hạn", vi_number(totals.overdue), f"{vi_percent(totals.overdue_rate)} nhiệm vụ có thời hạn",
            "bad" if totals.overdue else "good", change("overdue", "nhiệm vụ", "down")),
        Kpi("Báo cáo đúng hạn", f"{figures.received_on_time}/{len(figures.agencies)}",
            f"{figures.received} cơ quan đã gửi báo cáo {figures.period.label}", "",
            delta(figures.received_on_time, on_time_before, "báo cáo", previous)),
        Kpi("Tiến độ bình quân", vi_percent(totals.weighted_progress), "theo trọng số nhiệm vụ", "",
            change("weighted_progress", PERCENT_POINTS)),
    ]


def _overdue(view: PlanView, period: Period, previous: Period | None) -> list[OverdueRow]:
    rows = sorted((r for r in view.rows(period) if r.state.category == "overdue"), key=lambda r: -(r.days_overdue or 0))
    out = []
    for r in rows:
        before = view.state(r.task.id, previous).category if previous else None
        out.append(OverdueRow(r, before != "overdue", view.lead_note(r.task.id, period)))
    return out


def dashboard(view: PlanView, single_plan: bool) -> Page:
    period = view.latest
    previous = view.previous(period)
    figures = view.figures(period)
    shown = view.shown_periods
    labels = [p.label for p in shown]
    counts = {c: [view.figures(p).totals.count(c) for p in shown] for c in CATEGORIES}
    rates = {RATE_LABELS[key]: percent_series(view, key) for key in RATE_LABELS}
    compliance = [ComplianceRow(view.agency_link(a), [view.submission(a, p) for p in shown])
                  for a in view.timeline.agencies]
    levels = {"missing": 0, "late": 1, "on_time": 2}
    heat = charts.compliance_heatmap(labels, [row.agency.text for row in compliance],
                                     [[levels[s.state] for s in row.submissions] for row in compliance],
                                     [[s.label for s in row.submissions] for row in compliance])
    context = DashboardPage(
        plan=view.plan, period=period, reference=figures.reference_date, previous=previous,
        plans_index=None if single_plan else sitemap.PLACES["plans"].path,
        kpis=kpis(figures, view.figures(previous) if previous else None, previous),
        groups=group_rows(view, figures),
        status_chart=charts.status_mix(labels, counts),
        status_table=[PeriodRow(view.period_link(p), view.figures(p).totals) for p in shown],
        trend_chart=charts.rate_lines(labels, rates), trend=rate_table(view, rates),
        overdue=_overdue(view, period, previous),
        compliance_chart=heat, periods=shown, compliance=compliance, paths=view.paths)
    return page("dashboard", context, view.paths, code=view.plan.code)
