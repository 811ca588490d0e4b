"""What each page of the site shows: its path, its template and the documented inputs of that template.

`plan_pages` and `common_pages` turn a valid data set and its statistics
into a list of `Page`s. Nothing here writes files or knows about HTML; `render` does that.
Every page's inputs are a dataclass below, so what a template may use is
written down in one place (and checked by the tests).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator.data.load import Dataset, PlanData
from generator.data.models import Agency, Entry, Task, Update
from generator.data.periods import Period
from generator.data.rules import RULES, Rule
from generator.formatting import vi_number, vi_percent
from generator.git.history import EntryChange, History, Revision
from generator.site import charts
from generator.site.text import fold
from generator.stats.engine import Timeline
from generator.stats.figures import (
    CATEGORIES,
    NOT_ASSIGNED,
    RECURRING,
    AgencyFigures,
    Block,
    PeriodFigures,
    TaskState,
)
from generator.vocabulary import CATEGORY_LABELS, RATE_LABELS, SUBMISSION_LABELS

if TYPE_CHECKING:
    from generator.outputs.forms_site import SiteForm


@dataclass
class Page:
    path: str  # Markdown path inside the generated docs folder, e.g. `nhiem-vu/1.1.md`
    template: str  # template file name in generator/templates/
    title: str  # page title (made safe by render)
    context: Any  # the template's inputs: one of the dataclasses below


@dataclass
class Paths:
    """Where a plan's pages live (a prefix per plan when there are several plans)."""

    prefix: str

    def dashboard(self) -> str:
        return f"{self.prefix}index.md"

    def tasks(self) -> str:
        return f"{self.prefix}nhiem-vu/index.md"

    def task(self, task_id: str) -> str:
        return f"{self.prefix}nhiem-vu/{task_id}.md"

    def agencies(self) -> str:
        return f"{self.prefix}co-quan/index.md"

    def agency(self, agency_id: str) -> str:
        return f"{self.prefix}co-quan/{agency_id}.md"

    def periods(self) -> str:
        return f"{self.prefix}ky-bao-cao/index.md"

    def period(self, period_id: str) -> str:
        return f"{self.prefix}ky-bao-cao/{period_id}.md"

    def indicators(self) -> str:
        return f"{self.prefix}chi-tieu/index.md"

    def obstacles(self) -> str:
        return f"{self.prefix}kho-khan-kien-nghi/index.md"


@dataclass
class EntryView:
    """One agency's entry on one task in one period's report."""

    period: Period
    agency: str
    agency_name: str
    is_lead: bool
    entry: Entry
    update: Update


@dataclass
class TaskRow:
    """A task as listed in tables."""

    task: Task
    path: str
    group: str
    lead: str
    lead_name: str
    support_names: list[str]
    due: date | None  # the due at the row's period (after the extensions decided by then)
    state: TaskState
    search: str  # accent-free text for the filter box
    days_overdue: int | None


@dataclass
class PlanView:
    """Everything the pages of one plan are made from."""

    data: PlanData
    timeline: Timeline
    agencies: dict[str, Agency]
    paths: Paths
    latest: Period  # the latest period with a report (or the first period)
    figures: dict[str, PeriodFigures]  # period id -> section 8 figures
    states: dict[str, tuple[TaskState, ...]]  # task id -> one state per period
    entries: dict[str, list[EntryView]]  # task id -> entries, newest period first, lead first
    reports: dict[str, dict[str, Update]]  # agency id -> period id -> report
    groups: dict[str, str]  # group id -> title
    history: History | None  # the data's git history (None without git)

    @property
    def plan(self):
        return self.data.plan

    @property
    def periods(self) -> tuple[Period, ...]:
        return self.timeline.periods

    @property
    def shown_periods(self) -> list[Period]:
        """Periods up to the latest report: what charts and tables show."""
        return [p for p in self.periods if p <= self.latest]

    def agency_name(self, agency_id: str) -> str:
        agency = self.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def short_name(self, agency_id: str) -> str:
        agency = self.agencies.get(agency_id)
        return (agency.short_name or agency.name) if agency else agency_id

    def state(self, task_id: str, period: Period) -> TaskState:
        return self.states[task_id][self.data.schedule.index(period)]

    def submission(self, agency_id: str, period: Period) -> Submission:
        report = self.reports.get(agency_id, {}).get(period.id)
        return Submission(period, report.submitted_on if report else None, self.data.schedule.due_date(period),
                          len(report.entries) if report else 0)

    @cached_property
    def _search(self) -> dict[str, str]:
        """Task id -> the accent-free text the filter box searches (the same in every period)."""
        out = {}
        for task in self.plan.tasks:
            names = [self.agency_name(task.lead), self.short_name(task.lead), *map(self.short_name, task.support)]
            out[task.id] = fold(" ".join([task.id, task.title, *names]))
        return out

    def row(self, task: Task, period: Period) -> TaskRow:
        state = self.state(task.id, period)
        reference = self.data.schedule.reference_date(period)
        due = state.due
        overdue = (reference - due).days if state.category == "overdue" and due else None
        return TaskRow(task, self.paths.task(task.id), task.group or "", task.lead, self.short_name(task.lead),
                       [self.short_name(a) for a in task.support], due, state, self._search[task.id], overdue)

    def rows(self, period: Period, tasks: list[Task] | None = None) -> list[TaskRow]:
        return [self.row(t, period) for t in (tasks if tasks is not None else self.plan.tasks)]


