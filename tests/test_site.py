"""The built site, read as HTML: pages exist, figures match `tiendo stats`, texts are shown and
hostile text never becomes markup. (The browser tests are in test_site_browser.py.)"""

from __future__ import annotations

import gzip
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from conftest import EXAMPLE, FIXTURES, REPO, TODAY, write

from generator.check import check
from generator.site.build import DataError, build_site
from generator.site.text import fold, markdown_html, safe_title
from generator.stats.engine import compute_all


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text with whitespace collapsed (tags removed, entities decoded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def bundled():
    data, problems = check(EXAMPLE, TODAY)
    assert not [p for p in problems if p.is_error]
    return data, compute_all(data)["kh-17-tu"]


def test_every_section_and_item_page_exists(built_site, bundled):
    data, timeline = bundled
    for url in ("", "nhiem-vu", "co-quan", "ky-bao-cao", "chi-tieu", "kho-khan-kien-nghi", "tai-ve", "huong-dan",
                "huong-dan/quy-tac", "huong-dan/mau-bao-cao"):
        assert (built_site / url / "index.html").is_file(), url
    plan = data.plans["kh-17-tu"].plan
    for task in plan.tasks:
        assert (built_site / "nhiem-vu" / task.id / "index.html").is_file()
    for agency in timeline.agencies:
        assert (built_site / "co-quan" / agency / "index.html").is_file()
    for period in ("2017-Q1", "2018-Q3", "2019-Q1"):
        assert (built_site / "ky-bao-cao" / period / "index.html").is_file()
    assert not (built_site / "ky-bao-cao" / "2019-Q2").exists()  # nothing reported after 2019-Q1


def test_home_figures_match_tiendo_stats(built_site, bundled):
    _, timeline = bundled
    totals = timeline.at("2019-Q1").totals
    home = text_of(page(built_site, ""))
    assert "Số liệu đến Quý I/2019 (chốt ngày 14/03/2019)" in home
    assert f"Hoàn thành {totals.completion_rate:.1f}%".replace(".", ",") in home
    assert "Tiến độ bình quân 74,4%" in home and "Quá hạn 5" in home
    assert "Báo cáo đúng hạn 6/8" in home


def test_overdue_table_lists_each_overdue_task_with_days(built_site, bundled):
    _, timeline = bundled
    grid = timeline.grid
    overdue = grid[(grid["n"] == timeline.index("2019-Q1")) & (grid["category"] == "overdue")]["task"]
    home = page(built_site, "")
    section = home.split('id="nhiem-vu-qua-han"', 1)[1].split("<h2", 1)[0]
    for task in overdue:
        assert f'href="nhiem-vu/{task}/"' in section
    assert "257" in text_of(section)  # 2.4: due 30/06/2018, R = 14/03/2019


def test_period_page_shows_the_figures_of_that_period(built_site, bundled):
    _, timeline = bundled
    totals = timeline.at("2018-Q2").totals
    text = text_of(page(built_site, "ky-bao-cao/2018-Q2"))
    assert f"Tổng số nhiệm vụ {totals.tasks}" in text
    assert f"Quá hạn {totals.overdue}" in text
    assert "Tỷ lệ hoàn thành 26,7%" in text


def test_every_entry_text_appears_on_its_task_page(built_site, bundled):
    data, _ = bundled
    for update in data.updates:
        for entry in update.model.entries:
            shown = text_of(page(built_site, f"nhiem-vu/{entry.task}"))
            for text in (entry.result, entry.obstacles, entry.proposals):
                if text:
                    assert text_of(str(markdown_html(text))) in shown, (update.doc.path, entry.task)


def test_obstacles_page_lists_every_obstacle_and_proposal_newest_first(built_site, bundled):
    data, _ = bundled
    markup = page(built_site, "kho-khan-kien-nghi")
    notes = re.findall(r'<section class="tiendo-note" data-kind="(\w+)"', markup)
    expected = sum(bool(u.model.obstacles) + bool(u.model.proposals) +
                   sum(bool(e.obstacles) + bool(e.proposals) for e in u.model.entries) for u in data.updates)
    assert len(notes) == expected
    periods = re.findall(r"<strong>(Quý [IV]+/\d{4})</strong>", markup)
    order = [(int(p[-4:]), ["I", "II", "III", "IV"].index(p.split()[1].split("/")[0])) for p in periods]
    assert order == sorted(order, reverse=True)


def test_downloads_and_schemas_are_published(built_site):
    markup = page(built_site, "tai-ve")
    for name in ("tiendo.xlsx", "tiendo.json", "tiendo-entries.csv", "tiendo-statistics.csv"):
        assert f'href="../tai-ve/{name}"' in markup and (built_site / "tai-ve" / name).stat().st_size > 0
    for name in ("agencies", "plan", "update"):
        assert (built_site / "schemas" / f"{name}.schema.json").is_file()


def test_rule_catalogue_page_lists_every_rule(built_site):
    from generator.data.rules import RULES

    markup = page(built_site, "huong-dan/quy-tac")
    for code in RULES:
        assert f'id="{code}"' in markup


def test_plotly_is_shipped_once_locally_and_nothing_is_loaded_from_elsewhere(built_site):
    assert (built_site / "assets/javascripts/plotly.min.js").stat().st_size > 1_000_000
    for path in built_site.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="([^"]+)"', markup):
            if url.startswith(("http://", "https://", "//")):
                # only links the reader may follow (documents cited in reports) and the canonical
                # address, never a resource the browser loads
                followed = rf'<a [^>]*href="{re.escape(url)}"|<link rel="canonical" href="{re.escape(url)}"'
                assert re.search(followed, markup), (path, url)
        assert "fonts.googleapis" not in markup and "cdn." not in markup


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def test_every_internal_link_resolves(built_site):
    """Links written as raw HTML are not checked by MkDocs, so check them all here."""
    ids: dict[Path, set[str]] = {}
    links: dict[Path, list[str]] = {}
    for path in built_site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        ids[path], links[path] = parser.ids, parser.links
    broken = []
    for path, hrefs in links.items():
        base = "http://site/" + path.relative_to(built_site).as_posix()
        for href in hrefs:
            url = urlparse(urljoin(base, href))
            if url.netloc != "site":
                continue
            target = built_site / unquote(url.path.lstrip("/"))
            if url.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append((path.relative_to(built_site).as_posix(), href))
            elif url.fragment and target.suffix == ".html" and url.fragment not in ids.get(target, set()):
                broken.append((path.relative_to(built_site).as_posix(), href))
    assert broken == []


