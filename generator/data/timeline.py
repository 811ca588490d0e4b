"""Warnings about how an agency's reports follow one another (data contract, sections 6 and 9).

One pass over a plan's sound reports in period order, remembering for each
agency its latest report so far (its "previous report") and for each one-off
task its lead's latest entry:

- `progress-decreased`, `reopened`: a lead's figures go backwards unexplained;
- `repeated-values`, `repeated-text`: an entry copied from the agency's previous report;
- `empty-report`: a report that says nothing its previous report did not;
- `stale-report`, at the end: a lead that stopped reporting on an unfinished task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.data.load import PlanData, UpdateFile
from generator.data.periods import Period
from generator.data.problems import Problem, add_at
from generator.data.reader import Document
from generator.data.records import Entry
from generator.data.rules import period_name
from generator.formatting import vi_number

TEXTS = ("result", "obstacles", "proposals")


@dataclass(frozen=True)
class Report:
    """A sound report and its period, with its entries by task."""

    file: UpdateFile
    period: Period
    entries: dict[str, Entry]

    @property
    def doc(self) -> Document:
        return self.file.doc


def check_timeline(plan: PlanData, updates: list[UpdateFile], problems: list[Problem]) -> None:
    schedule = plan.schedule
    reports = [Report(u, period, {e.task: e for e in u.values.entries})
               for u in updates if (period := schedule.get(u.values.period)) is not None]
    if not reports:
        return
    reports.sort(key=lambda r: (r.period.year, r.period.index))  # one cycle: the periods' order, without __lt__
    history = _History(
        one_off_leads={t.id: t.lead for t in plan.values.tasks if not t.recurring},
        sums={t.id: [i.id for i in t.indicators if i.aggregate == "sum"] for t in plan.values.tasks if t.indicators},
        problems=problems)
    previous: dict[str, Report] = {}  # agency -> its latest report so far
    for report in reports:
        agency = report.file.agency_folder
        history.check(report, previous.get(agency))
        previous[agency] = report
    _check_stale(plan, reports, history.last_lead, problems)


def _lead_progress(entry: Entry) -> float:
    if entry.status == "completed":
        return 100
    return entry.progress or 0


@dataclass
class _History:
    """What the reports read so far say, and the checks of the next one against it (one loop over its entries)."""

    one_off_leads: dict[str, str]  # one-off task -> its lead
    sums: dict[str, list[str]]  # task -> its `sum` indicators
    problems: list[Problem]
    last_lead: dict[str, tuple[Report, Entry]] = field(default_factory=dict)  # one-off task -> lead's latest entry

    def check(self, report: Report, before: Report | None) -> None:
        model = report.file.values
        agency = report.file.agency_folder
        earlier_entries = before.entries if before is not None else {}
        one_off_leads, sums = self.one_off_leads, self.sums
        says_something = bool(model.summary or model.obstacles or model.proposals)
        for i, entry in enumerate(model.entries):
            task = entry.task
            old = earlier_entries.get(task)
            status, indicators = entry.status, entry.indicators
            result, obstacles, proposals = entry.result, entry.obstacles, entry.proposals
            if status is not None:  # a lead's entry: a sound report has no status in any other
                if one_off_leads.get(task) == agency:
                    self._lead_progress(report, i, entry)
                if not says_something and (old is None or (status, entry.progress, entry.completed_on) != (
                        old.status, old.progress, old.completed_on)):
                    says_something = True
            if not says_something and (indicators or entry.documents or result or obstacles or proposals):
                says_something = True
            if old is None:
                continue
            if (result and result == old.result or obstacles and obstacles == old.obstacles
                    or proposals and proposals == old.proposals):
                self._repeated_text(report, before, i, entry, old)
            if indicators and old.indicators and task in sums:
                self._repeated_values(report, before, i, entry, old)
        if not says_something:
            params = {"period": period_name(report.period)}
            params.update({"previous": period_name(before.period)} if before is not None else {"variant": "first"})
            add_at(self.problems, "empty-report", report.doc, ("entries",), at_key=True, **params)

    def _lead_progress(self, report: Report, i: int, entry: Entry) -> None:
        """A lead's progress on a one-off task goes down, or a completed task reopens, without explanation."""
        previous = self.last_lead.get(entry.task)
        self.last_lead[entry.task] = (report, entry)
        if previous is None or report.file.values.revisions or entry.has_text:
            return
        before_report, before = previous
        earlier = period_name(before_report.period)
        if before.status == "completed" and entry.status != "completed":
            add_at(self.problems, "reopened", report.doc, ("entries", i, "status"), task=entry.task, previous=earlier)
        elif _lead_progress(entry) < _lead_progress(before):
            loc = ("entries", i, "progress") if entry.progress is not None else ("entries", i, "status")
            add_at(self.problems, "progress-decreased", report.doc, loc, task=entry.task,
                before=vi_number(_lead_progress(before)) + "%", previous=earlier,
                after=vi_number(_lead_progress(entry)) + "%")

    def _repeated_values(self, report: Report, before: Report, i: int, entry: Entry, old: Entry) -> None:
        """All `sum` values of the entry non-zero and equal to the agency's on that task in its previous report."""
        summed = self.sums[entry.task]
        values = {key: entry.indicators[key] for key in summed if key in entry.indicators}
        if values and all(values.values()) and values == {
                key: old.indicators[key] for key in summed if key in old.indicators}:
            written = report.doc.data["entries"][i]["indicators"]
            add_at(self.problems, "repeated-values", report.doc, ("entries", i, "indicators"), at_key=True,
                task=entry.task, previous=period_name(before.period),
                values=", ".join(f"`{key}: {written[key]}`" for key in values))

    def _repeated_text(self, report: Report, before: Report, i: int, entry: Entry, old: Entry) -> None:
        """A text of the entry identical to the same text of the agency's entry in its previous report."""
        for key in TEXTS:
            text = getattr(entry, key)
            if text and text == getattr(old, key):
                add_at(self.problems, "repeated-text", report.doc, ("entries", i, key), key=key, task=entry.task,
                    previous=period_name(before.period))


def _check_stale(plan: PlanData, reports: list[Report], last: dict[str, tuple[Report, Entry]],
                 problems: list[Problem]) -> None:
    """The lead's last report on an unfinished one-off task is older than the period before the latest."""
    latest = reports[-1].period
    previous_period = latest.previous()
    lead_files = {(r.file.agency_folder, r.period): r.file for r in reports}
    for task_id, (report, entry) in last.items():
        reported = report.period
        if entry.status == "completed" or reported >= previous_period:
            continue
        task = plan.tasks[task_id]
        current = lead_files.get((task.lead, latest))
        if current is not None:
            doc, loc = current.doc, ("entries",)
        else:
            doc = plan.file.doc
            loc = ("tasks", next(i for i, t in enumerate(plan.values.tasks) if t.id == task_id), "id")
        add_at(problems, "stale-report", doc, loc, at_key=True, task=task_id, last=period_name(reported),
            latest=period_name(latest))
