"""Stage 5, build: the whole pipeline, load → validate → compute → render → engine (MkDocs or Zensical).

The site is built into a temporary folder next to the target and swapped in
only when the engine succeeds, so a failed build never leaves a half-written
site nor destroys the last good one.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load

from generator.check import check
from generator.data.load import Dataset
from generator.data.problems import Problem, has_errors
from generator.formatting import vi_number
from generator.git.history import load_history
from generator.outputs.export import export_names, tables, write_tables
from generator.outputs.forms.on_site import SiteForm, site_forms, write_site_forms
from generator.outputs.new_update import Draft
from generator.outputs.report import write_reports
from generator.outputs.tables import Table
from generator.site import engines
from generator.site.background import Background, BackgroundError, Work
from generator.site.pages import Page, common_pages, example_update, plan_pages
from generator.site.pages.agencies import AgencyPage
from generator.site.render import GeneratedFolder
from generator.site.sitemap import navigation
from generator.site.views import PlanView, plan_view
from generator.stats.engine import Timeline, compute_all
from generator.vocabulary import DOWNLOAD_DESCRIPTIONS


class DataError(Exception):
    """The data has errors: nothing was built."""

    def __init__(self, data: Dataset, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} errors")
        self.data = data
        self.problems = problems


class BuildError(Exception):
    """The engine could not build the site (the previous site is left untouched)."""


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    changed: int
    removed: int
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _nav(views: list[PlanView]) -> list:
    return navigation([(view.plan.code, view.paths.prefix) for view in views])


class _Clock:
    """Seconds spent in each stage."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self._last
        self._last = now


@dataclass
class Prepared:
    """The pages of the site, rendered into the generated docs folder."""

    data: Dataset
    warnings: list[Problem]
    nav: list
    pages: list[Page]
    works: list[Work]  # what writes the download files (background.py)
    summary: dict = field(default_factory=dict)  # what rendering did (GeneratedFolder.finish)


@dataclass
class _Computed:
    """Valid data and what both the pages and the download files are made from."""

    data: Dataset
    warnings: list[Problem]
    timelines: dict[str, Timeline]
    frames: dict[str, Table]  # the download tables
    forms: dict[tuple[str, str], tuple[SiteForm, Draft]]  # each agency's next report form


def _compute(data_dir: Path, today: date, stage: Callable[[str], None], clock: _Clock) -> _Computed:
    """Validate and compute (raises DataError), then the download tables and the forms' names."""
    stage("Đọc và kiểm tra dữ liệu")
    data, problems = check(data_dir, today)
    if has_errors(problems):
        raise DataError(data, problems)
    clock.lap("validate")
    stage("Tính số liệu thống kê")
    timelines = compute_all(data)
    computed = _Computed(data, problems, timelines, tables(data, list(timelines.values())), site_forms(data, today))
    clock.lap("compute")
    return computed


def _downloads(computed: _Computed, today: date) -> list[Work]:
    """The works that write the download files (the pages link to them by name only)."""
    data, timelines, frames, forms = computed.data, computed.timelines, computed.frames, computed.forms
    return [
        Work("các tệp tải về (CSV, Excel, JSON)", lambda out: write_tables(frames, out / "tai-ve")),
        Work("các báo cáo tổng hợp (Word)", lambda out: write_reports(data, timelines, out / "tai-ve")),
        Work("các biểu mẫu báo cáo (Excel, YAML)", lambda out: write_site_forms(forms.values(), today, out)),
    ]


def _pages(computed: _Computed, works: list[Work], clock: _Clock) -> Prepared:
    data, timelines, frames = computed.data, computed.timelines, computed.frames
    single = len(data.plans) == 1
    history = load_history(data.root)
    views = [plan_view(data, plan, timelines[plan.plan.id], "" if single else f"{plan.plan.id}/", history)
             for plan in data.plans.values()]
    downloads = [(name, DOWNLOAD_DESCRIPTIONS.get(name, ""), _rows(name, frames)) for name in export_names(frames)]
    pages: list[Page] = [page for view in views for page in plan_pages(view, single)]
    pages += common_pages(views, downloads, example_update(data, views))
    for page in pages:  # each agency's page links to its next report form
        if isinstance(page.context, AgencyPage):
            form = computed.forms.get((page.context.plan.id, page.context.agency.id))
            page.context.form = form[0] if form else None
    clock.lap("pages")
    return Prepared(data, computed.warnings, _nav(views), pages, works)