def plan_view(data: Dataset, plan: PlanData, timeline: Timeline, prefix: str, history: History | None) -> PlanView:
    updates = [u for u in data.updates if u.plan_folder == plan.folder]
    schedule = plan.schedule
    agencies = data.agencies
    entries: dict[str, list[EntryView]] = defaultdict(list)
    reports: dict[str, dict[str, Update]] = defaultdict(dict)
    for update in sorted(updates, key=lambda u: schedule.index(schedule.get(u.model.period))):
        period = schedule.get(update.model.period)
        reports[update.agency_folder][period.id] = update.model
        for entry in update.model.entries:
            task = plan.tasks[entry.task]
            agency = agencies.get(update.agency_folder)
            entries[entry.task].append(EntryView(period, update.agency_folder, agency.name if agency else
                                                 update.agency_folder, task.lead == update.agency_folder,
                                                 entry, update.model))
    for views in entries.values():  # newest period first, the lead before its supporters
        views.sort(key=lambda v: (-schedule.index(v.period), not v.is_lead))
    figures = {p.id: timeline.at(p) for p in timeline.periods}
    return PlanView(plan, timeline, agencies, Paths(prefix), timeline.latest, figures, timeline.states,
                    dict(entries), dict(reports), {g.id: g.title for g in plan.plan.groups}, history)


# --- page inputs ------------------------------------------------------------------


@dataclass
class Kpi:
    label: str
    value: str
    note: str = ""
    tone: str = ""  # "good" | "bad" | ""


@dataclass
class DashboardPage:
    view: PlanView
    period: Period
    figures: PeriodFigures
    kpis: list[Kpi]
    overdue: list[TaskRow]
    status_chart: dict
    trend_chart: dict
    compliance_chart: dict
    compliance: list[tuple[str, str, list[Submission]]]  # (agency id, short name, one submission per period)
    trend: list[dict[str, Any]]  # the trend chart's table: period + rates
    single_plan: bool


@dataclass
class TaskIndexPage:
    view: PlanView
    period: Period
    rows: list[TaskRow]
    categories: dict[str, str]


@dataclass
class TaskPage:
    view: PlanView
    row: TaskRow
    states: list[TaskState]  # one per shown period
    entries: list[EntryView]
    progress_chart: dict | None
    indicators: list[IndicatorSeries]
    history: list[tuple[Revision, EntryChange]] | None  # commits that changed its entries; None: no git


@dataclass
class HistoryPage:
    history: History | None  # None: the data is not in a git repository
    agency_names: dict[str, str]
    plan_paths: dict[str, Paths]  # plan folder -> where its pages are


@dataclass
class IndicatorSeries:
    task: Task
    indicator: Any  # models.Indicator
    periods: list[Period]
    reported: list[float | None]  # values reported in each period (all agencies for `sum`)
    running: list[float | None]  # the section 7 figure at each period
    chart: dict

    @property
    def latest(self) -> float | None:
        values = [v for v in self.running if v is not None]
        return values[-1] if values else None


@dataclass
class AgencySummary:
    agency: str
    name: str
    path: str
    figures: AgencyFigures  # section 8 block at the latest period
    leads: int
    supports: int
    submitted: int  # reports received over the shown periods
    on_time: int


@dataclass
class AgencyIndexPage:
    view: PlanView
    period: Period
    agencies: list[AgencySummary]


@dataclass
class Submission:
    period: Period
    submitted_on: date | None
    due: date
    entries: int

    @property
    def on_time(self) -> bool:
        return self.submitted_on is not None and self.submitted_on <= self.due

    @property
    def state(self) -> str:
        """"on_time" | "late" | "missing"."""
        return "on_time" if self.on_time else ("late" if self.submitted_on else "missing")

    @property
    def label(self) -> str:
        return SUBMISSION_LABELS[self.state]


