"""Stage 1, load: find the data files (files.py), read each strictly, check it against its schema.

The result is a `Dataset` holding every file that could be read (with its
positions, for messages) and the problems of those that could not. One bad
file never stops the others from being read.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from generator.data.files import discover, misplaced, read_regular, shown_path, unreadable
from generator.data.layout import AGENCIES, ReportPath, is_plan_file, parse_report
from generator.data.models import AgenciesFile, Agency, Plan, Task, Update, kind_of, suggest_slug
from generator.data.periods import Schedule
from generator.data.problems import Problem
from generator.data.reader import Document, read_document
from generator.data.rules import PLACES, WHOLE_FILE, Text

M = TypeVar("M", bound=BaseModel)

@dataclass(eq=False)
class Loaded(Generic[M]):
    """One file: what it says (model) and where it says it (doc)."""

    doc: Document
    model: M


@dataclass(eq=False)
class UpdateFile(Loaded[Update]):
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

    @cached_property
    def tasks(self) -> dict[str, Task]:
        return {task.id: task for task in self.plan.tasks}

    @cached_property
    def assignments(self) -> dict[str, list[str]]:
        """Agency id -> ids of the tasks it leads or supports, in plan order."""
        out: dict[str, list[str]] = {}
        for task in self.plan.tasks:
            for agency in (task.lead, *task.support):
                out.setdefault(agency, []).append(task.id)
        return out

    @cached_property
    def schedule(self) -> Schedule:
        reporting = self.plan.reporting
        return Schedule(self.plan.start, self.plan.end, reporting.cycle, reporting.cutoff_day, reporting.due_day)


@dataclass(eq=False)
class Dataset:
    root: Path
    agencies_file: Loaded[AgenciesFile] | None = None
    plans: dict[str, PlanData] = field(default_factory=dict)  # by folder name
    updates: list[UpdateFile] = field(default_factory=list)
    plans_with_errors: set[str] = field(default_factory=set)  # plan folders whose plan.yaml is unusable
    files: int = 0  # YAML files read

    @property
    def agencies(self) -> dict[str, Agency]:
        if self.agencies_file is None:
            return {}
        return {a.id: a for a in self.agencies_file.model.agencies}

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
    present = set(found.yaml)

    if ("agencies.yaml",) in present:
        data.agencies_file = _load_file(data, ("agencies.yaml",), AgenciesFile, problems)
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
        loaded = _load_file(data, parts, Plan, problems)
        if loaded is None:
            data.plans_with_errors.add(folder)
        else:
            data.plans[folder] = PlanData(loaded, folder)
    # a plan folder that is a link is refused once: its reports are not also of an "unknown plan"
    data.plans_with_errors.update(parts[1] for parts in found.refused if len(parts) == 2 and parts[0] == "plans")

    for parts in found.yaml:
        report = parse_report(parts)
        if report is not None:
            loaded = _load_file(data, parts, Update, problems)
            if loaded is not None:
                data.updates.append(UpdateFile(loaded.doc, loaded.model, report.plan, report.agency, report.period))
        elif parts != (AGENCIES,) and not is_plan_file(parts):
            problems.append(misplaced(data.root, parts))
    return data, problems


def _load_file(data: Dataset, parts: tuple[str, ...], model: type[M], problems: list[Problem]) -> Loaded[M] | None:
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
    try:
        return Loaded(doc, model.model_validate(doc.data))
    except ValidationError as exc:
        problems.extend(schema_problems(doc, exc, model))
        return None


# --- pydantic errors, told as the clerk's problems ------------------------------

# pydantic's own type checks, as the variant of `wrong-type` that says what was expected
_EXPECTED = {"string_type": "text", "list_type": "list", "dict_type": "mapping", "model_type": "fields"}
# Vietnamese words a clerk may type for a field name, written without accents (`kết quả` -> `ket_qua`)
_SYNONYMS = {
    "ket_qua": "result", "ketqua": "result", "kho_khan": "obstacles", "vuong_mac": "obstacles",
    "kho_khan_vuong_mac": "obstacles", "kien_nghi": "proposals", "de_xuat": "proposals",
    "kien_nghi_de_xuat": "proposals", "tien_do": "progress", "trang_thai": "status", "tinh_trang": "status",
    "nhiem_vu": "task", "ngay_hoan_thanh": "completed_on", "tom_tat": "summary", "ket_qua_chung": "summary",
    "van_ban": "documents", "chi_tieu": "indicators", "ky": "period", "ky_bao_cao": "period", "co_quan": "agency",
    "ke_hoach": "plan", "ngay_chot": "as_of", "ngay_chot_so_lieu": "as_of", "ngay_gui": "submitted_on",
    "nguoi_bao_cao": "reporter", "han": "due", "thoi_han": "due", "chu_tri": "lead", "phoi_hop": "support",
    "ngay_giao": "assigned", "gia_han": "extensions",
}
# Vietnamese words for a status, written without accents, and the code to write instead
_STATUS_WORDS = {
    "dang thuc hien": "in_progress", "dang trien khai": "in_progress", "dang lam": "in_progress",
    "hoan thanh": "completed", "da hoan thanh": "completed", "xong": "completed", "da xong": "completed",
    "chua thuc hien": "not_started", "chua trien khai": "not_started", "chua bat dau": "not_started",
}
_QUOTED = re.compile(r"'([^']*)'")


def _plain(text: str, joiner: str) -> str:
    """Lower case without accents, words joined by `joiner`: `Kết quả` -> `ket_qua`."""
    return suggest_slug(text).replace("-", joiner)


def schema_problems(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    out = []
    for item in error.errors(include_url=False, include_input=True):
        out.append(_one_problem(doc, item, model))
    return out


def _field_name(loc: tuple) -> str | Text:
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    return names[-1] if names else WHOLE_FILE


def _one_problem(doc: Document, item: dict[str, Any], model: type[BaseModel]) -> Problem:
    loc = tuple(item["loc"])
    kind = item["type"]
    ctx = dict(item.get("ctx") or {})
    if loc and loc[-1] == "[key]":  # a key of a mapping of ids (indicator values)
        line, column = doc.locate(loc[:-1], key=True)
        if kind not in _CUSTOM:
            kind, ctx = "invalid-slug", {"value": item.get("input"), "suggestion": suggest_slug(str(item.get("input")))}
        return Problem(kind, doc.path, line, column, {**ctx, "key": _field_name(loc[:-1])})
    key = _field_name(loc)
    if kind == "extra_forbidden":
        line, column = doc.locate(loc, key=True)
        parent = _model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        written = str(loc[-1])
        guess, variant = _guess(written, known)
        params = {"key": written, "where": PLACES[parent.__name__ if parent else ""],
                  "known": ", ".join(f"`{k}`" for k in known)}
        if guess:
            params.update(variant=variant, suggestion=guess)
        return Problem("unknown-key", doc.path, line, column, params)
    if kind == "missing":
        if doc.has_key(loc):  # written, but empty
            line, column = doc.locate(loc, key=True)
            return Problem("empty-value", doc.path, line, column, {"key": key})
        line, column = doc.locate(loc[:-1])
        parent = _model_at(model, loc[:-1])
        info = parent.model_fields.get(str(loc[-1])) if parent else None
        about = info.description if info and info.description else key
        return Problem("missing-key", doc.path, line, column, {"key": key, "about": about, "about_en": key})
    line, column = doc.locate(loc)
    if kind in _CUSTOM:
        return Problem(kind, doc.path, line, column, {**ctx, "key": key})
    if kind in _EXPECTED:
        return Problem("wrong-type", doc.path, line, column,
                       {"key": key, "variant": _EXPECTED[kind], "found": kind_of(item.get("input"))})
    if kind == "literal_error":
        return _invalid_choice(doc, line, column, key, item.get("input"), ctx.get("expected", ""))
    if kind == "string_too_short":
        return Problem("empty-value", doc.path, line, column, {"key": key})
    # a pydantic check we did not foresee: still positioned, still a clear type problem
    return Problem("wrong-type", doc.path, line, column, {
        "key": key, "variant": "other", "found": kind_of(item.get("input")), "detail": item.get("msg", "")})


def _invalid_choice(doc: Document, line: int, column: int, key: Any, value: Any, expected: str) -> Problem:
    choices = ", ".join(f"`{choice}`" for choice in _QUOTED.findall(expected))
    params = {"key": key, "value": value, "choices": choices}
    if key == "status" and isinstance(value, str):
        code = _STATUS_WORDS.get(_plain(value, " "))
        if code is not None:
            params.update(variant="vietnamese-status", suggestion=code)
    return Problem("invalid-choice", doc.path, line, column, params)


_CUSTOM = {"wrong-type", "invalid-slug", "invalid-task-id", "invalid-date", "invalid-number", "number-too-large",
           "out-of-range", "invalid-due", "invalid-url", "invalid-reviewer", "empty-value"}


def _guess(key: str, known: list[str]) -> tuple[str | None, str]:
    """The known key a clerk most likely meant, and how (`close` spelling, or a `vietnamese` word for it)."""
    lowered = key.strip().lower().replace(" ", "_").replace("-", "_")
    if lowered in known:
        return lowered, "close"
    vietnamese = _SYNONYMS.get(_plain(key, "_"))
    if vietnamese in known:
        return vietnamese, "vietnamese"
    close = closest(lowered, known)
    return (close, "close") if close else (None, "")


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


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
