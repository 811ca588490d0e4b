"""The agencies: a table of all, and one page per agency with its tasks, its reports period by period
(sent when, by whom, and what they say as a whole) and its trend."""

from __future__ import annotations

from dataclasses import dataclass

from generator.data.models import Agency, Plan, Update
from generator.data.periods import Period
from generator.outputs.forms.on_site import SiteForm
from generator.site import charts
from generator.site.pages.parts import Page, RateTable, page, percent_series, rate_table
from generator.site.views import Link, PlanView, Submission, TaskRow
from generator.stats.figures import AgencyFigures, Block
from generator.vocabulary import RATE_LABELS


@dataclass
class AgencySummary:
    agency: Link  # full name
    figures: AgencyFigures  # the tasks it leads, at the latest period
    leads: int
    supports: int
    submitted: int  # reports received over the shown periods
    on_time: int


@dataclass
class AgencyIndexPage:
    plan_code: str
    period: Link  # the latest period
    first: Period  # the first shown period (reports are counted from it)
    periods: int  # how many periods are shown
    agencies: list[AgencySummary]


@dataclass
class ReportView:
    """An agency's report for one period: when it was due and sent, and what it says as a whole."""

    period: Link
    submission: Submission
    report: Update | None  # None: not sent


@dataclass
class AgencyPage:
    plan: Plan
    agency: Agency
    summary: AgencySummary
    period: Period  # the latest period (the task tables' states)
    chart: dict
    trend: RateTable
    leads: list[TaskRow]
    supports: list[TaskRow]
    reports: list[ReportView]  # newest period first
    form: SiteForm | None = None  # the agency's next report form, set by the build when it writes the forms


def _figures(view: PlanView, period: Period, agency_id: str) -> AgencyFigures:
    """An agency's figures at a period; empty when none of its tasks is counted yet then."""
    found = view.figures(period).agencies.get(agency_id)
    return found or AgencyFigures.of(Block.empty(), None, view.data.schedule.due_date(period))


def agency_pages(view: PlanView) -> list[Page]:
    period = view.latest
    shown = view.shown_periods
    summaries = []
    pages = []
    for agency_id in view.timeline.agencies:
        leads = [t for t in view.plan.tasks if t.lead == agency_id]
        supports = [t for t in view.plan.tasks if agency_id in t.support]
        reports = [ReportView(view.period_link(p), view.submission(agency_id, p),
                              view.reports.get(agency_id, {}).get(p.id)) for p in reversed(shown)]
        summary = AgencySummary(view.agency_link(agency_id, short=False), _figures(view, period, agency_id),
                                len(leads), len(supports), sum(1 for r in reports if r.submission.submitted_on),
                                sum(1 for r in reports if r.submission.on_time))
        summaries.append(summary)
        rates = {RATE_LABELS[key]: percent_series(view, key, agency_id)
                 for key in ("completion_rate", "weighted_progress")}
        agency = view.agencies.get(agency_id) or Agency(id=agency_id, name=agency_id)
        context = AgencyPage(view.plan, agency, summary, period,
                             charts.rate_lines([p.label for p in shown], rates), rate_table(view, rates),
                             view.rows(period, leads), view.rows(period, supports), reports)
        pages.append(page("agency", context, view.paths, agency_id, name=agency.name))
    index = AgencyIndexPage(view.plan.code, view.period_link(period), shown[0], len(shown), summaries)
    return [page("agencies", index, view.paths), *pages]