@dataclass
class AgencyPage:
    view: PlanView
    agency: Agency
    summary: AgencySummary
    leads: list[TaskRow]
    supports: list[TaskRow]
    submissions: list[Submission]
    chart: dict
    trend: list[dict[str, Any]]
    form: SiteForm | None = None  # the agency's next report form, set by the build when it writes the forms


@dataclass
class Change:
    row: TaskRow
    before: TaskState | None
    after: TaskState


@dataclass
class PeriodSummary:
    period: Period
    path: str
    figures: PeriodFigures
    received: int
    expected: int  # the agencies involved at the period (leading or supporting a task counted then)


@dataclass
class PeriodIndexPage:
    view: PlanView
    periods: list[PeriodSummary]


@dataclass
class PeriodPage:
    view: PlanView
    summary: PeriodSummary
    window: tuple[date, date]
    reference: date
    due: date
    submissions: list[tuple[str, str, Submission]]  # agency id, short name, submission
    changes: list[Change]
    previous: Period | None
    following: Period | None


@dataclass
class IndicatorsPage:
    view: PlanView
    series: list[IndicatorSeries]


@dataclass
class Note:
    """One obstacles or proposals text."""

    kind: str  # "obstacles" | "proposals"
    period: Period
    agency: str
    agency_name: str
    task: Task | None  # None: the report as a whole
    text: str


@dataclass
class ObstaclesPage:
    view: PlanView
    notes: list[Note]


@dataclass
class PlanCard:
    view: PlanView
    figures: PeriodFigures


@dataclass
class PlanIndexPage:
    plans: list[PlanCard]


@dataclass
class DownloadsPage:
    files: list[tuple[str, str, str]]  # (file name, description, rows)
    schemas: list[tuple[str, str]]  # (file name, description)


@dataclass
class RulesPage:
    rules: list[Rule]
    stages: dict[str, str]


@dataclass
class TemplatePage:
    example: str | None  # a real update file (None while no agency has reported)
    agency: str
    period: str
    plan: str


# --- building the pages -----------------------------------------------------------


def _percent_series(view: PlanView, rate: str, agency: str | None = None) -> list[float | None]:
    """A rate of the totals (or of an agency's block) at every shown period."""
    out = []
    for p in view.shown_periods:
        figures = view.figures[p.id]
        block = figures.totals if agency is None else figures.agencies.get(agency)
        out.append(block.rate(rate) if block is not None else None)
    return out


def _trend(periods: list[Period], rates: dict[str, list[float | None]]) -> list[dict[str, Any]]:
    """The table under a rate chart: one row per period."""
    return [{"period": p, **{name: values[i] for name, values in rates.items()}} for i, p in enumerate(periods)]


def dashboard(view: PlanView, single_plan: bool) -> Page:
    period = view.latest
    figures = view.figures[period.id]
    totals = figures.totals
    kpis = [
        Kpi("Nhiệm vụ", vi_number(totals.tasks),
            f"{vi_number(totals.one_off)} có thời hạn, {vi_number(totals.recurring)} thường xuyên"),
        Kpi("Hoàn thành", vi_percent(totals.completion_rate),
            f"{vi_number(totals.completed)}/{vi_number(totals.one_off)} nhiệm vụ có thời hạn", "good"),
        Kpi("Đúng hạn", vi_percent(totals.on_time_rate), "trong số nhiệm vụ đã hoàn thành"),
        Kpi("Quá hạn", vi_number(totals.overdue), f"{vi_percent(totals.overdue_rate)} nhiệm vụ có thời hạn",
            "bad" if totals.overdue else "good"),
        Kpi("Báo cáo đúng hạn", f"{figures.received_on_time}/{len(figures.agencies)}",
            f"{figures.received} cơ quan đã gửi báo cáo {period.label}"),
        Kpi("Tiến độ bình quân", vi_percent(totals.weighted_progress), "theo trọng số nhiệm vụ"),
    ]
    shown = view.shown_periods
    ids = [p.id for p in shown]
    counts = {c: [view.figures[p.id].totals.count(c) for p in shown] for c in CATEGORIES}
    rates = {RATE_LABELS[key]: _percent_series(view, key) for key in RATE_LABELS}
    compliance = []
    for agency in view.timeline.agencies:
        compliance.append((agency, view.short_name(agency), [view.submission(agency, p) for p in shown]))
    levels = {"missing": 0, "late": 1, "on_time": 2}
    states = [[levels[s.state] for s in row] for _, _, row in compliance]
    texts = [[s.label for s in row] for _, _, row in compliance]
    overdue = sorted((r for r in view.rows(period) if r.state.category == "overdue"),
                     key=lambda r: -(r.days_overdue or 0))
    context = DashboardPage(
        view, period, figures, kpis, overdue,
        charts.status_mix(ids, counts), charts.rate_lines(ids, rates),
        charts.compliance_heatmap(ids, [view.short_name(a) for a in view.timeline.agencies], states, texts),
        compliance, _trend(shown, rates), single_plan)
    return Page(view.paths.dashboard(), "dashboard.md.j2", f"Kế hoạch số {view.plan.code}", context)


