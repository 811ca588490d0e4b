"""Shared fixtures: the tests' own data (never the bundled `data/`), and `tiendo` run in-process.

`tests/fixtures/example` is a frozen copy of the illustrative Plan 17-KH/TU data whose figures the
tests work out by hand; `tests/fixtures/base` is a tiny plan for focused cases. An office that
replaces `data/` with its own plan keeps a green test run: only `test_bundled_data.py` reads `data/`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.check import check

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "example"
REPO = Path(__file__).parent.parent
TODAY = date(2026, 1, 1)
# Programs some tests drive, from Debian packages that `.ci/run` installs. In CI (`CI` set) they are
# required: a missing one fails its tests. Elsewhere their tests are skipped with one reason each.
TOOLS = {
    "browser": ("/usr/bin/chromium", "chromium"),
    "office": ("/usr/bin/soffice", "libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils"),
}
ENV = {"TIENDO_TODAY": TODAY.isoformat(), "NO_COLOR": "1", "COLUMNS": "200"}


def libreoffice(kind: str, *sources: Path, out: Path, work: Path) -> None:
    """LibreOffice converts `sources` to `kind` (pdf, xlsx) into `out`, with a profile of its own under
    `work` (another LibreOffice running on the machine would otherwise take the job, or block it)."""
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'libreoffice-profile').as_uri()}", "--headless",
                    "--convert-to", kind, "--outdir", str(out), *map(str, sources)], check=True,
                   capture_output=True, timeout=300)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def tiendo(*args: str, cwd: Path | None = None, env: dict | None = None) -> Run:
    """`tiendo ARGS` run in this process (as typer's CliRunner does), from `cwd`."""
    from generator.cli import app

    with contextlib.chdir(cwd or REPO):
        result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})}, catch_exceptions=False,
                                    prog_name="tiendo")
    return Run(result.exit_code, result.stdout, result.stderr)


def tiendo_process(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`tiendo ARGS` as a real process, for the few smoke tests that need one."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env={**os.environ, **ENV, **(env or {})},
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/base (valid: 3 agencies, plan kh-mau, 3 reports) as `<tmp>/data`."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", root)
    return root


def problems_of(root: Path, today: date = TODAY):
    """Every problem of a data folder, as (rule, file relative to data/, line) plus the objects."""
    _, problems = check(root, today)
    return problems


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def built(data: Path, work: Path, *, strict: bool = False, engine: str = "mkdocs") -> Path:
    """`data`'s site, built with the repository's mkdocs.yml into `work/site` (pages in `work/generated`)."""
    from generator.site.build import build_site

    build_site(data, REPO / "mkdocs.yml", work / "site", strict=strict, today=TODAY, docs_dir=work / "generated",
               engine=engine)
    return work / "site"


def build_example(tmp_path_factory, engine: str) -> Path:
    """The example data's site built by `engine` (strict) into a new temporary folder."""
    return built(EXAMPLE, tmp_path_factory.mktemp(f"site-{engine}"), strict=True, engine=engine)


def require_zensical() -> None:
    """Zensical is an optional extra: its tests are skipped where it is not installed, required in CI."""
    import importlib.util

    if importlib.util.find_spec("zensical") is None:
        reason = "Zensical is not installed (pip install -e '.[zensical]'); `bash .ci/run` installs it"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example data's site, built once per test session into a temporary folder (strict MkDocs)."""
    return build_example(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The same, built by Zensical (skipped where it is not installed, outside CI)."""
    require_zensical()
    return build_example(tmp_path_factory, "zensical")


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def engine(request) -> str:
    """Each site engine in turn: tests that take it (or `engine_site`) run once per engine."""
    if request.param == "zensical":
        require_zensical()
    return request.param


@pytest.fixture(scope="session")
def engine_site(request, engine: str) -> Path:
    """The example data's site built by `engine`: `built_site`, then `zensical_site`."""
    return request.getfixturevalue({"mkdocs": "built_site", "zensical": "zensical_site"}[engine])


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line("markers", "office: renders documents with LibreOffice and poppler")


def _missing() -> dict[str, str]:
    return {marker: f"{path} is missing (apt-get install {package}); `bash .ci/run` installs it"
            for marker, (path, package) in TOOLS.items() if not Path(path).is_file()}


def pytest_collection_modifyitems(config, items) -> None:
    if os.environ.get("CI"):
        return
    for marker, reason in _missing().items():
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


def pytest_report_header(config) -> list[str]:
    missing = _missing()
    if not missing:
        return []
    what = "failing: CI is set" if os.environ.get("CI") else "skipping their tests"
    return [f"{marker} tests: {reason} ({what})" for marker, reason in missing.items()]
