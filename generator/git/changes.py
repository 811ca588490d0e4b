"""Change control against a base revision (`tiendo validate --base REV`): nothing published is rewritten.

- a submitted report may not be deleted, renamed or moved;
- a report whose due date D(P) is more than `lock_days` in the past may change only
  by adding a `revisions` item (date, reason); replacing it by a link is a change too;
- a report added by the change may not say it was submitted more than `lock_days` ago;
- an edit of a plan or of the agency list may not change any figure of a locked period
  (contract section 10): a new task takes `assigned`, a new deadline an `extensions` item;
- a data file must be a regular file, never a symbolic link (which could point anywhere).

A period P is locked when D(P) + `lock_days` is before today.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from generator.data import layout
from generator.data.load import Dataset, PlanData, UpdateFile, load
from generator.data.periods import Period
from generator.data.problems import Problem, has_errors
from generator.data.reader import Document, read_document
from generator.data.validate import validate
from generator.formatting import vi_date
from generator.git import repo as gitrepo


@dataclass(frozen=True)
class Comparison:
    """The working tree's data folder against a base revision: the files git says the change touches."""

    repo: Path
    inside: str  # the data folder's path inside the repository
    base: str
    found: list[gitrepo.Change]

    def touched(self, data: Dataset) -> set[str]:
        """The data files (as shown to users) that the change adds or changes."""
        shown = set()
        for change in self.found:
            relative = layout.inside(change.path, self.inside)
            if relative is not None and change.status != "D":
                shown.add(data.shown(tuple(relative.split("/"))))
        return shown


def compare(data: Dataset, base: str) -> Comparison:
    """Ask git what the working tree changes under the data folder since `base`. Raises gitrepo.GitError."""
    repo, inside = gitrepo.locate(data.root)
    return Comparison(repo, inside, base, gitrepo.changes(repo, base, inside))


def change_control(data: Dataset, comparison: Comparison, today: date, computable: bool = True) -> list[Problem]:
    """Problems of the working tree's data compared with the base. `computable`: the data has no errors, so
    its figures can be computed and compared. Raises gitrepo.GitError.

    Only what the change touches is read at the base: the earlier text of each changed report (by its
    object id), the list of plans; the whole base data set only when a plan or the agency list changed."""
    repo, inside, base, found = comparison.repo, comparison.inside, comparison.base, comparison.found
    if not found:
        return []
    head_updates = {u.path: u for u in data.updates}
    problems = []
    plan_level: list[str] = []  # plan.yaml and agencies.yaml files the change touches
    added, modified = [], []
    for change in found:
        relative = layout.inside(change.path, inside)
        if relative is None:
            continue
        shown = data.shown(tuple(relative.split("/")))
        if change.status != "D" and not change.regular_file:
            problems.append(Problem("not-a-regular-file", shown, 1, 1, {"file": shown}))
        if relative == layout.AGENCIES or layout.is_plan_file(relative):
            plan_level.append(relative)
        if change.status in ("D", "R"):
            old = layout.inside(change.old_path or change.path, inside)
            if old is None or layout.parse_report(old) is None:
                continue
            old_shown = data.shown(tuple(old.split("/")))
            if change.status == "D":
                problems.append(Problem("report-deleted", old_shown, 1, 1, {"file": old_shown}))
            else:
                problems.append(Problem("report-renamed", shown, 1, 1, {"old": old_shown, "file": shown}))
            continue
        report = head_updates.get(layout.parse_report(relative))
        if report is not None:
            (added if change.status == "A" else modified).append((change, report))
    if added:
        base_plans = set(gitrepo.folders(repo, base, f"{inside}/plans" if inside not in ("", ".") else "plans"))
        problems += filter(None, (_backdated(data, report, today) for _, report in added
                                  if report.plan_folder in base_plans))
    earlier = gitrepo.read_objects(repo, [change.old_blob for change, _ in modified])
    for change, report in modified:
        before = earlier.get(change.old_blob)
        doc = read_document(before, report.doc.path)[0] if before is not None else None
        if doc is not None and isinstance(doc.data, dict):
            problems += filter(None, [_locked_change(data, doc, report, today, change.status == "T")])
    if plan_level and computable:
        with tempfile.TemporaryDirectory(prefix="tiendo-base-") as tmp:
            base_data, base_problems = load(gitrepo.extract(repo, base, inside, Path(tmp)))
        problems += _locked_figures(data, base_data, base_problems, plan_level, today)
    return problems


