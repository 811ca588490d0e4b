"""Shared fixtures: tiny valid data folders built in temporary directories."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.check import check

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
TODAY = date(2026, 1, 1)


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled data's site, built once per test session into a temporary folder (strict MkDocs)."""
    from generator.site.build import build_site

    work = tmp_path_factory.mktemp("site")
    site = work / "site"
    build_site(REPO / "data", REPO / "mkdocs.yml", site, strict=True, today=TODAY, docs_dir=work / "generated")
    return site