def task_pages(view: PlanView, series: list[IndicatorSeries]) -> list[Page]:
    period = view.latest
    rows = view.rows(period)
    pages = [Page(view.paths.tasks(), "tasks.md.j2", "Nhiệm vụ",
                  TaskIndexPage(view, period, rows, _categories(rows)))]
    shown = view.shown_periods
    by_task = defaultdict(list)
    for s in series:
        by_task[s.task.id].append(s)
    for row in rows:
        task = row.task
        states = view.states[task.id][: len(shown)]
        chart = None
        if not task.recurring:
            chart = charts.progress([p.id for p in shown], [s.progress for s in states], [s.category for s in states])
        history = None if view.history is None else view.history.by_task.get((view.data.folder, task.id), [])
        pages.append(Page(row.path, "task.md.j2", f"Nhiệm vụ {task.id}",
                          TaskPage(view, row, states, view.entries.get(task.id, []), chart, by_task[task.id], history)))
    return pages


def _categories(rows: list[TaskRow]) -> dict[str, str]:
    """The filter's choices: the six categories, standing tasks, and tasks not assigned yet when there are some."""
    shown = (*CATEGORIES, RECURRING, *((NOT_ASSIGNED,) if any(not r.state.counted for r in rows) else ()))
    return {c: CATEGORY_LABELS[c] for c in shown}


def indicator_series(view: PlanView) -> list[IndicatorSeries]:
    shown = view.shown_periods
    ids = [p.id for p in shown]
    out = []
    for values in view.timeline.indicator_values:
        task = view.data.tasks[values.task]
        indicator = next(i for i in task.indicators if i.id == values.indicator)
        reported, running = list(values.reported[: len(shown)]), list(values.running[: len(shown)])
        chart = charts.indicator(ids, reported, running, indicator.name, indicator.unit or "", indicator.target,
                                 indicator.aggregate)
        out.append(IndicatorSeries(task, indicator, shown, reported, running, chart))
    return out


def agency_pages(view: PlanView) -> list[Page]:
    period = view.latest
    shown = view.shown_periods
    summaries = []
    pages = []
    for agency_id in view.timeline.agencies:
        leads = [t for t in view.plan.tasks if t.lead == agency_id]
        supports = [t for t in view.plan.tasks if agency_id in t.support]
        submissions = [view.submission(agency_id, p) for p in shown]
        summary = AgencySummary(agency_id, view.agency_name(agency_id), view.paths.agency(agency_id),
                                _agency_figures(view, period, agency_id), len(leads), len(supports),
                                sum(1 for s in submissions if s.submitted_on), sum(1 for s in submissions if s.on_time))
        summaries.append(summary)
        rates = {RATE_LABELS[key]: _percent_series(view, key, agency_id) for key in ("completion_rate",
                                                                                    "weighted_progress")}
        agency = view.agencies.get(agency_id) or Agency(id=agency_id, name=agency_id)
        pages.append(Page(summary.path, "agency.md.j2", agency.name,
                          AgencyPage(view, agency, summary, view.rows(period, leads), view.rows(period, supports),
                                     submissions, charts.rate_lines([p.id for p in shown], rates), _trend(shown, rates))))
    pages.insert(0, Page(view.paths.agencies(), "agencies.md.j2", "Cơ quan", AgencyIndexPage(view, period, summaries)))
    return pages


def _agency_figures(view: PlanView, period: Period, agency_id: str) -> AgencyFigures:
    """An agency's figures at a period; empty when none of its tasks is counted yet then."""
    found = view.figures[period.id].agencies.get(agency_id)
    return found or AgencyFigures.of(Block.empty(), None, view.data.schedule.due_date(period))