def test_task_page_is_small(built_site):
    size = len(gzip.compress((built_site / "nhiem-vu/2.4/index.html").read_bytes()))
    assert size < 50 * 1024


# --- hostile text ---------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> | # *đậm* {{ x }} <img src=x onerror=alert(2)>"
HOSTILE_MD = """Kết quả **thật**.

<script>alert(3)</script>
<div onclick="alert(4)">bấm</div>
[liên kết](javascript:alert(5)) và ![ảnh](data:image/png;base64,AAAA)
<a href="javascript:alert(6)">x</a> <iframe src="https://evil.example"></iframe>
| cột | {{ y }} |
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    root = work / "data"
    shutil.copytree(FIXTURES / "base", root)
    plan = yaml.safe_load((root / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8"))
    plan["title"] = plan["tasks"][0]["title"] = HOSTILE
    plan["groups"][0]["title"] = HOSTILE
    plan["tasks"][0]["indicators"][0]["name"] = HOSTILE
    write(root, "plans/kh-mau/plan.yaml", yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    agencies = yaml.safe_load((root / "agencies.yaml").read_text(encoding="utf-8"))
    agencies["agencies"][1]["name"] = HOSTILE
    agencies["agencies"][1]["short_name"] = "<b>CA</b>"
    write(root, "agencies.yaml", yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False))
    report = yaml.safe_load((root / "updates/kh-mau/cong-an/2019-Q1.yaml").read_text(encoding="utf-8"))
    report["obstacles"] = report["entries"][0]["result"] = HOSTILE_MD
    report["entries"][0]["documents"] = [{"number": HOSTILE, "title": HOSTILE, "url": "https://example.gov.vn/a?b=<c>"}]
    write(root, "updates/kh-mau/cong-an/2019-Q1.yaml", yaml.safe_dump(report, allow_unicode=True, sort_keys=False))
    site = work / "site"
    build_site(root, REPO / "mkdocs.yml", site, strict=True, today=TODAY, docs_dir=work / "generated")
    return site


class _Markup(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts."""

    def __init__(self):
        super().__init__()
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if tag in ("iframe", "img", "object", "embed") or (tag == "b" and not attrs):
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or value.startswith(("javascript:", "data:")):
                self.bad.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.bad.append(f"<script>{data[:40]}")


