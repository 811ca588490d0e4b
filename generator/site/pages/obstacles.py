"""Every obstacle (khó khăn, vướng mắc) and proposal (kiến nghị, đề xuất) of the plan's reports, newest
first, filterable by period, group, agency and kind without accents."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.periods import Period
from generator.site.pages.parts import Page, page
from generator.site.text import fold
from generator.site.views import Link, PlanView


@dataclass
class Note:
    """One obstacles or proposals text."""

    kind: str  # "obstacles" | "proposals"
    period: Period
    agency: Link  # full name
    agency_id: str
    reporter: str | None  # who wrote the report
    task: Link | None  # None: the report as a whole
    group: str  # the task's group ("" for the report as a whole)
    text: str
    search: str  # accent-free text the filter box searches


@dataclass
class ObstaclesPage:
    notes: list[Note]
    periods: list[Period]  # the periods with a note, newest first (the period filter)
    groups: dict[str, str]  # group id -> title (the group filter)
    agencies: dict[str, str]  # agency id -> short name (the agency filter)


def notes(view: PlanView) -> list[Note]:
    """Every obstacles / proposals text of the plan, newest period first."""
    out = []
    tasks = view.data.tasks
    for agency_id, reports in view.reports.items():
        agency = view.agency_link(agency_id, short=False)
        for period_id, report in reports.items():
            period = view.data.schedule.get(period_id)
            for item in (report, *report.entries):
                task = tasks[item.task] if item is not report else None
                for kind in ("obstacles", "proposals"):
                    text = getattr(item, kind)
                    if not (text and text.strip()):
                        continue
                    link = Link(task.id, view.paths.task(task.id)) if task else None
                    search = fold(" ".join((text, agency.text, task.title if task else "")))
                    out.append(Note(kind, period, agency, agency_id, report.reporter, link,
                                    (task.group or "") if task else "", text, search))
    order = {a: i for i, a in enumerate(view.timeline.agencies)}
    out.sort(key=lambda n: (-view.data.schedule.index(n.period), order.get(n.agency_id, 999),
                            n.task.text if n.task else "", n.kind))
    return out


def obstacles_page(view: PlanView) -> Page:
    found = notes(view)
    periods = sorted({n.period for n in found}, reverse=True)
    agencies = {a: view.short_name(a) for a in view.timeline.agencies}
    return page("obstacles", ObstaclesPage(found, periods, view.groups, agencies), view.paths)