def last_open_day(plan: PlanData, period: Period) -> date:
    """The last day a report for `period` may change freely: D(P) + lock_days."""
    return plan.schedule.due_date(period) + timedelta(days=plan.plan.reporting.lock_days)


def _locked_change(data: Dataset, before: Document, after: UpdateFile, today: date,
                   kind_changed: bool) -> Problem | None:
    plan = data.plans.get(after.plan_folder)
    period = plan.schedule.get(after.model.period) if plan is not None else None
    if period is None:
        return None
    open_until = last_open_day(plan, period)
    if today <= open_until or (before.text == after.doc.text and not kind_changed):
        return None
    revisions = before.data.get("revisions")
    if len(after.model.revisions) > (len(revisions) if isinstance(revisions, list) else 0) and not kind_changed:
        return None
    line = _first_difference(before.text, after.doc.text)
    return Problem("locked-report-changed", after.doc.path, line, 1, {
        "period": period.label, "locked": vi_date(open_until + timedelta(days=1)),
        "lock_days": plan.plan.reporting.lock_days, "due": vi_date(plan.schedule.due_date(period))})


def _backdated(data: Dataset, added: UpdateFile, today: date) -> Problem | None:
    """A new report dated more than lock_days ago. (The caller leaves out reports of a plan the change
    itself adds: nothing was published for it, so nothing is rewritten; a plan brought in with its past.)"""
    plan = data.plans.get(added.plan_folder)
    if plan is None:
        return None
    lock_days = plan.plan.reporting.lock_days
    submitted_on = added.model.submitted_on
    if (today - submitted_on).days <= lock_days:
        return None
    line, column = added.doc.locate(("submitted_on",))
    return Problem("backdated-report", added.doc.path, line, column, {
        "submitted_on": vi_date(submitted_on), "days": (today - submitted_on).days, "lock_days": lock_days,
        "today": vi_date(today)})


def _text(data: Dataset, relative: str) -> str:
    if relative == layout.AGENCIES:
        return data.agencies_file.doc.text
    return data.plans[relative.split("/")[1]].file.doc.text


def _locked_figures(data: Dataset, base_data: Dataset, base_problems: list[Problem], touched: list[str],
                    today: date) -> list[Problem]:
    """`locked-figures-changed`: the figures of every locked period, at the base and now, one pass each."""
    from generator.git import figures  # pandas: loaded only when a plan-level file changed
    from generator.stats.engine import compute

    if has_errors(base_problems) or has_errors(validate(base_data, today)):
        return []  # the base cannot be computed: nothing reliable to compare with
    agencies_touched = layout.AGENCIES in touched
    problems = []
    for folder, old_plan in base_data.plans.items():
        new_plan = data.plans.get(folder)
        plan_file = layout.plan_path(folder)
        if new_plan is None or not (agencies_touched or plan_file in touched):
            continue  # a plan removed whole shows as its reports deleted
        locked = [p for p in old_plan.schedule.periods if last_open_day(old_plan, p) < today]
        if not locked:
            continue
        before = compute(old_plan, base_data.updates, list(base_data.agencies))
        after = compute(new_plan, data.updates, list(data.agencies))
        found = figures.rewrites(before, after, locked)
        if not found:
            continue
        where = plan_file if plan_file in touched else layout.AGENCIES
        line = _first_difference(_text(base_data, where), _text(data, where))
        shown = data.shown(tuple(where.split("/")))
        problems.append(Problem("locked-figures-changed", shown, line, 1, {
            "plan": new_plan.plan.code, "count": len(found), "changes": figures.describe(found, data)}))
    return problems


def _first_difference(before: str, after: str) -> int:
    """The first line of `after` that differs from `before` (where an edit or an insertion starts)."""
    old, new = before.splitlines(), after.splitlines()
    if old == new:
        return 1
    return next((i for i, (a, b) in enumerate(zip(old, new), start=1) if a != b), min(len(old), len(new)) + 1)
