"""Stage 1, load: find the data files (files.py), read each strictly, check it against its schema (records.py,
and pydantic for the files that have a problem: schema_errors.py). At province scale, a child process reads
reports on a second core meanwhile (worker.py).

The result is a `Dataset` holding every file that could be read (with its
positions, for messages) and the problems of those that could not. One bad
file never stops the others from being read.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.data import records, worker
from generator.data.files import Found, discover, misplaced, read_regular, shown_path, unreadable
from generator.data.layout import AGENCIES, ReportPath, is_plan_file, parse_report
from generator.data.periods import Period, Schedule
from generator.data.problems import Problem
from generator.data.reader import Document, read_document

if TYPE_CHECKING:
    from generator.data.models import AgenciesFile, Plan

M = TypeVar("M")


@dataclass(eq=False)
class Loaded(Generic[M]):
    """One file: what it says and where it says it (doc).

    `values` is what the checks read: the file's record (records.py), or its pydantic model when
    pydantic checked it (the same fields). `model` is always the pydantic model, what the statistics,
    the site and the downloads read: built on first use from the file's data, already known sound.
    """

    doc: Document
    values: Any
    _model: Any = field(default=None, init=False, repr=False)

    @property
    def model(self) -> M:
        if self._model is None:
            if isinstance(self.values, records.Record):
                from generator.data import models

                self._model = getattr(models, type(self.values).__name__).model_validate(self.doc.data)
            else:
                self._model = self.values
        return self._model


@dataclass(eq=False)
class UpdateFile(Loaded["Update"]):
    plan_folder: str = ""
    agency_folder: str = ""
    period_name: str = ""  # file name without .yaml

    @property
    def path(self) -> ReportPath:
        return ReportPath(self.plan_folder, self.agency_folder, self.period_name)


@dataclass(eq=False)
class PlanData:
    file: Loaded[Plan]
    folder: str

    @property
    def plan(self) -> Plan:
        return self.file.model

    @property
    def values(self) -> Any:
        """The plan as the checks read it (see `Loaded.values`)."""
        return self.file.values

    @cached_property
    def tasks(self) -> dict[str, Any]:
        """Task id -> the task (with the fields and methods of `models.Task`)."""
        return {task.id: task for task in self.values.tasks}

    @cached_property
    def indicators(self) -> dict[str, dict[str, Any]]:
        """Task id -> its indicators by id (of the task and indicator that `tasks` and a dict keep: the last)."""
        return {task.id: {indicator.id: indicator for indicator in task.indicators} for task in self.values.tasks}

    @cached_property
    def assignments(self) -> dict[str, list[str]]:
        """Agency id -> ids of the tasks it leads or supports, in plan order."""
        out: dict[str, list[str]] = {}
        for task in self.values.tasks:
            for agency in (task.lead, *task.support):
                out.setdefault(agency, []).append(task.id)
        return out

    @cached_property
    def schedule(self) -> Schedule:
        plan = self.values
        reporting = plan.reporting
        return Schedule(plan.start, plan.end, reporting.cycle, reporting.cutoff_day, reporting.due_day)

    def latest_reported(self, updates: list[UpdateFile]) -> Period | None:
        """The latest period of this plan that any of `updates` reports on (None: none does)."""
        schedule = self.schedule
        found = [schedule.get(u.model.period) for u in updates if u.plan_folder == self.folder]
        found = [p for p in found if p is not None]
        return max(found) if found else None


@dataclass(eq=False)
class Dataset:
    root: Path
    agencies_file: Loaded[AgenciesFile] | None = None
    plans: dict[str, PlanData] = field(default_factory=dict)  # by folder name
    updates: list[UpdateFile] = field(default_factory=list)
    plans_with_errors: set[str] = field(default_factory=set)  # plan folders whose plan.yaml is unusable
    files: int = 0  # YAML files read

    @property
    def agencies(self) -> dict[str, Any]:
        """Agency id -> the agency (with the fields of `models.Agency`)."""
        if self.agencies_file is None:
            return {}
        return {a.id: a for a in self.agencies_file.values.agencies}

    def display(self, path: Path) -> str:
        return display_path(self.root, path)

    def shown(self, parts: tuple[str, ...]) -> str:
        """How a file under the data folder is named to users: `data/updates/...`."""
        return shown_path(self.root, parts)


class DataDirError(Exception):
    """The data folder itself is missing or unreadable: nothing can be checked."""


def display_path(root: Path, path: Path) -> str:
    """Paths are shown relative to the data folder's parent, with forward slashes."""
    return path.relative_to(root.parent).as_posix() if root.parent != root else path.as_posix()


