"""The download tables: every fact of the data and the statistics, one row per thing, in words.

Each table keeps the contract's field names as its machine columns (ids, ISO dates, numbers, true/false),
so scripts keep working, and adds the words a reader needs beside them: agency names, group and task
titles, period names (`Quý I/2019`), status and category labels. Values keep their types (dates are
`date`, numbers are numbers); the writers (export.py) turn them into CSV, XLSX and JSON cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.data.load import Dataset, PlanData, UpdateFile
from generator.data.models import Task
from generator.data.periods import Period
from generator.data.rules import CYCLES
from generator.formatting import vi_date
from generator.stats.engine import Timeline
from generator.stats.figures import COUNT_KEYS, RATE_KEYS, RECURRING
from generator.vocabulary import (
    AGGREGATE_LABELS,
    CATEGORY_LABELS,
    FIGURE_LABELS,
    RATE_LABELS,
    ROLE_LABELS,
    SCOPE_LABELS,
    STATUS_LABELS,
    SUBMISSION_LABELS,
    label,
)

# kinds of column: short machine text, words, long prose (Markdown), a date, a number, true/false
ID, WORDS, PROSE, DATE, NUMBER, FLAG = "id", "words", "prose", "date", "number", "flag"

# the header of every column a reader sees (the XLSX shows it above the field name)
COLUMN_LABELS = {
    **FIGURE_LABELS, **{key: label(key) for key in COUNT_KEYS}, **{key: f"{RATE_LABELS[key]} (%)" for key in RATE_KEYS},
    "plan": "Kế hoạch", "period_label": "Tên kỳ", "task": "Nhiệm vụ", "task_title": "Nội dung nhiệm vụ",
    "group": "Nhóm", "group_title": "Tên nhóm", "title": "Nội dung", "lead": "Chủ trì",
    "lead_name": "Cơ quan chủ trì", "support": "Phối hợp", "support_names": "Cơ quan phối hợp",
    "due": "Thời hạn", "due_label": "Thời hạn ghi trong kế hoạch", "recurring": "Thường xuyên",
    "weight": "Trọng số", "assigned": "Ngày giao", "extensions": "Số lần gia hạn",
    "current_due": "Thời hạn sau gia hạn", "indicators": "Chỉ tiêu", "indicator_names": "Tên chỉ tiêu",
    "extension": "Lần gia hạn", "previous_due": "Thời hạn trước khi gia hạn", "decided_on": "Ngày quyết định",
    "decision": "Văn bản quyết định", "reason": "Lý do", "agency": "Cơ quan", "agency_name": "Tên cơ quan",
    "file": "Tệp báo cáo", "as_of": "Ngày chốt số liệu", "submission": "Tình trạng gửi",
    "reporter": "Người lập", "summary": "Kết quả chung", "obstacles": "Khó khăn, vướng mắc",
    "proposals": "Kiến nghị, đề xuất", "revisions": "Các lần sửa đổi (ngày: lý do)", "entries": "Số nhiệm vụ báo cáo",
    "role": "Vai trò", "role_label": "Vai trò (chữ)", "status": "Tình trạng", "status_label": "Tình trạng (chữ)",
    "progress": "Tiến độ (%)", "completed_on": "Ngày hoàn thành", "result": "Kết quả thực hiện",
    "documents": "Văn bản", "url": "Đường dẫn", "indicator": "Chỉ tiêu", "name": "Tên", "unit": "Đơn vị",
    "value": "Giá trị", "category": "Phân loại", "category_label": "Phân loại (chữ)",
    "entry_period": "Kỳ của báo cáo được tính", "entry_period_label": "Tên kỳ của báo cáo được tính",
    "reported_here": "Có báo cáo trong kỳ", "scope": "Phạm vi", "scope_label": "Phạm vi (chữ)", "id": "Mã",
    "aggregate": "Cách tính", "aggregate_label": "Cách tính (chữ)", "reported": "Báo cáo trong kỳ",
    "target": "Mục tiêu", "issued_by": "Cơ quan ban hành", "issued_on": "Ngày ban hành", "owner": "Cơ quan theo dõi",
    "owner_name": "Tên cơ quan theo dõi", "cycle": "Chu kỳ báo cáo", "cycle_label": "Chu kỳ báo cáo (chữ)",
}


@dataclass(frozen=True)
class Column:
    key: str  # the field name: the CSV header, the JSON key
    kind: str  # ID, WORDS, PROSE, DATE, NUMBER or FLAG
    label: str  # the Vietnamese header


@dataclass
class Table:
    """One download table: `tiendo-<name>.csv`, a sheet of tiendo.xlsx, a key of tiendo.json."""

    name: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    columns: tuple[Column, ...]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


def _columns(spec: str, **labels: str) -> tuple[Column, ...]:
    """`"plan:id period:id as_of:date"` -> the columns, labelled from COLUMN_LABELS unless `labels` says otherwise."""
    columns = []
    for item in spec.split():
        key, kind = item.split(":")
        columns.append(Column(key, kind, labels.get(key) or COLUMN_LABELS.get(key, key)))
    return tuple(columns)


class _Words:
    """The names behind the ids: agencies (in the agency list's order) and periods."""

    def __init__(self, data: Dataset) -> None:
        self.agencies = {a.id: a.name for a in data.agencies.values()}
        self.order = {a: n for n, a in enumerate(self.agencies)}
        self._periods: dict[Period, tuple[str, str]] = {}

    def agency(self, agency_id: str) -> str:
        return self.agencies.get(agency_id, agency_id)

    def agencies_of(self, ids: list[str]) -> str | None:
        return ", ".join(self.agency(a) for a in ids) or None

    def period(self, period: Period | None) -> str | None:
        """`Quý I/2019` (periods are named once each: tables name them tens of thousands of times)."""
        return self.named(period)[1]

    def named(self, period: Period | None) -> tuple[str | None, str | None]:
        """The period's id and its name."""
        if period is None:
            return None, None
        found = self._periods.get(period)
        if found is None:
            found = self._periods[period] = (period.id, period.label)
        return found


def due_words(due: date | Period | str) -> str:
    """A due as the plan writes it, in words: `31/12/2018`, `Quý IV/2018`, `Thường xuyên`."""
    if due == RECURRING:
        return CATEGORY_LABELS[RECURRING]
    return due.label if isinstance(due, Period) else vi_date(due)


def _updates(data: Dataset, words: _Words) -> list[tuple[PlanData, Period, UpdateFile]]:
    """Every report with its plan and period, by plan, period, then the agencies' order."""
    found = []
    for update in data.updates:
        plan = data.plans.get(update.plan_folder)
        period = plan.schedule.get(update.model.period) if plan else None
        if period is not None:
            found.append((plan, period, update))
    plans = {folder: n for n, folder in enumerate(data.plans)}
    last = len(words.order)
    found.sort(key=lambda item: (plans[item[0].folder], item[1], words.order.get(item[2].agency_folder, last),
                                 item[2].agency_folder))
    return found


PLANS = _columns("plan:id code:words title:prose issued_by:words issued_on:date owner:id owner_name:words "
                 "start:date end:date cycle:id cycle_label:words tasks:number reports:number",
                 plan="Mã kế hoạch", code="Số, ký hiệu", title="Tên kế hoạch", start="Ngày bắt đầu",
                 end="Ngày kết thúc", tasks="Số nhiệm vụ", reports="Số báo cáo đã gửi")


def plans_table(data: Dataset, words: _Words) -> Table:
    """One row per plan: what it is, who tracks it, when it runs, how often agencies report."""
    rows = []
    for plan in data.plans.values():
        p = plan.plan
        reports = sum(1 for u in data.updates if u.plan_folder == plan.folder)
        rows.append((p.id, p.code, p.title, p.issued_by, p.issued_on, p.owner, words.agency(p.owner), p.start, p.end,
                     p.reporting.cycle, f"Theo {CYCLES[p.reporting.cycle].vi}", len(p.tasks), reports))
    return Table("plans", "Kế hoạch", PLANS, rows)


TASKS = _columns("plan:id task:id group:id group_title:words title:prose lead:id lead_name:words support:id "
                 "support_names:words due:date due_label:words recurring:flag weight:number assigned:date "
                 "extensions:number current_due:date indicators:id indicator_names:words")


def tasks_table(data: Dataset, words: _Words) -> Table:
    """One row per task: its group, lead and supporters, its due (the plan's own and the one in force now)."""
    rows = []
    for plan in data.plans.values():
        groups = {g.id: g.title for g in plan.plan.groups}
        for t in plan.plan.tasks:
            rows.append((
                plan.plan.id, t.id, t.group, groups.get(t.group), t.title, t.lead, words.agency(t.lead),
                ", ".join(t.support) or None, words.agencies_of(t.support), t.due_date, due_words(t.due),
                t.recurring, t.weight, t.assigned, len(t.extensions),
                None if t.recurring else t.deadline_history[-1].due_date,
                ", ".join(i.id for i in t.indicators) or None,
                "; ".join(_indicator_words(i.name, i.unit) for i in t.indicators) or None,
            ))
    return Table("tasks", "Nhiệm vụ", TASKS, rows)


def _indicator_words(name: str, unit: str | None) -> str:
    return f"{name} ({unit})" if unit else name


EXTENSIONS = _columns("plan:id task:id title:prose lead:id lead_name:words extension:number previous_due:date "
                      "due:date due_label:words decided_on:date decision:words reason:prose")


def extensions_table(data: Dataset, words: _Words) -> Table:
    """One row per deadline extension (v1.1), oldest first within each task."""
    rows = []
    for plan in data.plans.values():
        for t in plan.plan.tasks:
            steps = t.deadline_history
            for number, (before, step) in enumerate(zip(steps, steps[1:]), start=1):
                rows.append((plan.plan.id, t.id, t.title, t.lead, words.agency(t.lead), number, before.due_date,
                             step.due_date, due_words(step.due), step.decided_on, step.decision, step.reason))
    return Table("extensions", "Gia hạn", EXTENSIONS, rows)


REPORTS = _columns("plan:id period:id period_label:words agency:id agency_name:words file:id as_of:date "
                   "submitted_on:date submission_due:date on_time:flag submission:words reporter:words summary:prose "
                   "obstacles:prose proposals:prose revisions:prose entries:number")


def reports_table(reports: list[tuple[PlanData, Period, UpdateFile]], words: _Words) -> Table:
    """One row per report file, with every field of the report itself."""
    rows = []
    for plan, period, u in reports:
        m = u.model
        due = plan.schedule.due_date(period)
        on_time = m.submitted_on <= due
        revisions = "\n".join(f"{vi_date(r.date)}: {r.reason}" for r in m.revisions) or None
        rows.append((m.plan, m.period, words.period(period), m.agency, words.agency(m.agency), u.path.relative,
                     m.as_of, m.submitted_on, due, on_time, SUBMISSION_LABELS["on_time" if on_time else "late"],
                     m.reporter, m.summary, m.obstacles, m.proposals, revisions, len(m.entries)))
    return Table("reports", "Báo cáo", REPORTS, rows)


ENTRIES = _columns("plan:id period:id period_label:words agency:id agency_name:words task:id task_title:prose "
                   "role:id role_label:words status:id status_label:words progress:number completed_on:date "
                   "due:date result:prose obstacles:prose proposals:prose documents:prose as_of:date "
                   "submitted_on:date")


def entries_table(reports: list[tuple[PlanData, Period, UpdateFile]], timelines: dict[str, Timeline],
                  words: _Words) -> Table:
    """One row per agency × period × task reported; `due` is the task's due at that period (v1.1), as the
    statistics read it."""
    rows = []
    for plan, period, u in reports:
        m = u.model
        states = timelines[plan.plan.id].states
        n = plan.schedule.index(period)
        period_words = words.period(period)
        name = words.agency(u.agency_folder)
        for e in m.entries:
            task = plan.tasks[e.task]
            role = "lead" if task.lead == u.agency_folder else "support"
            rows.append((
                m.plan, m.period, period_words, u.agency_folder, name, e.task, task.title, role, ROLE_LABELS[role],
                e.status, STATUS_LABELS.get(e.status), e.progress, e.completed_on, states[e.task][n].due, e.result,
                e.obstacles, e.proposals, "\n".join(_document_words(d) for d in e.documents) or None, m.as_of,
                m.submitted_on,
            ))
    return Table("entries", "Kết quả từng nhiệm vụ", ENTRIES, rows)


def _document_words(document) -> str:
    """`45/BC-CAT ngày 12/06/2019: Báo cáo kết quả thanh tra (https://…)`."""
    text = document.number
    if document.date:
        text += f" ngày {vi_date(document.date)}"
    if document.title:
        text += f": {document.title}"
    if document.url:
        text += f" ({document.url})"
    return text


DOCUMENTS = _columns("plan:id period:id period_label:words agency:id agency_name:words task:id number:words "
                     "date:date title:prose url:words", number="Số, ký hiệu văn bản", date="Ngày văn bản",
                     title="Trích yếu")


def documents_table(reports: list[tuple[PlanData, Period, UpdateFile]], words: _Words) -> Table:
    """One row per document cited in an entry."""
    rows = []
    for _, period, u in reports:
        m = u.model
        for e in m.entries:
            for d in e.documents:
                rows.append((m.plan, m.period, words.period(period), u.agency_folder, words.agency(u.agency_folder),
                             e.task, d.number, d.date, d.title, d.url))
    return Table("documents", "Văn bản", DOCUMENTS, rows)


VALUES = _columns("plan:id period:id period_label:words agency:id agency_name:words task:id indicator:id "
                  "name:words unit:words value:number")


def values_table(reports: list[tuple[PlanData, Period, UpdateFile]], words: _Words) -> Table:
    """One row per indicator value an agency reported in an entry (the figures are in `indicators`)."""
    rows = []
    for plan, period, u in reports:
        m = u.model
        for e in m.entries:
            task = plan.tasks.get(e.task)
            defined = {i.id: i for i in task.indicators} if task else {}
            for indicator, value in e.indicators.items():
                d = defined.get(indicator)
                rows.append((m.plan, m.period, words.period(period), u.agency_folder, words.agency(u.agency_folder),
                             e.task, indicator, d.name if d else None, d.unit if d else None, value))
    return Table("values", "Số liệu chỉ tiêu báo cáo", VALUES, rows)


STATES = _columns("plan:id period:id period_label:words task:id lead:id lead_name:words due:date category:id "
                  "category_label:words progress:number entry_period:id entry_period_label:words reported_here:flag")


def states_table(timelines: list[Timeline], words: _Words) -> Table:
    """One row per task × period: its category (contract section 7), p, and its due at that period."""
    rows = []
    for timeline in timelines:
        plan = timeline.plan
        tasks: list[Task] = plan.plan.tasks
        states = timeline.states
        leads = {t.id: words.agency(t.lead) for t in tasks}
        for n, period in enumerate(timeline.periods):
            period_id, period_words = words.named(period)
            for t in tasks:
                s = states[t.id][n]
                rows.append((plan.plan.id, period_id, period_words, t.id, t.lead, leads[t.id], s.due, s.category,
                             CATEGORY_LABELS[s.category], s.progress, *words.named(s.entry_period), s.reported_here))
    return Table("states", "Tình trạng từng kỳ", STATES, rows)


STATISTICS = _columns("plan:id period:id period_label:words reference_date:date submission_due:date scope:id "
                      "scope_label:words id:id name:words " + " ".join(f"{k}:number" for k in (*COUNT_KEYS, *RATE_KEYS))
                      + " submitted:flag submitted_on:date on_time:flag submission:words")


def statistics_table(data: Dataset, timelines: list[Timeline], periods: list[Period] | None = None,
                     words: _Words | None = None) -> Table:
    """Per plan and period (every period, or those given): totals, each group, each agency (with its submission)."""
    words = words or _Words(data)
    rows = []
    for timeline in timelines:
        groups = {g.id: g.title for g in timeline.plan.plan.groups}
        for period in periods or timeline.periods:
            f = timeline.at(period)
            base = (f.plan, f.period.id, f.period.label, f.reference_date, f.submission_due)
            rows.append((*base, "totals", SCOPE_LABELS["totals"], None, None, *_figures(f.totals),
                         None, None, None, None))
            for g, block in f.groups.items():
                rows.append((*base, "group", SCOPE_LABELS["group"], g, groups.get(g), *_figures(block),
                             None, None, None, None))
            for a, block in f.agencies.items():
                rows.append((*base, "agency", SCOPE_LABELS["agency"], a, words.agency(a),
                             *_figures(block), block.submitted, block.submitted_on, block.on_time,
                             SUBMISSION_LABELS[block.submission]))
    return Table("statistics", "Thống kê", STATISTICS, rows)


def _figures(block) -> tuple:
    return tuple(getattr(block, key) for key in (*COUNT_KEYS, *RATE_KEYS))


INDICATORS = _columns("plan:id period:id period_label:words task:id indicator:id name:words unit:words "
                      "aggregate:id aggregate_label:words reported:number value:number target:number")


def indicators_table(timelines: list[Timeline]) -> Table:
    """Every indicator's figure at each period from its first report on (contract section 7), and what was
    reported in that period."""
    rows = []
    for timeline in timelines:
        definitions = timeline.plan.indicators
        for n, period in enumerate(timeline.periods):
            for series in timeline.indicator_values:
                value = series.running[n]
                if value is None:
                    continue
                d = definitions[series.task][series.indicator]
                rows.append((timeline.plan.plan.id, period.id, period.label, series.task, series.indicator, d.name,
                             d.unit, d.aggregate, AGGREGATE_LABELS[d.aggregate], series.reported[n], value, d.target))
    return Table("indicators", "Chỉ tiêu", INDICATORS, rows)


def tables(data: Dataset, timelines: list[Timeline]) -> dict[str, Table]:
    """Every download table, by name, in the order the files are offered."""
    words = _Words(data)
    reports = _updates(data, words)
    by_plan = {timeline.plan.plan.id: timeline for timeline in timelines}
    found = [plans_table(data, words), tasks_table(data, words), extensions_table(data, words),
             reports_table(reports, words), entries_table(reports, by_plan, words), documents_table(reports, words),
             values_table(reports, words), states_table(timelines, words),
             statistics_table(data, timelines, words=words), indicators_table(timelines)]
    return {table.name: table for table in found}