def period_pages(view: PlanView) -> list[Page]:
    schedule = view.data.schedule
    shown = view.shown_periods
    summaries = []
    pages = []
    for i, p in enumerate(shown):
        figures = view.figures[p.id]
        summary = PeriodSummary(p, view.paths.period(p.id), figures, figures.received, len(figures.agencies))
        summaries.append(summary)
        changes = [Change(view.row(view.data.tasks[c.task], p), c.before, c.after) for c in view.timeline.changes(p)]
        submissions = [(a, view.short_name(a), view.submission(a, p)) for a in figures.agencies]
        pages.append(Page(summary.path, "period.md.j2", f"Kỳ báo cáo {p.label}", PeriodPage(
            view, summary, schedule.window(p), schedule.reference_date(p), schedule.due_date(p), submissions, changes,
            shown[i - 1] if i else None, shown[i + 1] if i + 1 < len(shown) else None)))
    pages.insert(0, Page(view.paths.periods(), "periods.md.j2", "Kỳ báo cáo",
                         PeriodIndexPage(view, list(reversed(summaries)))))
    return pages


def notes(view: PlanView) -> list[Note]:
    """Every obstacles / proposals text of the plan, newest period first."""
    out = []
    for agency_id, reports in view.reports.items():
        name = view.agency_name(agency_id)
        for period_id, report in reports.items():
            period = view.data.schedule.get(period_id)
            for kind in ("obstacles", "proposals"):
                text = getattr(report, kind)
                if text and text.strip():
                    out.append(Note(kind, period, agency_id, name, None, text))
                for entry in report.entries:
                    text = getattr(entry, kind)
                    if text and text.strip():
                        out.append(Note(kind, period, agency_id, name, view.data.tasks[entry.task], text))
    order = {a: i for i, a in enumerate(view.timeline.agencies)}
    out.sort(key=lambda n: (-view.data.schedule.index(n.period), order.get(n.agency, 999),
                            n.task.id if n.task else "", n.kind))
    return out


def plan_pages(view: PlanView, single_plan: bool) -> list[Page]:
    series = indicator_series(view)
    return [
        dashboard(view, single_plan),
        *task_pages(view, series),
        *agency_pages(view),
        *period_pages(view),
        Page(view.paths.indicators(), "indicators.md.j2", "Chỉ tiêu", IndicatorsPage(view, series)),
        Page(view.paths.obstacles(), "obstacles.md.j2", "Khó khăn, vướng mắc và kiến nghị",
             ObstaclesPage(view, notes(view))),
    ]


STAGES = {"read": "Đọc tệp", "schema": "Cấu trúc từng tệp", "data": "Đối chiếu giữa các tệp",
          "git": "Thay đổi so với bản trước"}


def common_pages(views: list[PlanView], downloads: list[tuple[str, str, str]], example: TemplatePage) -> list[Page]:
    pages = [
        Page("tai-ve/index.md", "downloads.md.j2", "Tải về", DownloadsPage(downloads, [
            ("agencies.schema.json", "Danh mục cơ quan (agencies.yaml)"),
            ("plan.schema.json", "Kế hoạch (plans/<kế hoạch>/plan.yaml)"),
            ("update.schema.json", "Báo cáo tiến độ (updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml)")])),
        Page("huong-dan/quy-tac.md", "rules.md.j2", "Các quy tắc kiểm tra", RulesPage(list(RULES.values()), STAGES)),
    ]
    pages.append(Page("huong-dan/mau-bao-cao.md", "example.md.j2", "Mẫu báo cáo", example))
    names = {a: (agency.short_name or agency.name) for v in views for a, agency in v.agencies.items()}
    pages.append(Page("lich-su/index.md", "history.md.j2", "Lịch sử cập nhật",
                      HistoryPage(views[0].history if views else None, names, {v.data.folder: v.paths for v in views})))
    if len(views) > 1:
        cards = [PlanCard(v, v.figures[v.latest.id]) for v in views]
        pages.append(Page("index.md", "plans.md.j2", "Các kế hoạch", PlanIndexPage(cards)))
    return pages


def example_update(data: Dataset, views: list[PlanView]) -> TemplatePage:
    """A real report of a latest period (the one with most entries), shown as a filled template."""
    for view in views:
        candidates = [u for u in data.updates
                      if u.plan_folder == view.data.folder and u.model.period == view.latest.id]
        if candidates:
            best = max(candidates, key=lambda u: len(u.model.entries))
            return TemplatePage(best.doc.text, best.agency_folder, best.model.period, view.plan.id)
    return TemplatePage(None, "", "", views[0].plan.id if views else "")