def load(root: Path) -> tuple[Dataset, list[Problem]]:
    # Reading builds many small objects that all stay alive; the cyclic garbage collector
    # would rescan them again and again (it tripled the time at province scale). They hold
    # no reference cycles, so once read they are moved out of the collector's sight.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root))
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(root: Path) -> tuple[Dataset, list[Problem]]:
    if not root.is_dir():
        raise DataDirError(f"Không tìm thấy thư mục dữ liệu {root}")
    root = root.resolve()
    data = Dataset(root)
    problems: list[Problem] = []
    found = discover(root, problems)
    reports = [parts for parts in found.yaml if parse_report(parts) is not None]
    # the reports read from the last one backwards on the second core meanwhile
    child = worker.Child.start(root, reports) if len(reports) >= worker.MIN_REPORTS else None
    try:
        _load_all(data, found, child, problems)
    finally:
        if child is not None:
            child.close()
    return data, problems


def _load_all(data: Dataset, found: Found, child: worker.Child | None, problems: list[Problem]) -> None:
    present = set(found.yaml)

    if ("agencies.yaml",) in present:
        data.agencies_file = _load_file(data, ("agencies.yaml",), "AgenciesFile", problems)
    elif ("agencies.yaml",) not in found.refused:
        problems.append(Problem("missing-file", data.shown(("agencies.yaml",)), 1, 1, {
            "expected": data.shown(("agencies.yaml",)),
            "advice": "Tạo tệp danh mục cơ quan `agencies.yaml` ngay trong thư mục dữ liệu.",
            "advice_en": "Create `agencies.yaml` at the top of the data folder."}))

    for folder in found.plan_folders:
        parts = ("plans", folder, "plan.yaml")
        if parts not in present:
            if parts not in found.refused:
                problems.append(Problem("missing-file", data.shown(parts), 1, 1, {
                    "expected": data.shown(parts),
                    "advice": "Mỗi thư mục kế hoạch phải có tệp `plan.yaml`.",
                    "advice_en": "Each plan folder needs a `plan.yaml`."}))
            data.plans_with_errors.add(folder)
            continue
        loaded = _load_file(data, parts, "Plan", problems)
        if loaded is None:
            data.plans_with_errors.add(folder)
        else:
            data.plans[folder] = PlanData(loaded, folder)
    # a plan folder that is a link is refused once: its reports are not also of an "unknown plan"
    data.plans_with_errors.update(parts[1] for parts in found.refused if len(parts) == 2 and parts[0] == "plans")

    index = 0  # of the report among the reports (the child's jobs)
    for parts in found.yaml:
        report = parse_report(parts)
        if report is not None:
            read = child.take(index) if child is not None else None
            index += 1
            loaded = _load_file(data, parts, "Update", problems) if read is None else _report_read(data, parts, read)
            if loaded is not None:
                data.updates.append(UpdateFile(loaded.doc, loaded.values, report.plan, report.agency, report.period))
        elif parts != (AGENCIES,) and not is_plan_file(parts):
            problems.append(misplaced(data.root, parts))


def _report_read(data: Dataset, parts: tuple[str, ...], read: worker.Read) -> Loaded:
    """A report the child read and checked cleanly (worker.py)."""
    data.files += 1
    text, values, cut_texts, record = read
    return Loaded(Document(data.shown(parts), text, values, cut_texts=cut_texts), record)


def _load_file(data: Dataset, parts: tuple[str, ...], kind: str, problems: list[Problem]) -> Loaded | None:
    shown = data.shown(parts)
    data.files += 1
    try:
        raw, size = read_regular(os.path.join(data.root, *parts))
    except OSError as exc:
        problems.append(unreadable(shown, exc))
        return None
    doc, read_problems = read_document(raw, shown, size)
    if doc is None:
        problems.extend(read_problems)
        return None
    values = records.build(kind, doc.data)
    if values is None:  # a problem, most likely: pydantic tells it
        from generator.data.schema_errors import validate_file

        values, schema_problems = validate_file(doc, kind)
        if values is None:
            problems.extend(schema_problems)
            return None
    return Loaded(doc, values)


# "Did you mean": a typo of a name is short, and is looked for among a bounded list of names, so that a
# file of 45,000 unknown task ids costs seconds, not minutes (benchmarks/hostile.py).
GUESS_LENGTH = 64
GUESS_CANDIDATES = 2000
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}  # one copy of each list of names, shared by the cache


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The name among `choices` (the first GUESS_CANDIDATES of them) most like `value`, or None when none
    is close (similarity of at least 60 %, as difflib's cutoff 0.6) or `value` is too long to be a typo.
    Answers are cached per value and list of names."""
    if not value or len(value) > GUESS_LENGTH:
        return None
    names = tuple(islice(choices, GUESS_CANDIDATES))
    if len(_NAMES) > 64:
        _NAMES.clear()
    return _closest(value, _NAMES.setdefault(names, names))


@lru_cache(maxsize=4096)
def _closest(value: str, names: tuple[str, ...]) -> str | None:
    from rapidfuzz import fuzz, process  # C++; imported only when a name is unknown

    found = process.extractOne(value, names, scorer=fuzz.ratio, score_cutoff=60)
    return found[0] if found else None
