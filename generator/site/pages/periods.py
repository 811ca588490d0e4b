"""The reporting periods: a table of all, and one printable page per period (the plan's state at its
reference date, each group's progress, who reported and what each agency summed up, what changed,
which tasks were given and which deadlines extended in it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.data.models import Plan, Update
from generator.data.periods import Period
from generator.data.records import DeadlineStep
from generator.outputs.report import report_name
from generator.site.pages.parts import GroupRow, Page, group_rows, page
from generator.site.views import Link, PlanView, Submission, TaskRow
from generator.stats.figures import Block, PeriodFigures, TaskState


@dataclass
class PeriodSummary:
    period: Link
    figures: PeriodFigures
    expected: int  # the agencies involved at the period (leading or supporting a task counted then)


@dataclass
class PeriodIndexPage:
    cycle: str  # the plan's reporting cycle: month | quarter | half | year
    plan_code: str
    periods: list[PeriodSummary]  # newest first


@dataclass
class AgencyReport:
    agency: Link
    submission: Submission
    report: Update | None  # None: not sent


@dataclass
class Change:
    row: TaskRow
    before: TaskState | None
    after: TaskState


@dataclass
class Extension:
    row: TaskRow
    step: DeadlineStep  # the extension decided in the period
    replaced: date  # the due it replaced


@dataclass
class PeriodPage:
    plan: Plan  # the report header
    period: Period
    window: tuple[date, date]  # the days the period reports on
    reference: date  # R(P)
    due: date  # D(P)
    previous: Link | None
    following: Link | None
    totals: Block
    groups: list[GroupRow]
    reports: list[AgencyReport]  # the agencies involved at the period
    changes: list[Change]  # tasks whose state changed since the previous period
    assigned: list[TaskRow]  # tasks given during the period (v1.1 `assigned`)
    extensions: list[Extension]  # deadlines extended during the period
    obstacles: str  # the obstacles page (its filter takes `?period=<id>`)
    notes: int  # how many obstacles and proposals the period's reports hold
    report: str  # the period's compiled report (.docx) among the site's downloads


def _notes(reports: list[AgencyReport]) -> int:
    count = 0
    for r in reports:
        if r.report is None:
            continue
        items = (r.report, *r.report.entries)
        count += sum(bool(getattr(i, kind)) for i in items for kind in ("obstacles", "proposals"))
    return count


def period_pages(view: PlanView) -> list[Page]:
    schedule = view.data.schedule
    shown = view.shown_periods
    summaries = []
    pages = []
    for i, p in enumerate(shown):
        figures = view.figures(p)
        summaries.append(PeriodSummary(view.period_link(p), figures, len(figures.agencies)))
        first, reference = schedule.window(p)
        reports = [AgencyReport(view.agency_link(a), view.submission(a, p), view.reports.get(a, {}).get(p.id))
                   for a in figures.agencies]
        changes = [Change(view.row(view.data.tasks[c.task], p), c.before, c.after)
                   for c in view.timeline.changes(p) if c.after.counted]
        assigned = [view.row(t, p) for t in view.plan.tasks if t.assigned and first <= t.assigned <= reference]
        extensions = []
        for task in view.plan.tasks:
            steps = task.deadline_history
            for before, step in zip(steps, steps[1:], strict=False):
                if step.decided_on and first <= step.decided_on <= reference:
                    extensions.append(Extension(view.row(task, p), step, before.due_date))
        context = PeriodPage(
            view.plan, p, (first, reference), reference, schedule.due_date(p),
            view.period_link(shown[i - 1]) if i else None,
            view.period_link(shown[i + 1]) if i + 1 < len(shown) else None,
            figures.totals, group_rows(view, figures), reports, changes, assigned, extensions,
            view.paths.obstacles(), _notes(reports), f"tai-ve/{report_name(view.plan.id, p.id)}")
        pages.append(page("period", context, view.paths, p.id, label=p.label))
    index = PeriodIndexPage(view.plan.reporting.cycle, view.plan.code, list(reversed(summaries)))
    return [page("periods", index, view.paths), *pages]