def test_hostile_text_never_becomes_markup(hostile_site):
    for path in hostile_site.rglob("*.html"):
        parser = _Markup()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.bad == [], path


def test_hostile_text_is_shown_as_text(hostile_site):
    task = page(hostile_site, "nhiem-vu/1.1")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | # *đậm* {{ x }}" in task
    assert "<strong>thật</strong>" in task  # Markdown still works
    assert "{{ y }}" in task


def test_titles_carry_no_markup_characters(hostile_site):
    title = page(hostile_site, "co-quan/cong-an").split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in html.unescape(title) and ">" not in html.unescape(title)


def test_safe_title_and_fold():
    assert safe_title("<script>x</script> Kiểm soát") == "script x /script Kiểm soát"
    assert fold("Kiểm soát ĐẤT đai") == "kiem soat dat dai"


# --- building ---------------------------------------------------------------------------


def test_invalid_data_builds_nothing_and_keeps_the_previous_site(tmp_path, base_data):
    site = tmp_path / "site"
    build_site(base_data, REPO / "mkdocs.yml", site, today=TODAY, docs_dir=tmp_path / "generated")
    before = {p.relative_to(site) for p in site.rglob("*")}
    write(base_data, "updates/kh-mau/vks/2019-Q1.yaml", "plan: kh-mau\n")
    with pytest.raises(DataError) as caught:
        build_site(base_data, REPO / "mkdocs.yml", site, today=TODAY, docs_dir=tmp_path / "generated")
    assert {p.rule for p in caught.value.problems} >= {"missing-key"}
    assert {p.relative_to(site) for p in site.rglob("*")} == before
    assert not list(tmp_path.glob(".site-*"))  # no staging folder left behind


def test_rebuild_rewrites_only_what_changed(tmp_path, base_data):
    args = (base_data, REPO / "mkdocs.yml", tmp_path / "site")
    first = build_site(*args, today=TODAY, docs_dir=tmp_path / "generated")
    again = build_site(*args, today=TODAY, docs_dir=tmp_path / "generated")
    assert first.changed > 0 and again.changed == 0
    report = base_data / "updates/kh-mau/vks/2019-Q1.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("Tiếp 12 lượt", "Tiếp 15 lượt"), encoding="utf-8")
    third = build_site(*args, today=TODAY, docs_dir=tmp_path / "generated")
    assert 0 < third.changed < first.changed


def test_two_plans_get_a_plan_index(tmp_path, base_data):
    plan = (base_data / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    write(base_data, "plans/kh-hai/plan.yaml", plan.replace("id: kh-mau", "id: kh-hai").replace("01-KH/TU", "02-KH/TU"))
    site = tmp_path / "site"
    build_site(base_data, REPO / "mkdocs.yml", site, strict=True, today=TODAY, docs_dir=tmp_path / "generated")
    index = page(site, "")
    assert 'href="kh-mau/"' in index and 'href="kh-hai/"' in index
    assert "01-KH/TU" in index and "02-KH/TU" in index
    assert (site / "kh-mau/nhiem-vu/1.1/index.html").is_file() and (site / "kh-hai/nhiem-vu/1.1/index.html").is_file()
    assert "Chưa có cơ quan nào báo cáo" in page(site, "kh-hai/nhiem-vu/1.1")