def prepare(data_dir: Path, config_file: Path, *, today: date, docs_dir: Path | None = None,
            stage: Callable[[str], None] = lambda _: None, clock: _Clock | None = None,
            folder: GeneratedFolder | None = None) -> Prepared:
    """Validate, compute and render the pages into the generated docs folder. Raises DataError.

    Pages go to mkdocs.yml's `docs_dir` (or `docs_dir` given here), together with the hand-written
    sources of its parent folder (`docs/`); the download files are left to `Prepared.works`. `folder` is
    the docs folder of an earlier call (the live preview's): only the pages whose inputs changed are
    rendered.
    """
    clock = clock or _Clock()
    computed = _compute(data_dir, today, stage, clock)
    prepared = _pages(computed, _downloads(computed, today), clock)
    prepared.summary = _render(prepared, folder or generated_folder(config_file, docs_dir), stage, clock)
    return prepared


def _render(prepared: Prepared, folder: GeneratedFolder, stage: Callable[[str], None], clock: _Clock) -> dict:
    """Write the pages and the hand-written sources into the generated docs folder; what it did."""
    stage("Tạo các trang")
    folder.write_pages(prepared.pages)
    folder.write_static()
    summary = folder.finish()
    clock.lap("render")
    return summary


def generated_folder(config_file: Path, docs_dir: Path | None = None) -> GeneratedFolder:
    """The generated docs folder: mkdocs.yml's `docs_dir` or the one given; its static sources are its parent's."""
    configured = _docs_dir(config_file)
    generated = (docs_dir or configured).resolve()
    generated.mkdir(parents=True, exist_ok=True)
    return GeneratedFolder(generated, configured.parent)


def build_site(data_dir: Path, config_file: Path, site_dir: Path | None = None, *, strict: bool = False,
               today: date, stage: Callable[[str], None] = lambda _: None,
               docs_dir: Path | None = None, engine: str = "mkdocs") -> BuildResult:
    """Validate, compute, render and build into `site_dir` (default: mkdocs.yml's) with `engine` (engines.NAMES).

    The download files are written by a child process (background.py) from the moment the statistics
    are known, while this process makes and renders the pages and the engine builds the site. Raises
    EngineMissing (before anything else), DataError, BuildError; the site is replaced only when everything
    succeeded.
    """
    engines.require(engine)
    config_file = config_file.resolve()
    clock = _Clock()
    computed = _compute(data_dir, today, stage, clock)
    final = site_dir.resolve() if site_dir else _setting(config_file, "site_dir", "site")
    staging = None
    try:
        works = _downloads(computed, today)
        with Background(works) as background:
            prepared = _pages(computed, works, clock)
            folder = generated_folder(config_file, docs_dir)
            summary = _render(prepared, folder, stage, clock)

            stage(f"Dựng trang web ({engines.NAMES[engine]})")
            final.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
            engines.build(engine, folder.out, prepared.nav, config_file, staging, strict)
            clock.lap(engine)
            stage("Ghi các tệp tải về")
            for path in background.files():
                (staging / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(background.folder / path, staging / path)
            clock.lap(f"exports (after {engines.NAMES[engine]})")
    except (engines.EngineError, BackgroundError, OSError) as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(exc)) from exc
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, final)
    return BuildResult(final, summary["pages"], summary["changed"], summary["removed"], prepared.warnings,
                       clock.timings)


def _rows(name: str, frames: dict) -> str:
    table = name.removeprefix("tiendo-").removesuffix(".csv")
    if table in frames:
        return f"{vi_number(len(frames[table]))} dòng"
    return "mọi bảng"


def _docs_dir(config_file: Path) -> Path:
    """mkdocs.yml's docs_dir (where pages are generated), read before MkDocs insists it exists."""
    return _setting(config_file, "docs_dir", "docs")


def _setting(config_file: Path, key: str, default: str) -> Path:
    """A folder named in mkdocs.yml, relative to it, as MkDocs and Zensical read it."""
    try:
        with config_file.open("rb") as handle:
            raw = yaml_load(handle) or {}
    except (OSError, MkDocsException, yaml.YAMLError) as exc:
        raise BuildError(f"không đọc được {config_file.name}: {exc}") from exc
    return (config_file.parent / raw.get(key, default)).resolve()


def _swap(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with renames only (the old site disappears last)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-old-{staging.name}")
        final.rename(old)
    staging.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

