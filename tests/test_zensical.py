"""`tiendo build --engine zensical`: the same site as MkDocs builds, with the same guarantees (the old site
is kept when a build fails, --strict fails on a broken link, downloads copied in, SITE_URL), and a clear
message when Zensical is not installed. Tests that take `engine` run for both engines.

The browser checks of the Zensical site are in test_site_browser.py, which runs on both engines.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, TODAY, require_zensical, tiendo

from generator.site.build import BuildError, build_site
from generator.site.engines import zensical_config

BROKEN_LINK = "\n\nXem thêm [trang đã bỏ](trang-da-bo.md).\n"


def article(page: Path) -> str:
    """The text of a page's content (the theme around it aside), whitespace collapsed."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      page.read_text(encoding="utf-8"), re.S)
    assert match, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match[1])).split())


def figures(page: Path) -> list[str]:
    """The chart data of a page, as written into its `data-figure` attributes."""
    return re.findall(r'data-figure="([^"]*)"', page.read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site settings and hand-written pages (mkdocs.yml, docs/), with the tiny plan as data/."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(FIXTURES / "base", root / "data")
    return root


def build(project: Path, engine: str, **options) -> Path:
    """Build `project` with `engine` into project/site (mkdocs.yml's docs_dir and site_dir)."""
    result = build_site(project / "data", project / "mkdocs.yml", today=TODAY, engine=engine, **options)
    return result.site_dir


def leftovers(folder: Path) -> list[str]:
    """Temporary files and folders of a build (staging, generated config) still in `folder`."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site-", ".tiendo-zensical-")))


# --- the same site ---------------------------------------------------------------------------------


def test_zensical_builds_every_page_with_the_same_texts_and_figures_as_mkdocs(built_site, zensical_site):
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(zensical_site) for p in zensical_site.rglob("*.html"))
    assert len(pages) > 60
    for relative in pages:
        assert article(zensical_site / relative) == article(built_site / relative), relative
        assert figures(zensical_site / relative) == figures(built_site / relative), relative
    assert figures(zensical_site / "nhiem-vu/2.4/index.html")  # the comparison covers charts


def test_zensical_site_has_the_downloads_and_the_classic_look(built_site, zensical_site):
    downloads = sorted(p.name for p in (built_site / "tai-ve").iterdir())
    assert sorted(p.name for p in (zensical_site / "tai-ve").iterdir()) == downloads
    for name in downloads:
        if name.endswith((".csv", ".json")):
            assert (zensical_site / "tai-ve" / name).read_bytes() == (built_site / "tai-ve" / name).read_bytes()
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    # Material's look (tiendo.css is written for it) unless mkdocs.yml sets theme.variant
    assert re.search(r'href="\./assets/stylesheets/classic/main\.[0-9a-f]+\.min\.css"', home)
    assert "assets/tiendo.css" in home and "assets/javascripts/plotly.min.js" in home


def test_site_url_sets_the_canonical_addresses(engine, project, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://noibo.example.gov.vn/tiendo/")
    site = build(project, engine, strict=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://noibo.example.gov.vn/tiendo/">' in home
    locations = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locations and all(u.startswith("https://noibo.example.gov.vn/tiendo/") for u in locations)


# --- strict mode and the old site ---------------------------------------------------------------


def test_strict_build_with_a_broken_link_fails_and_keeps_the_old_site(engine, project):
    site = build(project, engine, strict=True)
    (site / "ghi-chu.txt").write_text("trang web cũ", encoding="utf-8")
    home = (site / "index.html").read_bytes()
    with (project / "docs/huong-dan/index.md").open("a", encoding="utf-8") as page:
        page.write(BROKEN_LINK)

    with pytest.raises(BuildError) as failure:
        build(project, engine, strict=True)
    if engine == "zensical":  # Zensical's report says where; MkDocs logs it and says how many
        assert "huong-dan/index.md:" in str(failure.value) and "trang-da-bo.md" in str(failure.value)
    assert (site / "ghi-chu.txt").read_text(encoding="utf-8") == "trang web cũ"
    assert (site / "index.html").read_bytes() == home
    assert leftovers(project) == []


def test_cli_says_which_engine_failed_and_that_the_old_site_is_kept(project):
    require_zensical()
    with (project / "docs/huong-dan/index.md").open("a", encoding="utf-8") as page:
        page.write(BROKEN_LINK)
    run = tiendo("build", "--data", "data", "--engine", "zensical", "--strict", cwd=project)
    assert run.returncode == 2
    assert "Zensical không dựng được trang web (" in run.stderr
    assert "page does not exist" in run.stderr and "trang-da-bo.md" in run.stderr
    assert "trang web cũ (nếu có) được giữ nguyên" in run.stderr
    assert not (project / "site").exists()

    run = tiendo("build", "--data", "data", "--engine", "zensical", cwd=project)  # not strict: a warning
    assert run.returncode == 0, run.stderr
    assert "Đã dựng trang web" in run.stdout
    assert "trang-da-bo.md" in run.stderr
    assert (project / "site/nhiem-vu/index.html").is_file()


def test_without_strict_a_broken_link_is_a_warning_naming_its_page(engine, project):
    with (project / "docs/huong-dan/index.md").open("a", encoding="utf-8") as page:
        page.write(BROKEN_LINK)
    logger = logging.getLogger("tiendo" if engine == "zensical" else "mkdocs")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger.addHandler(handler)
    try:
        assert (build(project, engine) / "huong-dan/index.html").is_file()
    finally:
        logger.removeHandler(handler)
    messages = "\n".join(r.getMessage() for r in records)
    assert "huong-dan/index.md" in messages and "trang-da-bo.md" in messages


# --- where Zensical works ------------------------------------------------------------------------


def test_zensical_leaves_only_its_cache_and_rebuilds_the_whole_site_from_it(project):
    require_zensical()
    site = build(project, "zensical", strict=True)
    first = sorted(p.relative_to(site) for p in site.rglob("*"))
    # mkdocs.yml's folder is Zensical's project folder, as for `zensical build`: its cache goes there
    assert sorted(p.name for p in project.iterdir()) == [".cache", "data", "docs", "mkdocs.yml", "site"]
    build(project, "zensical", strict=True)  # the cache is used: the new site is still complete
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == first


def test_zensical_builds_into_a_site_folder_outside_its_project_folder(tmp_path, base_data):
    require_zensical()
    docs = tmp_path / "lam-viec" / "generated"
    site = tmp_path / "xuat-ban" / "site"
    build_site(base_data, REPO / "mkdocs.yml", site, strict=True, today=TODAY, docs_dir=docs, engine="zensical")
    assert (site / "index.html").is_file() and (site / "tai-ve" / "tiendo.xlsx").is_file()
    assert sorted(p.name for p in docs.parent.iterdir()) == [".cache", "generated"]
    assert leftovers(site.parent) == []


def test_theme_settings_of_mkdocs_yml_reach_zensical(engine, project):
    """A relative `custom_dir` is read from mkdocs.yml's folder and `theme.variant` is kept, as written."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: docs/overrides\n  variant: modern\n")
    assert "custom_dir: docs/overrides" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "docs/overrides").mkdir()
    (project / "docs/overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Thông báo của văn phòng{% endblock %}\n', encoding="utf-8")
    home = (build(project, engine, strict=True) / "index.html").read_text(encoding="utf-8")
    assert "Thông báo của văn phòng" in home
    if engine == "zensical":
        assert "assets/stylesheets/modern/main." in home


def test_generated_config_inherits_mkdocs_yml_and_adds_the_navigation(tmp_path):
    nav = [{"Tổng quan": "index.md"}, {"Hướng dẫn": [{"Gửi báo cáo": "huong-dan/index.md"}]}]
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: X\ntheme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8")
    config = zensical_config(tmp_path, tmp_path / "docs" / "generated", nav, config_file, tmp_path / ".site-1")
    assert config == {"INHERIT": str(config_file), "docs_dir": "docs/generated", "site_dir": ".site-1", "nav": nav,
                      "theme": {"custom_dir": str(tmp_path / "overrides"), "variant": "classic"}}


# --- Zensical not installed ------------------------------------------------------------------------


def test_asking_for_zensical_when_it_is_not_installed_exits_2_before_building(project, monkeypatch):
    monkeypatch.setitem(sys.modules, "zensical", None)  # how Python marks a module that cannot be imported
    run = tiendo("build", "--data", "data", "--engine", "zensical", cwd=project)
    assert run.returncode == 2
    assert run.stderr.split() == (
        "Không thực hiện được: chưa cài Zensical. Cài bằng `pip install -e '.[zensical]'` (từ thư mục gốc của "
        "kho) rồi chạy lại, hoặc bỏ `--engine zensical` để dựng bằng MkDocs.").split()
    assert sorted(p.name for p in project.iterdir()) == ["data", "docs", "mkdocs.yml"]  # nothing generated


def test_engine_must_be_mkdocs_or_zensical(project):
    run = tiendo("build", "--data", "data", "--engine", "hugo", cwd=project)
    assert run.returncode == 2
    assert "hugo" in run.stderr and "mkdocs" in run.stderr and "zensical" in run.stderr
