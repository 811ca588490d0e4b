"""`tiendo diff BASE [HEAD]`: what a change does to the plan, in Markdown for a pull request.

Reads the data at two revisions (HEAD defaults to the working tree), then lists
the files added, changed and deleted per agency and period, the tasks whose
status, progress or due date changed, the plan's statistics before → after,
and the new obstacles and proposals.
"""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import templating
from generator.check import check
from generator.data import layout
from generator.data.load import Dataset
from generator.data.problems import Problem
from generator.formatting import vi_date
from generator.git import repo as gitrepo
from generator.stats.engine import Timeline, compute_all
from generator.stats.figures import CATEGORIES, RATE_KEYS, TaskState
from generator.vocabulary import CATEGORY_LABELS, label


@dataclass
class Side:
    label: str
    data: Dataset
    problems: list[Problem]
    timelines: dict[str, Timeline]


def _side(label: str, root: Path, today: date) -> Side:
    data, problems = check(root, today)
    errors = [p for p in problems if p.is_error]
    return Side(label, data, errors, {} if errors else compute_all(data))


def _md(text: str) -> str:
    """Text made safe for a Markdown table cell or line."""
    out = " ".join(str(text).split())
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def _md_path(path: str) -> str:
    """A file name exactly as written, safe in a Markdown table cell: invisible characters (a newline,
    a tab, a right-to-left mark) shown as `\\u000a`, the characters Markdown reads in a line escaped."""
    visible = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in path)
    return "".join("\\" + c if c in _MARKDOWN else c for c in visible)


_MARKDOWN = set("\\`*_[]<>|#~&")
_KINDS = {"A": "thêm", "M": "sửa", "T": "sửa", "D": "xóa", "R": "đổi tên"}


def diff_markdown(data_dir: Path, base: str, head: str | None, today: date) -> str:
    repo, inside = gitrepo.locate(data_dir)
    with tempfile.TemporaryDirectory(prefix="tiendo-diff-") as tmp:
        before = _side(base, gitrepo.extract(repo, base, inside, Path(tmp) / "base"), today)
        if head is None:
            after = _side("thư mục làm việc", data_dir, today)
        else:
            after = _side(head, gitrepo.extract(repo, head, inside, Path(tmp) / "head"), today)
        files = gitrepo.changes(repo, base, inside, head)
    rows = []
    for change in files:
        relative = layout.inside(change.path, inside)
        report = layout.parse_report(relative) if relative is not None else None
        kind = _KINDS[change.status] if change.regular_file or change.status == "D" else "thành liên kết"
        if report is not None:
            rows.append((report.agency, report.period, kind, change.path, report.plan))
        else:
            rows.append(("", "", kind, change.path, ""))
    return _render(before, after, rows)


def _task_changes(before: Side, after: Side, periods: set[tuple[str, str]]) -> list[dict]:
    """Tasks whose state differs, at the latest period and at each period whose reports changed."""
    out = []
    for plan_id, timeline in after.timelines.items():
        old = before.timelines.get(plan_id)
        latest = timeline.latest.id
        wanted = sorted({latest} | {p for f, p in periods if f == timeline.plan.folder and timeline.plan.schedule.get(p)},
                        key=lambda p: timeline.index(p))
        for period in wanted:
            new_state = _states(timeline, period)
            old_state = _states(old, period) if old is not None and old.plan.schedule.get(period) else {}
            for task in timeline.plan.plan.tasks:
                a, b = new_state.get(task.id), old_state.get(task.id)
                # the due in force at the latest period (v1.1: after the extensions decided by then)
                due_changed = period == latest and a is not None and b is not None and a.due != b.due
                if _shown(b) == _shown(a) and not due_changed:
                    continue
                out.append({"plan": plan_id, "period": period, "task": task.id, "title": task.title, "before": b,
                            "after": a, "due_before": _due(b) if due_changed else "",
                            "due_after": _due(a) if due_changed else ""})
    return out


def _due(state: TaskState) -> str:
    return vi_date(state.due) if state.due else "thường xuyên"


def _states(timeline: Timeline, period: str) -> dict[str, TaskState]:
    n = timeline.index(period)
    return {task: states[n] for task, states in timeline.states.items()}


def _shown(state: TaskState | None) -> tuple[str, float | None] | None:
    """What the table shows of a task's state: its category and progress."""
    return None if state is None else (state.category, state.progress)


def _notes(side: Side) -> set[tuple[str, str, str, str, str]]:
    found = set()
    for u in side.data.updates:
        for kind in ("obstacles", "proposals"):
            if getattr(u.model, kind):
                found.add((u.agency_folder, u.model.period, "", kind, getattr(u.model, kind).strip()))
            for e in u.model.entries:
                if getattr(e, kind):
                    found.add((u.agency_folder, u.model.period, e.task, kind, getattr(e, kind).strip()))
    return found


def _render(before: Side, after: Side, files: list[tuple[str, str, str, str, str]]) -> str:
    env = templating.environment(autoescape=False, filters={
        "md": _md, "path": _md_path, "category": lambda c: CATEGORY_LABELS.get(c, c).lower()})
    totals = []
    for plan_id, timeline in after.timelines.items():
        latest = timeline.latest.id
        new = timeline.at(latest).totals
        old_timeline = before.timelines.get(plan_id)
        old = old_timeline.at(latest).totals if old_timeline and old_timeline.plan.schedule.get(latest) else None
        totals.append({"plan": plan_id, "code": timeline.plan.plan.code, "period": latest, "before": old, "after": new})
    notes = sorted(_notes(after) - _notes(before), key=lambda n: (n[1], n[0], n[2]), reverse=True)
    return env.get_template("diff.md.j2").render(
        before=before, after=after, files=files,
        tasks=_task_changes(before, after, {(f[4], f[1]) for f in files if f[4]}) if not after.problems else [],
        totals=totals, notes=notes, categories=CATEGORIES, keys=_KEYS)


# the figures compared before → after: (key, label, is it a rate)
_KEYS = [(key, label(key), key in RATE_KEYS) for key in (
    "tasks", *CATEGORIES, "recurring_reported", "completion_rate", "on_time_rate", "overdue_rate", "weighted_progress")]
