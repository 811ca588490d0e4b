"""The data's update history, from `git log`: who changed which report when, and what it changed.

For each commit that touched the data folder: its date, author and subject, the
report files it added, changed, renamed or deleted (agency, period), and for each
such report the tasks whose lead status or progress changed. Without a git
repository (a data folder copied from a tarball) there is no history, and the
site says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.data import layout
from generator.data.layout import parse_report
from generator.data.reader import read_document
from generator.git import repo as gitrepo


@dataclass
class FileChange:
    status: str  # A M D R (a type change, such as a report replaced by a symbolic link, is an M)
    plan: str
    agency: str
    period: str


@dataclass
class EntryChange:
    plan: str
    agency: str
    task: str
    before: tuple[str | None, str | None] | None  # (status, progress) as written, None: no entry
    after: tuple[str | None, str | None] | None
    period: str = ""  # the period of the report file the entry is in


@dataclass
class Revision:
    sha: str
    when: datetime
    author: str
    subject: str
    files: list[FileChange] = field(default_factory=list)
    entries: list[EntryChange] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:8]


@dataclass
class History:
    revisions: list[Revision]  # newest first
    by_task: dict[tuple[str, str], list[tuple[Revision, EntryChange]]]  # (plan, task) -> its changes


def _entries(raw: bytes | None, name: str) -> dict[str, tuple[str | None, str | None]]:
    """task -> (status, progress) as written in a report (tolerant: history holds old, even broken, files)."""
    if raw is None:
        return {}
    doc, _ = read_document(raw, name)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("entries"), list):
        return {}
    out = {}
    for entry in doc.data["entries"]:
        if isinstance(entry, dict) and isinstance(entry.get("task"), str):
            status, progress = entry.get("status"), entry.get("progress")
            out[entry["task"]] = (status if isinstance(status, str) else None,
                                  progress if isinstance(progress, str) else None)
    return out


def _task_order(task_id: str) -> list[tuple[int, int, str]]:
    """"1.2" before "1.10"; letters after numbers."""
    return [(0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"[.-]", task_id)]


def load_history(data_root: Path, limit: int = 500) -> History | None:
    """The history of the data folder, or None when it is not in a git repository."""
    try:
        repo, inside = gitrepo.locate(data_root)
        commits = gitrepo.history(repo, inside, limit)
    except gitrepo.GitError:
        return None
    revisions: list[Revision] = []
    wanted: list[str] = []
    pairs = []
    for commit in commits:
        revision = Revision(commit.sha, commit.when, commit.author, commit.subject)
        for change in commit.files:
            relative = layout.inside(change.path, inside)  # git was asked for this folder only
            report = parse_report(relative) if relative is not None else None
            if report is None:
                continue
            plan, agency, period = report.plan, report.agency, report.period
            revision.files.append(FileChange("M" if change.modified else change.status, plan, agency, period))
            new = change.new_blob if change.status != "D" else None
            old = change.old_blob if change.status != "A" else None
            wanted += [blob for blob in (new, old) if blob]
            pairs.append((revision, plan, agency, period, old, new, change.path))
        revisions.append(revision)
    blobs = gitrepo.read_objects(repo, wanted)
    by_task: dict[tuple[str, str], list[tuple[Revision, EntryChange]]] = defaultdict(list)
    for revision, plan, agency, period, old, new, path in pairs:
        before = _entries(blobs.get(old) if old else None, path)
        after = _entries(blobs.get(new) if new else None, path)
        for task in sorted(set(before) | set(after), key=_task_order):
            if before.get(task) != after.get(task):
                change = EntryChange(plan, agency, task, before.get(task), after.get(task), period)
                revision.entries.append(change)
                by_task[(plan, task)].append((revision, change))
    return History(revisions, dict(by_task))
