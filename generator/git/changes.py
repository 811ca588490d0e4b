"""Change control against a base revision (`tiendo validate --base REV`): nothing submitted is lost.

- a submitted report may not be deleted, renamed or moved;
- a report whose due date D(P) is more than `lock_days` in the past may change only
  by adding a `revisions` item (date, reason).
"""

from __future__ import annotations

import difflib
import tempfile
from datetime import date, timedelta
from pathlib import Path

from generator.data.layout import parse_report
from generator.data.load import Dataset, UpdateFile, load
from generator.data.problems import Problem
from generator.formatting import vi_date
from generator.git import repo as gitrepo


def change_control(data: Dataset, base: str, today: date) -> list[Problem]:
    """Problems of the working tree's data compared with `base`. Raises gitrepo.GitError."""
    repo, inside = gitrepo.locate(data.root)
    found = gitrepo.changes(repo, base, inside)
    if not found:
        return []
    with tempfile.TemporaryDirectory(prefix="tiendo-base-") as tmp:
        base_data, _ = load(gitrepo.extract(repo, base, inside, Path(tmp)))
    base_updates = {u.path: u for u in base_data.updates}
    head_updates = {u.path: u for u in data.updates}
    prefix = inside.rstrip("/") + "/"
    shown_root = data.root.name
    problems = []
    for change in found:
        relative = change.path[len(prefix):] if change.path.startswith(prefix) else change.path
        shown = f"{shown_root}/{relative}"
        if change.status in ("D", "R"):
            old = (change.old_path or change.path)[len(prefix):]
            if parse_report(old) is None:
                continue
            if change.status == "D":
                problems.append(Problem("report-deleted", f"{shown_root}/{old}", 1, 1, {"file": f"{shown_root}/{old}"}))
            else:
                problems.append(Problem("report-renamed", shown, 1, 1, {"old": f"{shown_root}/{old}", "file": shown}))
            continue
        key = parse_report(relative)
        if change.status != "M" or key is None or key not in base_updates or key not in head_updates:
            continue
        problem = _locked_change(data, base_updates[key], head_updates[key], today)
        if problem is not None:
            problems.append(problem)
    return problems


def _locked_change(data: Dataset, before: UpdateFile, after: UpdateFile, today: date) -> Problem | None:
    plan = data.plans.get(after.plan_folder)
    if plan is None:
        return None
    period = plan.schedule.get(after.model.period)
    if period is None:
        return None
    due = plan.schedule.due_date(period)
    lock_days = plan.plan.reporting.lock_days
    locked = due + timedelta(days=lock_days)
    if today <= locked or before.doc.text == after.doc.text:
        return None
    if len(after.model.revisions) > len(before.model.revisions):
        return None
    line = _first_difference(before.doc.text, after.doc.text)
    return Problem("locked-report-changed", after.doc.path, line, 1, {
        "period": period.id, "locked": vi_date(locked + timedelta(days=1)), "lock_days": lock_days, "due": vi_date(due)})


def _first_difference(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, _, _, j1, _ in matcher.get_opcodes():
        if tag != "equal":
            return j1 + 1
    return 1
