"""Stage 5, build: the whole pipeline, load → validate → compute → render → engine (MkDocs or Zensical).

The site is built into a temporary folder next to the target and swapped in
only when the engine succeeds, so a failed build never leaves a half-written
site nor destroys the last good one.
"""

from __future__ import annotations

import multiprocessing
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
from generator.outputs.forms_site import write_site_forms
from generator.outputs.report import write_reports
from generator.outputs.report.job import ReportJob
from generator.site import engines
from generator.site.pages import Page, common_pages, example_update, plan_pages
from generator.site.pages.agencies import AgencyPage
from generator.site.render import render_site
from generator.site.sitemap import navigation
from generator.site.views import PlanView, plan_view
from generator.stats.engine import compute_all

EXPORT_DESCRIPTIONS = {
    "tiendo.xlsx": "Tất cả các bảng trong một tệp Excel, mỗi bảng một trang tính; ngày tháng và số liệu là ngày, "
                   "số thật",
    "tiendo.json": "Tất cả các bảng, dạng JSON",
    "tiendo-plans.csv": "Kế hoạch: số, ký hiệu, tên, cơ quan ban hành và theo dõi, thời gian, chu kỳ báo cáo",
    "tiendo-tasks.csv": "Nhiệm vụ: nhóm, nội dung, cơ quan chủ trì và phối hợp, thời hạn, ngày giao, số lần gia hạn, "
                        "chỉ tiêu",
    "tiendo-extensions.csv": "Các lần gia hạn: thời hạn cũ, thời hạn mới, ngày và văn bản quyết định, lý do",
    "tiendo-reports.csv": "Báo cáo: mỗi dòng một tệp báo cáo của một cơ quan trong một kỳ, với kết quả chung, "
                          "khó khăn, kiến nghị, ngày gửi, gửi đúng hạn hay không, các lần sửa đổi",
    "tiendo-entries.csv": "Kết quả từng nhiệm vụ trong các báo cáo: mỗi dòng một cơ quan × kỳ × nhiệm vụ, với "
                          "tình trạng, tiến độ, thời hạn tại kỳ đó, văn bản",
    "tiendo-documents.csv": "Văn bản được dẫn trong các báo cáo: số, ký hiệu, ngày, trích yếu, đường dẫn",
    "tiendo-values.csv": "Số liệu chỉ tiêu các cơ quan báo cáo: mỗi dòng một giá trị",
    "tiendo-states.csv": "Tình trạng từng nhiệm vụ ở từng kỳ: phân loại, tiến độ, thời hạn tại kỳ đó",
    "tiendo-statistics.csv": "Số liệu thống kê từng kỳ: toàn kế hoạch, từng nhóm, từng cơ quan (và việc gửi báo cáo)",
    "tiendo-indicators.csv": "Chỉ tiêu từng kỳ: báo cáo trong kỳ, giá trị lũy kế hoặc mới nhất, mục tiêu",
}


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
    """The generated docs folder, ready for MkDocs."""

    data: Dataset
    warnings: list[Problem]
    nav: list
    generated: Path
    summary: dict
    frames: dict  # the download tables, written by the caller


def prepare(data_dir: Path, config_file: Path, *, today: date, docs_dir: Path | None = None,
            stage: Callable[[str], None] = lambda _: None, clock: _Clock | None = None,
            exports_into: Path | None = None) -> Prepared:
    """Validate, compute and render the pages into the generated docs folder. Raises DataError.

    Pages go to mkdocs.yml's `docs_dir` (or `docs_dir` given here), together with the
    hand-written sources of its parent folder (`docs/`). With `exports_into`, the download
    files are written there too (the live preview); otherwise the caller writes `frames`.
    """
    clock = clock or _Clock()
    stage("Đọc và kiểm tra dữ liệu")
    data, problems = check(data_dir, today)
    if has_errors(problems):
        raise DataError(data, problems)
    clock.lap("validate")

    stage("Tính số liệu thống kê")
    timelines = compute_all(data)
    clock.lap("compute")

    stage("Tạo các trang")
    generated = (docs_dir or _docs_dir(config_file)).resolve()
    generated.mkdir(parents=True, exist_ok=True)
    static = _docs_dir(config_file).parent
    single = len(data.plans) == 1
    history = load_history(data.root)
    views = [plan_view(data, plan, timelines[plan.plan.id], "" if single else f"{plan.plan.id}/", history)
             for plan in data.plans.values()]
    frames = tables(data, list(timelines.values()))
    downloads = [(name, EXPORT_DESCRIPTIONS.get(name, ""), _rows(name, frames)) for name in export_names(frames)]
    pages: list[Page] = [page for view in views for page in plan_pages(view, single)]
    pages += common_pages(views, downloads, example_update(data, views))
    extra = {f"schemas/{p.name}": p for p in (static / "schemas").glob("*.json")}
    if exports_into is not None:
        extra.update({f"tai-ve/{p.name}": p for p in write_tables(frames, exports_into)})
        extra.update({f"tai-ve/{p.name}": p for p in write_reports(data, timelines, exports_into)})
    with tempfile.TemporaryDirectory(prefix="tiendo-forms-") as forms_dir:
        extra.update(_report_forms(pages, data, today, Path(forms_dir)))
        summary = render_site(pages, generated, static, extra)
    clock.lap("render")
    return Prepared(data, problems, _nav(views), generated, summary, frames)


