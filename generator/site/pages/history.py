"""The data's update history as pages show it: which report (agency, period) changed, what it changed,
and, secondary, the commit that carried the change (its text and author are whoever committed, often
not the agency itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.data.periods import parse_period
from generator.git.history import EntryChange, History, Revision
from generator.site.pages.parts import Page, page
from generator.site.sitemap import Paths


@dataclass
class Commit:
    short: str  # the commit's short hash
    author: str  # who committed (not necessarily the agency)
    subject: str  # the commit's own text, as its author wrote it


@dataclass
class ReportChange:
    """One task's entry changed in one agency's report for one period."""

    task: str  # the task's id
    path: str | None  # its page (None: the task is not in a plan of the site any more)
    agency: str  # the reporting agency (short name)
    period: str  # the report's period, the reading way
    before: tuple[str | None, str | None] | None  # (status, progress) as written; None: no entry
    after: tuple[str | None, str | None] | None


@dataclass
class FileNote:
    status: str  # A added, M changed, D deleted, R renamed
    agency: str
    period: str
    plan: str  # the plan's folder (shown only when the site follows several plans)


@dataclass
class RevisionView:
    when: datetime
    files: list[FileNote]  # the reports it added or changed; empty: the plan or the agency list changed
    entries: list[ReportChange]
    commit: Commit


@dataclass
class TaskChange:
    when: datetime
    change: ReportChange
    commit: Commit


@dataclass
class HistoryPage:
    available: bool  # False: the data is not in a git repository
    revisions: list[RevisionView]  # newest first
    several_plans: bool


def period_label(period_id: str) -> str:
    found = parse_period(period_id)
    return found.label if found else period_id


def commit(revision: Revision) -> Commit:
    return Commit(revision.short, revision.author, revision.subject)


def report_change(change: EntryChange, names: dict[str, str], plan_paths: dict[str, Paths]) -> ReportChange:
    paths = plan_paths.get(change.plan)
    return ReportChange(change.task, paths.task(change.task) if paths else None, names.get(change.agency, change.agency), period_label(change.period), change.before,
                        change.after)


def task_changes(history: History | None, plan: str, task_id: str, names: dict[str, str],
                 paths: Paths) -> list[TaskChange] | None:
    """The commits that changed a task's entries, newest first; None without git."""
    if history is None:
        return None
    return [TaskChange(r.when, report_change(c, names, {plan: paths}), commit(r))
            for r, c in history.by_task.get((plan, task_id), [])]


def history_page(history: History | None, names: dict[str, str], plan_paths: dict[str, Paths]) -> Page:
    revisions = []
    for r in history.revisions if history else []:
        files = [FileNote(f.status, names.get(f.agency, f.agency), period_label(f.period), f.plan) for f in r.files]
        entries = [report_change(c, names, plan_paths) for c in r.entries]
        revisions.append(RevisionView(r.when, files, entries, commit(r)))
    return page("history", HistoryPage(history is not None, revisions, len(plan_paths) > 1))