def build_site(data_dir: Path, config_file: Path, site_dir: Path | None = None, *, strict: bool = False,
               today: date, stage: Callable[[str], None] = lambda _: None,
               docs_dir: Path | None = None, engine: str = "mkdocs") -> BuildResult:
    """Validate, compute, render and build into `site_dir` (default: mkdocs.yml's) with `engine` (engines.NAMES).

    Raises EngineMissing (before anything else), DataError, BuildError.
    """
    engines.require(engine)
    config_file = config_file.resolve()
    clock = _Clock()
    prepared = prepare(data_dir, config_file, today=today, docs_dir=docs_dir, stage=stage, clock=clock)
    exports_dir = Path(tempfile.mkdtemp(prefix="tiendo-export-"))
    exports = _Exports(prepared.frames, exports_dir)
    reports = ReportJob(prepared.data)  # the compiled report of every shown period, written meanwhile

    stage(f"Dựng trang web ({engines.NAMES[engine]})")
    final = site_dir.resolve() if site_dir else _setting(config_file, "site_dir", "site")
    staging = None
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
        engines.build(engine, prepared.generated, prepared.nav, config_file, staging, strict)
        clock.lap(engine)
        stage("Ghi các tệp tải về")
        for path in [*exports.files(), *reports.files()]:
            shutil.copy2(path, staging / "tai-ve" / path.name)
        clock.lap(f"exports (after {engines.NAMES[engine]})")
    except (engines.EngineError, OSError) as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(exc)) from exc
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        exports.wait()
        reports.close()
        shutil.rmtree(exports_dir, ignore_errors=True)
    _swap(staging, final)
    summary = prepared.summary
    return BuildResult(final, summary["pages"], summary["changed"], summary["removed"], prepared.warnings,
                       clock.timings)


def _report_forms(pages: list[Page], data: Dataset, today: date, into: Path) -> dict[str, Path]:
    """Each agency's next report form (Excel and YAML), written into `into` and linked from its page."""
    forms = write_site_forms(data, today, into)
    for page in pages:
        if isinstance(page.context, AgencyPage):
            page.context.form = forms.get((page.context.plan.id, page.context.agency.id))
    return {path: into / path for form in forms.values() for path in form.files}


def _rows(name: str, frames: dict) -> str:
    table = name.removeprefix("tiendo-").removesuffix(".csv")
    if table in frames:
        return f"{vi_number(len(frames[table]))} dòng"
    return "mọi bảng"


class _Exports:
    """The download files, written by a forked child (the second core) while MkDocs works.

    Where fork is not available they are simply written at once.
    """

    def __init__(self, frames: dict, out: Path) -> None:
        self.out = out
        self._process = None
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            write_tables(frames, out)
            return
        self._process = context.Process(target=write_tables, args=(frames, out), daemon=True)
        self._process.start()

    def wait(self) -> int:
        """Wait for the child; its exit code (0 when written inline)."""
        if self._process is None:
            return 0
        self._process.join()
        return self._process.exitcode

    def files(self) -> list[Path]:
        code = self.wait()
        if code != 0:
            raise BuildError(f"không ghi được các tệp tải về (mã lỗi {code})")
        return sorted(self.out.iterdir())


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

