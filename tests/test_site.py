"""The built site, read as HTML: pages exist, figures match `tiendo stats`, texts are shown and
hostile text never becomes markup. (The browser tests are in test_site_browser.py.)"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import html
import inspect
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import types
import typing
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import markdown
import pytest
import yaml
from conftest import EXAMPLE, FIXTURES, REPO, TODAY, built, tiendo, write
from jinja2 import nodes
from pydantic import BaseModel

from generator.check import check
from generator.data.rules import RULES
from generator.data.synth import SynthConfig
from generator.data.synth import write as write_synthetic
from generator.formatting import vi_number, vi_percent
from generator.site import sitemap
from generator.site.build import DataError, build_site
from generator.site.charts import SUBMISSION_COLOURS
from generator.site.html_blocks import END, FENCE
from generator.site.pages import CONTEXTS, common_pages, example_update, plan_pages
from generator.site.pages.tasks import TaskPage
from generator.site.render import environment, same_inputs
from generator.site.text import fold, inline_code, markdown_html, safe_title
from generator.site.views import plan_view
from generator.stats.engine import compute_all
from generator.templating import TEMPLATES


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text with whitespace collapsed (tags removed, entities decoded, no space before punctuation)."""
    return re.sub(r" ([,.;:])", r"\1", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()))


def section(markup: str, heading_id: str) -> str:
    """The part of a page from the heading with this id to the next h2."""
    return markup.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]


def rows(markup: str) -> list[str]:
    """The text of each table body row."""
    return [text_of(r) for r in re.findall(r"<tr>(.*?)</tr>", markup, re.S) if "<td" in r]


def stats(data: Path, plan: str, period: str) -> dict:
    """`tiendo stats --format json`, as a user runs it."""
    result = tiendo("stats", "--data", str(data), "--plan", plan, "--period", period, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def vi(value: float | None) -> str:
    return vi_percent(value)


def figures_of(markup: str) -> list[dict]:
    """Every chart's figure on a page."""
    return [json.loads(html.unescape(f)) for f in re.findall(r'data-figure="([^"]*)"', markup)]


@pytest.fixture(scope="module")
def bundled():
    data, problems = check(EXAMPLE, TODAY)
    assert not [p for p in problems if p.is_error]
    return data, compute_all(data)["kh-17-tu"]


def test_every_file_of_the_site_has_the_permissions_of_a_file_the_user_creates(built_site, tmp_path):
    """A web server running as another user can read every page and download (a temporary file's owner-only
    permissions, kept by a rename, once made the compiled reports unreadable to it)."""
    (tmp_path / "plain").write_text("x")
    usual = (tmp_path / "plain").stat().st_mode & 0o777
    odd = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                 if p.is_file() and p.stat().st_mode & 0o777 != usual)
    assert odd == []


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


def test_navigation_and_page_addresses_come_from_the_one_site_map():
    guide = {"Hướng dẫn": [{"Gửi báo cáo": "huong-dan/index.md"}, {"Quy tắc kiểm tra": "huong-dan/quy-tac.md"},
                           {"Mẫu báo cáo": "huong-dan/mau-bao-cao.md"}]}
    site = [{"Lịch sử cập nhật": "lich-su/index.md"}, {"Tải về": "tai-ve/index.md"}, guide]

    def plan(prefix: str) -> list:
        return [{"Tổng quan": f"{prefix}index.md"}, {"Nhiệm vụ": f"{prefix}nhiem-vu/index.md"},
                {"Cơ quan": f"{prefix}co-quan/index.md"}, {"Kỳ báo cáo": f"{prefix}ky-bao-cao/index.md"},
                {"Chỉ tiêu": f"{prefix}chi-tieu/index.md"}, {"Khó khăn, kiến nghị": f"{prefix}kho-khan-kien-nghi/index.md"}]

    assert sitemap.navigation([("01-KH/TU", "")]) == [*plan(""), *site]
    assert sitemap.navigation([("01-KH/TU", "a/"), ("02-KH/TU", "b/")]) == [
        {"Các kế hoạch": "index.md"}, {"Kế hoạch 01-KH/TU": plan("a/")}, {"Kế hoạch 02-KH/TU": plan("b/")}, *site]
    paths = sitemap.Paths("a/")
    assert (paths.task("1.2"), paths.period("2019-Q1"), paths.of("history")) == (
        "a/nhiem-vu/1.2.md", "a/ky-bao-cao/2019-Q1.md", "lich-su/index.md")


# --- every text reaches readers -----------------------------------------------------------------


def test_agency_page_shows_each_report_with_its_summary_obstacles_proposals_reporter_and_dates(built_site, bundled):
    data, _ = bundled
    reports = [u.model for u in data.updates if u.agency_folder == "cong-an-tp"]
    markup = page(built_site, "co-quan/cong-an-tp")
    for report in reports:
        block = text_of(markup.split(f'id="bao-cao-{report.period}"', 1)[1].split("</section>", 1)[0])
        assert f"số liệu đến ngày {report.as_of:%d/%m/%Y}" in block
        assert f"gửi ngày {report.submitted_on:%d/%m/%Y}" in block
        if report.reporter:
            assert f"người báo cáo: {report.reporter}" in block
        for text in (report.summary, report.obstacles, report.proposals):
            if text:
                assert text_of(str(markdown_html(text))) in block, report.period


def test_period_page_shows_each_agency_summary_and_reporter(built_site, bundled):
    data, _ = bundled
    markup = page(built_site, "ky-bao-cao/2019-Q1")
    shown = text_of(section(markup, "ket-qua-chung"))
    submissions = rows(section(markup, "gui-bao-cao"))
    for update in (u for u in data.updates if u.model.period == "2019-Q1"):
        if update.model.summary:
            assert text_of(str(markdown_html(update.model.summary))) in shown, update.agency_folder
        if update.model.reporter:
            assert any(row.endswith(update.model.reporter) for row in submissions), update.model.reporter


def test_every_text_in_the_data_is_on_a_page(built_site, bundled):
    """Plan, groups, tasks, indicators, and every text field of every report, each where a reader looks."""
    data, _ = bundled
    plan = data.plans["kh-17-tu"].plan
    home = text_of(page(built_site, ""))
    assert plan.title in home and plan.issued_by in home
    assert all(g.title in home for g in plan.groups)
    indicators = text_of(page(built_site, "chi-tieu"))
    obstacles = text_of(page(built_site, "kho-khan-kien-nghi"))
    for task in plan.tasks:
        assert task.title in text_of(page(built_site, f"nhiem-vu/{task.id}"))
        assert all(i.name in indicators for i in task.indicators)
    for update in data.updates:
        report = update.model
        agency = text_of(page(built_site, f"co-quan/{update.agency_folder}"))
        for text in (report.summary, report.obstacles, report.proposals, report.reporter,
                     *(r.reason for r in report.revisions)):
            if text:
                assert text_of(str(markdown_html(text))) in agency, (update.doc.path, text[:40])
        for text in (report.obstacles, report.proposals):
            if text:
                assert text_of(str(markdown_html(text))) in obstacles
        for entry in report.entries:
            task = text_of(page(built_site, f"nhiem-vu/{entry.task}"))
            for document in entry.documents:
                assert document.number in task and (document.title or "") in task


# --- what the meeting asks -------------------------------------------------------------------------


def test_dashboard_and_period_pages_show_each_group_of_tasks_as_tiendo_stats_does(built_site):
    for url, period in (("", "2019-Q1"), ("ky-bao-cao/2018-Q2", "2018-Q2")):
        figures = stats(EXAMPLE, "kh-17-tu", period)
        table = rows(section(page(built_site, url), "nhom-nhiem-vu"))
        assert len(table) == len(figures["groups"]) == 4
        for row, (group, block) in zip(table, figures["groups"].items(), strict=True):
            assert row.startswith(f"{group}. ")
            assert row.endswith(f"{block['tasks']} {block['completed_on_time'] + block['completed_late']}/"
                                f"{block['one_off']} {block['overdue']} {vi(block['completion_rate'])} "
                                f"{vi(block['weighted_progress'])}"), row


def test_dashboard_figures_show_their_change_since_the_previous_period_in_signs_and_words(built_site):
    now, before = stats(EXAMPLE, "kh-17-tu", "2019-Q1")["totals"], stats(EXAMPLE, "kh-17-tu", "2018-Q4")["totals"]
    markup = page(built_site, "")
    cards = dict(re.findall(r'<span class="tiendo-kpi__label">(.*?)</span>(.*?)</div>', markup))
    assert len(cards) == 6
    change = round(now["completion_rate"] - before["completion_rate"], 1)
    assert change > 0
    amount = f"{change:.1f}".replace(".", ",")
    completion = cards["Hoàn thành"]
    assert f'<span aria-hidden="true">▲ {amount}</span>' in completion
    assert f'<span class="tiendo-sr">tăng {amount} điểm phần trăm so với Quý IV/2018</span>' in completion
    assert "tiendo-delta--good" in completion
    overdue = now["overdue"] - before["overdue"]
    assert f"tăng {overdue} nhiệm vụ so với Quý IV/2018" in cards["Quá hạn"] and "tiendo-delta--bad" in cards["Quá hạn"]
    assert "không đổi so với Quý IV/2018" in cards["Nhiệm vụ"]  # the same 37 tasks


def test_overdue_table_lists_supporters_the_leads_latest_obstacle_and_marks_newly_overdue_tasks(built_site, bundled):
    data, timeline = bundled
    plan = data.plans["kh-17-tu"]
    table = section(page(built_site, ""), "nhiem-vu-qua-han")
    body = table.split("<tbody>", 1)[1]
    overdue = [t for t in plan.plan.tasks if timeline.state(t.id, "2019-Q1").category == "overdue"]
    assert len(re.findall(r"<tr>", body)) == len(overdue) == 5
    for task in overdue:
        row = text_of(body.split(f'href="nhiem-vu/{task.id}/"', 1)[1].split("</tr>", 1)[0])
        newly = timeline.state(task.id, "2018-Q4").category != "overdue"
        assert ("mới quá hạn" in row) == newly, task.id
        for agency in task.support:
            assert (data.agencies[agency].short_name or data.agencies[agency].name) in row
    row_24 = text_of(body.split('href="nhiem-vu/2.4/"', 1)[1].split("</tr>", 1)[0])
    assert "TTTP, VKSND TP" in row_24  # supporters of 2.4
    assert "Quý I/2019, khó khăn: Nhiệm vụ đã quá hạn (30-6-2018); phụ thuộc văn bản của Trung ương." in row_24
    assert "Kiến nghị: Đề nghị Ban Thường vụ Thành ủy điều chỉnh thời hạn" in row_24
    assert "mới quá hạn" not in row_24  # overdue since 2018-Q3
    assert sum("mới quá hạn" in r for r in rows(body)) == 2  # 2.3 and 3.5 became overdue in 2019-Q1


def test_obstacles_page_filters_by_period_group_agency_and_kind(built_site, bundled):
    data, _ = bundled
    markup = page(built_site, "kho-khan-kien-nghi")
    form = markup.split('<form class="tiendo-filter"', 1)[1].split("</form>", 1)[0]
    for name in ("q", "period", "group", "agency", "kind"):
        assert f'name="{name}"' in form
    periods = re.findall(r'<option value="(\d{4}-Q\d)">', form)
    assert periods == sorted(set(periods), reverse=True) and "2019-Q1" in periods
    notes = re.findall(r'<section class="tiendo-note" data-kind="(\w+)" data-period="([^"]+)" data-group="([^"]*)" '
                       r'data-agency="([^"]+)"', markup)
    tasks = data.plans["kh-17-tu"].tasks
    report_level = 0
    for update in data.updates:
        for item in (update.model, *update.model.entries):
            group = tasks[item.task].group if item is not update.model else ""
            for kind in ("obstacles", "proposals"):
                if getattr(item, kind):
                    assert (kind, update.model.period, group, update.agency_folder) in notes
                    report_level += item is update.model
    assert report_level and sum(1 for n in notes if n[2] == "") == report_level


def test_indicators_page_opens_with_one_summary_table_before_the_charts(built_site, bundled):
    data, timeline = bundled
    markup = page(built_site, "chi-tieu")
    assert markup.index('id="tiendo-indicators"') < markup.index('class="tiendo-chart"')
    table = rows(markup.split('id="tiendo-indicators"', 1)[1].split("</table>", 1)[0])
    values = stats(EXAMPLE, "kh-17-tu", "2019-Q1")["indicators"]
    series = [s for s in timeline.indicator_values]
    assert len(table) == len(series)

    for row, s in zip(table, series, strict=True):
        indicator = next(i for i in data.plans["kh-17-tu"].tasks[s.task].indicators if i.id == s.indicator)
        assert row.startswith(f"{s.task} {indicator.name}")
        latest = values.get(s.task, {}).get(s.indicator)
        percent = indicator.unit == "%"
        cell = "—" if latest is None else vi_number(latest) + ("%" if percent else "")
        assert f" {cell}" in row, row
        if indicator.target:
            assert row.endswith(vi(100 * latest / indicator.target) if latest is not None else "—"), row
    inspections = next(r for r in table if r.startswith("3.8 "))
    assert inspections.split()[-1] != "—"


def test_percentage_indicators_are_written_as_percentages(built_site):
    markup = page(built_site, "chi-tieu")
    row = next(r for r in rows(markup.split('id="tiendo-indicators"', 1)[1].split("</table>", 1)[0])
               if "Tỷ lệ thi hành xong về việc" in r)
    assert re.search(r"\d+(,\d+)?% ", row), row
    chart = next(f for f in figures_of(markup) if any("%" in str(t.get("hovertemplate")) for t in f["data"])
                 and f["layout"]["yaxis"].get("ticksuffix") == "%")
    assert chart["data"][0]["hovertemplate"].endswith("}%")


def test_charts_use_vietnamese_numbers_and_name_periods_the_reading_way(built_site):
    for url in ("", "nhiem-vu/2.4", "co-quan/cong-an-tp", "chi-tieu"):
        for figure in figures_of(page(built_site, url)):
            layout = figure["layout"]
            assert layout["separators"] == ",."
            if figure["data"][0]["type"] != "heatmap":
                assert layout["yaxis"]["tickformat"] in (",d", ",~f")
            assert "Quý I/2019" in figure["data"][0]["x"] and "2019-Q1" not in figure["data"][0]["x"]


def test_heat_map_of_submissions_has_a_legend_with_the_charts_colours(built_site):

    markup = page(built_site, "")
    legend = section(markup, "tinh-hinh-gui-bao-cao").split('class="tiendo-legend"', 1)[1].split("</p>", 1)[0]
    for state, label in (("on_time", "đúng hạn"), ("late", "trễ hạn"), ("missing", "chưa gửi")):
        assert f'style="background:{SUBMISSION_COLOURS[state]}"></span>{label}' in legend
    heatmap = next(f for f in figures_of(markup) if f["data"][0]["type"] == "heatmap")
    assert {c for _, c in heatmap["data"][0]["colorscale"]} == set(SUBMISSION_COLOURS.values())


# --- the printable period page ----------------------------------------------------------------------


def test_period_page_has_a_report_header_a_print_button_and_a_legend(built_site):
    markup = page(built_site, "ky-bao-cao/2019-Q1")
    head = text_of(markup.split('<div class="tiendo-report-head">', 1)[1].split("</div>", 1)[0])
    assert head.startswith("Kế hoạch số 17-KH/TU ngày 29/12/2016 của Ban Thường vụ Thành ủy: Thực hiện Nghị quyết")
    assert "Quý I/2019: số liệu từ 15/12/2018 đến ngày chốt 14/03/2019; hạn gửi báo cáo 20/03/2019." in head
    assert '<button type="button" class="md-button tiendo-print">In trang này</button>' in markup
    legend = text_of(markup.split('<div class="tiendo-legend">', 1)[1].split("</div>", 1)[0])
    for label in ("Hoàn thành đúng hạn", "Quá hạn", "Chưa có báo cáo", "đúng hạn", "trễ hạn", "chưa gửi"):
        assert label in legend
    assert 'href="../../kho-khan-kien-nghi/?period=2019-Q1"' in markup


def test_no_table_sits_in_a_box_that_sizes_to_its_content(built_site):
    """The theme wraps each bare table in its own scrolling box; a wrapper of ours would widen the page."""
    for path in built_site.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        assert "tiendo-scroll" not in markup and '<div class="md-typeset__table' not in markup, path


# --- small defects ------------------------------------------------------------------------------------


def test_rule_messages_show_their_inline_code_as_code(built_site):
    markup = page(built_site, "huong-dan/quy-tac")
    cells = re.findall(r"<tr id=\"[a-z-]+\"><td><code>[a-z-]+</code></td><td>[^<]*</td><td>(.*?)</td><td>(.*?)</td></tr>",
                       markup)
    assert len(cells) > 40
    assert not [c for pair in cells for c in pair if "`" in c]
    assert sum("<code>" in c for pair in cells for c in pair) > 10


@pytest.mark.parametrize(("text", "expected"), [
    ("Thêm dấu `:` sau `as_of`", "Thêm dấu <code>:</code> sau <code>as_of</code>"),
    ("`<script>` & `a`", "<code>&lt;script&gt;</code> &amp; <code>a</code>"),
    ("một dấu ` lẻ", "một dấu ` lẻ"),
    ("<b>đậm</b>", "&lt;b&gt;đậm&lt;/b&gt;"),
])
def test_inline_code_escapes_text_and_marks_code(text, expected):

    assert str(inline_code(text)) == expected


def test_task_page_names_where_each_period_figure_comes_from(built_site, bundled):
    _, timeline = bundled
    markup = page(built_site, "nhiem-vu/2.4")
    assert "Căn cứ" not in markup
    table = markup.split('id="tiendo-periods"', 1)[1].split("</table>", 1)[0]
    assert "<th>Nguồn số liệu</th>" in table
    for row, state in zip(rows(table), timeline.states["2.4"], strict=False):
        if state.reported_here:
            assert row.endswith("báo cáo kỳ này")
        elif state.entry_period:
            assert row.endswith(f"theo báo cáo {state.entry_period.label}")
        else:
            assert row.endswith("chưa có báo cáo của cơ quan chủ trì")


def _git(repo: Path, *args: str, when: str, author: str) -> None:
    env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.gov.vn", "GIT_COMMITTER_NAME": author,
           "GIT_COMMITTER_EMAIL": "a@example.gov.vn", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


def test_history_names_the_report_first_and_shows_the_commit_as_a_commit(tmp_path):
    repo = tmp_path / "kho"
    shutil.copytree(FIXTURES / "base", repo / "data")
    _git(repo, "init", "-q", "-b", "main", when="2019-03-20T09:00:00+07:00", author="x")
    _git(repo, "add", "-A", when="2019-03-20T09:00:00+07:00", author="x")
    _git(repo, "commit", "-q", "-m", "initial import", when="2019-03-20T09:00:00+07:00", author="ci-bot")
    report = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("progress: 40", "progress: 55"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "fix typo", when="2019-03-22T15:30:00+07:00", author="ci-bot")
    site = built(repo / "data", tmp_path, strict=True)
    history = page(site, "lich-su")
    latest = history.split('<section class="tiendo-entry">', 2)[1].split("</section>", 1)[0]
    assert text_of(latest).startswith("22/03/2019 15:30 Sửa báo cáo Quý I/2019 của CATP")
    commit = text_of(latest.split('<p class="tiendo-muted">', 1)[1])
    assert re.fullmatch(r"Nội dung commit: commit [0-9a-f]{8} của ci-bot: “fix typo”", commit), commit
    table = page(site, "nhiem-vu/1.1").split('id="lich-su-cap-nhat"', 1)[1].split("</table>", 1)[0]
    assert "<th>Nội dung commit</th>" in table and "Người cập nhật" not in table
    assert re.fullmatch(r"22/03/2019 Quý I/2019, CATP Đang thực hiện 40% Đang thực hiện 55% commit [0-9a-f]{8} "
                        r"của ci-bot: “fix typo”", rows(table)[0]), rows(table)
    assert '<td class="tiendo-muted">commit' in table


# --- contract v1.1: tasks given later, deadlines extended -------------------------------------------


@pytest.fixture(scope="module")
def v11_data(tmp_path_factory) -> Path:
    """The base plan with a task given in 2019-Q2 (2.3, led by an agency with no other task) and a task whose
    deadline, 31/03/2019, was extended on 10/05/2019 to 30/09/2019 (2.2)."""
    root = tmp_path_factory.mktemp("v11") / "data"
    shutil.copytree(FIXTURES / "base", root)
    agencies = yaml.safe_load((root / "agencies.yaml").read_text(encoding="utf-8"))
    agencies["agencies"].append({"id": "so-tu-phap", "name": "Sở Tư pháp", "short_name": "STP",
                                 "reviewers": ["@to-chuc/so-tu-phap"]})
    write(root, "agencies.yaml", yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False))
    plan = yaml.safe_load((root / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8"))
    plan["tasks"] += [
        {"id": "2.2", "group": "2", "title": "Rà soát văn bản về phòng, chống tham nhũng", "lead": "cong-an",
         "due": "2019-03-31", "extensions": [{"due": "2019-09-30", "decided_on": "2019-05-10",
                                              "decision": "12-TB/TU", "reason": "Chờ hướng dẫn của Trung ương"}]},
        {"id": "2.3", "group": "2", "title": "Xây dựng cơ sở dữ liệu án tham nhũng", "lead": "so-tu-phap",
         "support": ["cong-an"], "due": "2019-12-31", "assigned": "2019-04-20"},
    ]
    write(root, "plans/kh-mau/plan.yaml", yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    for period, entries in (("2019-Q1", [{"task": "2.2", "status": "in_progress", "progress": 20}]),
                            ("2019-Q2", [{"task": "2.2", "status": "in_progress", "progress": 50},
                                         {"task": "2.3", "result": "Cung cấp số liệu án tham nhũng."}])):
        path = f"updates/kh-mau/cong-an/{period}.yaml"
        report = yaml.safe_load((root / path).read_text(encoding="utf-8"))
        report["entries"] += entries
        write(root, path, yaml.safe_dump(report, allow_unicode=True, sort_keys=False))
    return root


@pytest.fixture(scope="module")
def v11_site(v11_data, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("v11-site")
    return built(v11_data, work, strict=True)


@pytest.fixture(scope="module")
def v11_statistics(v11_data):
    """The statistics of the v1.1 data: 2.3 is not counted before it is given, 2.2's due moves when extended."""
    data, problems = check(v11_data, TODAY)
    assert not [p for p in problems if p.is_error], [p.rule for p in problems if p.is_error]
    timeline = compute_all(data)["kh-mau"]
    assert timeline.state("2.3", "2019-Q1").category == "not_assigned"
    assert timeline.state("2.2", "2019-Q2").due == date(2019, 9, 30)
    return timeline


def test_task_page_shows_its_deadline_history_with_each_extension(v11_site):
    markup = page(v11_site, "nhiem-vu/2.2")
    assert "(đã gia hạn 1 lần; thời hạn ban đầu 31/03/2019)" in text_of(markup)
    table = markup.split('id="tiendo-deadlines"', 1)[1].split("</table>", 1)[0]
    assert rows(table) == ["31/03/2019 Thời hạn ban đầu theo kế hoạch",
                           "30/09/2019 12-TB/TU 10/05/2019 Chờ hướng dẫn của Trung ương"]
    assert 'id="tiendo-deadlines"' not in page(v11_site, "nhiem-vu/2.1")  # never extended: no such table


def test_task_page_shows_when_it_was_given(v11_site):
    assert "Ngày giao 20/04/2019" in text_of(page(v11_site, "nhiem-vu/2.3"))
    assert "Ngày giao" not in text_of(page(v11_site, "nhiem-vu/2.1"))


def test_period_page_lists_the_tasks_given_and_the_deadlines_extended_in_it(v11_site):
    q2 = page(v11_site, "ky-bao-cao/2019-Q2")
    assert "Giao mới trong kỳ: 2.3 (20/04/2019, STP)." in text_of(q2)
    extensions = rows(section(q2, "nhiem-vu-giao-moi-va-gia-han-trong-ky"))
    assert extensions == ["2.2 Rà soát văn bản về phòng, chống tham nhũng 31/03/2019 30/09/2019 12-TB/TU, "
                          "ngày 10/05/2019 Chờ hướng dẫn của Trung ương"]
    assert 'id="nhiem-vu-giao-moi-va-gia-han-trong-ky"' not in page(v11_site, "ky-bao-cao/2019-Q1")


def test_a_task_counts_on_a_period_page_only_from_the_period_it_was_given(v11_site, v11_data, v11_statistics):
    q1, q2 = page(v11_site, "ky-bao-cao/2019-Q1"), page(v11_site, "ky-bao-cao/2019-Q2")
    for markup, period in ((q1, "2019-Q1"), (q2, "2019-Q2")):
        totals = stats(v11_data, "kh-mau", period)["totals"]
        assert f"Tổng số nhiệm vụ {totals['tasks']} ({totals['one_off']} có thời hạn" in text_of(markup)
    assert stats(v11_data, "kh-mau", "2019-Q1")["totals"]["tasks"] == 4  # 2.3 is not counted before 20/04/2019
    assert 'href="../../nhiem-vu/2.3/"' not in q1
    assert not [r for r in rows(section(q1, "gui-bao-cao")) if r.startswith("STP")]
    assert [r for r in rows(section(q2, "gui-bao-cao")) if r.startswith("STP")] == ["STP — chưa gửi 0 —"]
    task = rows(page(v11_site, "nhiem-vu/2.3").split('id="tiendo-periods"', 1)[1].split("</table>", 1)[0])
    assert task[0] == "Quý I/2019 Chưa giao — nhiệm vụ chưa được giao"


def test_task_page_shows_the_deadline_that_applied_in_each_period(v11_site, v11_statistics):
    markup = page(v11_site, "nhiem-vu/2.2")
    assert "Thời hạn 30/09/2019 (đã gia hạn 1 lần; thời hạn ban đầu 31/03/2019)" in text_of(markup)
    table = markup.split('id="tiendo-periods"', 1)[1].split("</table>", 1)[0]
    assert "<th>Thời hạn áp dụng</th>" in table
    assert rows(table) == ["Quý I/2019 Đang thực hiện 20% 31/03/2019 báo cáo kỳ này",
                           "Quý II/2019 Đang thực hiện 50% 30/09/2019 (gia hạn) báo cáo kỳ này"]


def test_v11_dashboard_figures_equal_tiendo_stats(v11_site, v11_data, v11_statistics):
    totals = stats(v11_data, "kh-mau", "2019-Q2")["totals"]
    home = text_of(page(v11_site, ""))
    assert f"Nhiệm vụ {totals['tasks']}" in home and f"Quá hạn {totals['overdue']}" in home
    assert f"Hoàn thành {vi(totals['completion_rate'])}" in home


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A synthetic plan (generator.data.synth) with tasks given later and deadlines extended, and its site."""
    work = tmp_path_factory.mktemp("synthetic")
    write_synthetic(work / "data", SynthConfig(agencies=6, tasks=30, periods=6, seed=3, assigned_share=0.3,
                                               extension_share=0.4))
    built(work / "data", work, strict=True)
    data, _ = check(work / "data", TODAY)
    return work / "data", work / "site", data, compute_all(data)["ke-hoach-mau"]


def test_synthetic_period_pages_equal_tiendo_stats_and_count_tasks_only_once_given(synthetic):
    root, site, data, timeline = synthetic
    plan = data.plans["ke-hoach-mau"]
    assert any(t.assigned for t in plan.plan.tasks) and any(t.extensions for t in plan.plan.tasks)
    given_later = extended = 0
    for period in timeline.periods:
        if period > timeline.latest:
            break
        markup = page(site, f"ky-bao-cao/{period.id}")
        figures = stats(root, "ke-hoach-mau", period.id)
        totals = figures["totals"]
        assert f"Tổng số nhiệm vụ {totals['tasks']} ({totals['one_off']} có thời hạn" in text_of(markup)
        groups = rows(section(markup, "nhom-nhiem-vu"))
        for row, block in zip(groups, figures["groups"].values(), strict=True):
            assert row.endswith(f"{vi(block['completion_rate'])} {vi(block['weighted_progress'])}")
        names = {a: agency.short_name for a, agency in data.agencies.items()}
        sent = [r.split()[0] for r in rows(section(markup, "gui-bao-cao"))]
        assert sent == [names[a] for a in figures["agencies"]]
        first, reference = plan.schedule.window(period)
        for task in plan.plan.tasks:
            linked = f'href="../../nhiem-vu/{task.id}/"' in markup
            if not task.counted_at(reference):
                assert not linked, (period.id, task.id)
                given_later += 1
            if task.assigned and first <= task.assigned <= reference:
                assert linked, (period.id, task.id)
            for step in task.deadline_history[1:]:
                if first <= step.decided_on <= reference:
                    extended += 1
                    assert f"{step.due_date:%d/%m/%Y}" in text_of(section(markup, "nhiem-vu-giao-moi-va-gia-han-trong-ky"))
    assert given_later and extended


def test_synthetic_task_pages_show_the_due_of_each_period(synthetic):
    _, site, data, timeline = synthetic
    for task in (t for t in data.plans["ke-hoach-mau"].plan.tasks if t.extensions):
        table = page(site, f"nhiem-vu/{task.id}").split('id="tiendo-periods"', 1)[1].split("</table>", 1)[0]
        for row, state in zip(rows(table), timeline.states[task.id], strict=False):
            due = task.due_at(timeline.plan.schedule.reference_date(state.period))
            assert f" {due:%d/%m/%Y}" in row, (task.id, row)


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
    plan["tasks"][0]["extensions"] = [{"due": "2019-09-30", "decided_on": "2019-05-02",
                                       "decision": f"{HOSTILE} quyết định", "reason": f"{HOSTILE} lý do"}]
    write(root, "plans/kh-mau/plan.yaml", yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    agencies = yaml.safe_load((root / "agencies.yaml").read_text(encoding="utf-8"))
    agencies["agencies"][1]["name"] = HOSTILE
    agencies["agencies"][1]["short_name"] = "<b>CA</b>"
    write(root, "agencies.yaml", yaml.safe_dump(agencies, allow_unicode=True, sort_keys=False))
    report = yaml.safe_load((root / "updates/kh-mau/cong-an/2019-Q1.yaml").read_text(encoding="utf-8"))
    report["obstacles"] = report["summary"] = report["entries"][0]["result"] = HOSTILE_MD
    report["reporter"] = f"{HOSTILE} người báo cáo"
    report["revisions"] = [{"date": "2019-03-18", "reason": f"{HOSTILE} sửa đổi"}]
    report["entries"][0]["documents"] = [{"number": HOSTILE, "title": HOSTILE, "url": "https://example.gov.vn/a?b=<c>"}]
    write(root, "updates/kh-mau/cong-an/2019-Q1.yaml", yaml.safe_dump(report, allow_unicode=True, sort_keys=False))
    site = built(root, work, strict=True)
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


HOSTILE_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; | # *đậm* {{ x }} &lt;img src=x onerror=alert(2)&gt;"


@pytest.mark.parametrize(("url", "field"), [
    ("co-quan/cong-an", "người báo cáo"), ("co-quan/cong-an", "sửa đổi"), ("ky-bao-cao/2019-Q1", "người báo cáo"),
    ("kho-khan-kien-nghi", "người báo cáo"), ("nhiem-vu/1.1", "quyết định"), ("nhiem-vu/1.1", "lý do"),
    ("ky-bao-cao/2019-Q2", "quyết định"), ("ky-bao-cao/2019-Q2", "lý do"),
])
def test_hostile_reporter_revision_and_deadline_decision_are_shown_as_text(hostile_site, url, field):
    assert f"{HOSTILE_SHOWN} {field}" in page(hostile_site, url)


def test_hostile_report_summary_is_sanitised_markdown_on_agency_and_period_pages(hostile_site):
    for url in ("co-quan/cong-an", "ky-bao-cao/2019-Q1"):
        markup = page(hostile_site, url)
        assert "<strong>thật</strong>" in markup and "{{ y }}" in markup, url


def test_titles_carry_no_markup_characters(hostile_site):
    title = page(hostile_site, "co-quan/cong-an").split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in html.unescape(title) and ">" not in html.unescape(title)


def test_safe_title_and_fold():
    assert safe_title("<script>x</script> Kiểm soát") == "script x /script Kiểm soát"
    assert fold("Kiểm soát ĐẤT đai") == "kiem soat dat dai"


# --- building ---------------------------------------------------------------------------


def test_invalid_data_builds_nothing_and_keeps_the_previous_site(tmp_path, base_data):
    site = built(base_data, tmp_path)
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


# --- build time -------------------------------------------------------------------------------------
# Generated pages hand their HTML to Markdown finished (html_blocks), the download files are written by a
# child process beside the engine (background.py), and a page is rendered again only when its inputs changed.


def _markdown(without: str = "") -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml sets it up (both engines use it), `without` one of its extensions."""
    names, configs = [], {}
    for item in yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))[
            "markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name != without:
            names.append(name)
            configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _HtmlBlockInput(markdown.preprocessors.Preprocessor):
    """Records the lines Markdown's own HTML-block parser (priority 20) receives."""

    lines: list[str] = []

    def run(self, lines):
        type(self).lines = list(lines)
        return lines


def test_html_blocks_reach_markdown_finished_and_come_out_the_same(built_site):
    generated = built_site.parent / "generated"
    for path in ("nhiem-vu/2.4.md", "index.md", "ky-bao-cao/2019-Q1.md", "chi-tieu/index.md", "co-quan/cong-an-tp.md"):
        source = (generated / path).read_text(encoding="utf-8").split("---\n", 2)[2]
        with_fences = _markdown()
        with_fences.preprocessors.register(_HtmlBlockInput(with_fences), "record", 20.5)
        finished = with_fences.convert(source)
        # nothing but headings and placeholders is left for html.parser
        assert not [line for line in _HtmlBlockInput.lines if "<" in line], path
        parsed = _markdown(without="generator.site.html_blocks").convert(source).replace(FENCE, "").replace(END, "")
        assert " ".join(finished.split()) == " ".join(parsed.split()), path
        assert "<table" in finished and FENCE not in finished


def test_fences_pair_up_on_every_generated_page(built_site):
    for path in (built_site.parent / "generated").rglob("*.md"):
        fences = [line for line in path.read_text(encoding="utf-8").splitlines() if line in (FENCE, END)]
        assert fences == [FENCE, END] * (len(fences) // 2), path


def test_a_text_holding_the_fence_cannot_end_the_html_block(tmp_path, base_data):
    report = yaml.safe_load((base_data / "updates/kh-mau/cong-an/2019-Q1.yaml").read_text(encoding="utf-8"))
    report["entries"][0]["result"] = f"Kết quả.\n\n{END}\n\n## Tiêu đề chèn\n\n<script>alert(7)</script>\n\n{FENCE}"
    report["reporter"] = END
    write(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", yaml.safe_dump(report, allow_unicode=True))
    built(base_data, tmp_path, strict=True)
    task = page(tmp_path / "site", f"nhiem-vu/{report['entries'][0]['task']}")
    headings = re.findall(r"<h2 id=\"([^\"]+)\"", task)
    assert headings == ["dien-bien-qua-cac-ky", "chi-tieu", "lich-su-cap-nhat", "ket-qua-thuc-hien-theo-ky"]
    assert "alert(7)" not in task and "Tiêu đề chèn" in text_of(task) and "Kết quả." in text_of(task)
    assert "&lt;!-- /tiendo:html --&gt;" in page(tmp_path / "site", "co-quan/cong-an")  # the reporter, as text


def _search_index(site: Path) -> list[dict]:
    """The search entries (location, title, text) of a site built by MkDocs (Material) or Zensical."""
    for name, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if (site / name).is_file():
            return json.loads((site / name).read_text(encoding="utf-8"))[key]
    raise AssertionError(f"no search index in {site}")


def test_search_indexes_titles_and_texts_once_and_no_tables_of_figures(engine_site, bundled):
    data, timeline = bundled
    entries = _search_index(engine_site)
    by_page: dict[str, str] = {}
    for entry in entries:
        by_page.setdefault(entry["location"].partition("#")[0], "")
        by_page[entry["location"].partition("#")[0]] += f" {entry['title']} {text_of(entry['text'])}"
    for task in data.plans["kh-17-tu"].plan.tasks:
        assert text_of(html.escape(task.title)) in by_page[f"nhiem-vu/{task.id}/"], task.id
        assert "báo cáo kỳ này" not in by_page[f"nhiem-vu/{task.id}/"]  # the periods table
        assert sum(text_of(html.escape(task.title)) in text for text in by_page.values()) == 1  # no list repeats it
    results = [e.result for u in data.updates for e in u.model.entries if e.result]
    assert all(text_of(str(markdown_html(r))) in by_page[f"nhiem-vu/{e.task}/"]
               for u in data.updates for e in u.model.entries if (r := e.result))
    assert results and not any(text_of(str(markdown_html(r)))[:60] in by_page["kho-khan-kien-nghi/"]
                               for u in data.updates if (r := u.model.obstacles))
    assert timeline.latest.label in by_page[""] and data.plans["kh-17-tu"].plan.title in by_page[""]


def test_background_writes_each_work_into_its_folder_forked_or_not():
    from generator.site.background import Background, Work

    works = [Work("a", lambda out: (out / "tai-ve").mkdir() or (out / "tai-ve/a.csv").write_text("a")),
             Work("b", lambda out: (out / "tai-ve/b/c").mkdir(parents=True) or (out / "tai-ve/b/c/d.docx").write_text("d"))]
    for fork in (True, False):
        with Background(works, fork=fork) as background:
            assert background.files() == [Path("tai-ve/a.csv"), Path("tai-ve/b/c/d.docx")]
            assert (background.folder / "tai-ve/b/c/d.docx").read_text() == "d"
            folder = background.folder
        assert not folder.exists()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("fork", [True, False])
def test_a_work_that_fails_is_told_by_what_it_writes_and_why(fork):
    from generator.site.background import Background, BackgroundError, Work

    def full(out: Path) -> None:
        raise OSError(28, "No space left on device")

    with Background([Work("các báo cáo tổng hợp (Word)", full)], fork=fork) as background:
        with pytest.raises(BackgroundError) as caught:
            background.files()
    assert str(caught.value) == "không ghi được các báo cáo tổng hợp (Word): [Errno 28] No space left on device"
    assert multiprocessing.active_children() == []


def test_a_download_that_cannot_be_written_fails_the_build_and_keeps_the_previous_site(tmp_path, base_data,
                                                                                       monkeypatch):
    from generator.site import build

    shutil.copytree(REPO / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    site = tmp_path / "site"
    build_site(base_data, tmp_path / "mkdocs.yml", site, today=TODAY)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def full(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "write_reports", full)  # the forked child inherits it
    result = tiendo("build", "--data", str(base_data), cwd=tmp_path)
    assert result.returncode == 2
    assert "không ghi được các báo cáo tổng hợp (Word): [Errno 28] No space left on device" in result.stderr
    assert "trang web cũ (nếu có) được giữ nguyên" in result.stderr and "Traceback" not in result.stderr
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site-*")) and multiprocessing.active_children() == []


def test_an_interrupted_build_stops_its_child_and_keeps_the_previous_site(tmp_path, base_data, monkeypatch):
    from generator.site import build, engines

    site = built(base_data, tmp_path)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    children = []

    def interrupted(*_):  # Ctrl+C while the engine works and the child writes
        children.extend(child.pid for child in multiprocessing.active_children() if child.is_alive())
        raise KeyboardInterrupt

    never, kept = os.pipe()  # the child waits on it for ever: it is still writing when Ctrl+C comes
    monkeypatch.setattr(build, "write_tables", lambda *_: os.read(never, 1))
    monkeypatch.setattr(engines, "build", interrupted)
    try:
        with pytest.raises(KeyboardInterrupt):
            build.build_site(base_data, REPO / "mkdocs.yml", site, today=TODAY, docs_dir=tmp_path / "generated")
    finally:
        os.close(never)
        os.close(kept)
    assert len(children) == 1 and multiprocessing.active_children() == []
    with pytest.raises(ChildProcessError):  # stopped and reaped: no zombie left
        os.waitpid(children[0], os.WNOHANG)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before and not list(tmp_path.glob(".site-*"))


def test_the_site_offers_every_download_the_child_wrote(built_site):
    forms = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "tai-ve/bieu-mau").rglob("*.*"))
    assert forms and all(p.endswith((".xlsx", ".yaml")) for p in forms)
    linked = set()
    for agency in (built_site / "co-quan").glob("*/index.html"):
        linked |= {urljoin(f"co-quan/{agency.parent.name}/", href)
                   for href in re.findall(r'href="([^"]+\.(?:xlsx|yaml))"', agency.read_text(encoding="utf-8"))}
    assert linked == set(forms)
    assert len(list((built_site / "tai-ve").glob("bao-cao-tong-hop-*.docx"))) == 9


def test_a_page_is_rendered_again_only_when_its_inputs_changed(tmp_path, base_data):
    from generator.site.build import generated_folder, prepare

    folder = generated_folder(REPO / "mkdocs.yml", tmp_path / "generated")
    prepared = prepare(base_data, REPO / "mkdocs.yml", today=TODAY, folder=folder)
    first = prepared.summary
    again = prepare(base_data, REPO / "mkdocs.yml", today=TODAY, folder=folder).summary
    assert first["rendered"] == len(prepared.pages) > 0
    assert again["rendered"] == again["changed"] == 0
    report = base_data / "updates/kh-mau/vks/2019-Q1.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("Tiếp 12 lượt", "Tiếp 15 lượt"), encoding="utf-8")
    third = prepare(base_data, REPO / "mkdocs.yml", today=TODAY, folder=folder).summary
    assert 0 < third["changed"] <= third["rendered"] < first["rendered"]
    fresh = tmp_path / "fresh"
    prepare(base_data, REPO / "mkdocs.yml", today=TODAY, docs_dir=fresh)
    assert _files(folder.out) == _files(fresh)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("a", "b", "same"), [
    ({"x": [1, 2]}, {"x": [1, 2]}, True),
    ({"x": 1, "y": 2}, {"y": 2, "x": 1}, False),  # a template shows a dict in its order
    ([date(2019, 1, 1)], [date(2019, 1, 2)], False),
    ((1.0,), (1,), False),  # 1,0 and 1 are written differently
    (SynthConfig(agencies=2), SynthConfig(agencies=2), True),
    (SynthConfig(agencies=2), SynthConfig(agencies=3), False),
])
def test_page_inputs_compare_value_by_value_in_order(a, b, same):
    assert same_inputs(a, b, {}) is same


def test_page_inputs_compare_models_field_by_field_and_identity_only_objects_by_identity(bundled):
    data, _ = bundled
    again, _ = check(EXAMPLE, TODAY)
    assert same_inputs(data.updates[0].model, again.updates[0].model, {})
    changed = again.updates[0].model.model_copy(update={"reporter": "Người khác"})
    assert not same_inputs(data.updates[0].model, changed, {})
    assert not same_inputs(data, again, {}) and same_inputs(data, data, {})  # Dataset compares by identity


def test_two_plans_get_a_plan_index(tmp_path, base_data):
    plan = (base_data / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    write(base_data, "plans/kh-hai/plan.yaml", plan.replace("id: kh-mau", "id: kh-hai").replace("01-KH/TU", "02-KH/TU"))
    site = built(base_data, tmp_path, strict=True)
    index = page(site, "")
    assert 'href="kh-mau/"' in index and 'href="kh-hai/"' in index
    assert "01-KH/TU" in index and "02-KH/TU" in index
    assert (site / "kh-mau/nhiem-vu/1.1/index.html").is_file() and (site / "kh-hai/nhiem-vu/1.1/index.html").is_file()
    assert "Chưa có cơ quan nào báo cáo" in page(site, "kh-hai/nhiem-vu/1.1")


# --- template inputs ------------------------------------------------------------------------------
# Each page kind's template reads exactly the fields of its documented dataclass (pages/__init__.CONTEXTS),
# and every attribute it reads through them exists on their types. Checked on the templates' syntax trees:
# a template that reads `page.view.plan` or misspells a field fails here, whatever data the site is built from.


def _hints(cls) -> dict:
    """A class's attributes a template may read, with their types (None: not a type we follow)."""

    out = dict(typing.get_type_hints(cls))
    for name, attr in inspect.getmembers(cls):
        if name.startswith("_") or name in out:
            continue
        static = inspect.getattr_static(cls, name, None)
        function = (static.fget if isinstance(static, property) else
                    static.func if isinstance(static, functools.cached_property) else attr)
        try:
            out[name] = typing.get_type_hints(function).get("return") if callable(function) else None
        except (TypeError, NameError):
            out[name] = None
    return out


def _strip_none(kind):

    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return kind


def _followed(kind) -> bool:


    return isinstance(kind, type) and (dataclasses.is_dataclass(kind) or issubclass(kind, BaseModel))


class _TemplateReads:
    """Walks a template's syntax tree with the type of every name it can work out from `page`."""

    def __init__(self, page_type: type):
        self.page_type = page_type
        self.page_fields: set[str] = set()
        self.unknown: list[str] = []

    def type_of(self, node, scope):
    

        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "page":
                self.page_fields.add(node.attr)
            base = _strip_none(self.type_of(node.node, scope))
            if not _followed(base):
                return None
            hints = _hints(base)
            if node.attr not in hints:
                self.unknown.append(f"{base.__name__}.{node.attr} (line {node.lineno})")
                return None
            return hints[node.attr]
        if isinstance(node, nodes.Getitem):
            self.walk(node.arg, scope)
            base = _strip_none(self.type_of(node.node, scope))
            args = typing.get_args(base)
            if typing.get_origin(base) in (list, tuple) and args:
                return args[0] if typing.get_origin(base) is list or len(args) == 2 and args[1] is ... else (
                    args[node.arg.value] if isinstance(node.arg, nodes.Const) else None)
            if typing.get_origin(base) is dict and args:
                return args[1]
            return None
        if isinstance(node, nodes.Call):
            for argument in (*node.args, *node.kwargs):
                self.walk(argument, scope)
            if isinstance(node.node, nodes.Getattr) and node.node.attr == "items":  # dict.items()
                base = _strip_none(self.type_of(node.node.node, scope))
                return tuple[typing.get_args(base)] if typing.get_origin(base) is dict else None
            self.type_of(node.node, scope)
            return None
        self.walk(node, scope)
        return None

    def element(self, kind):
    
        kind = _strip_none(kind)
        args = typing.get_args(kind)
        if typing.get_origin(kind) in (list, tuple) and args:
            return args[0]
        return None

    def bind(self, target, kind, scope):
    

        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            args = typing.get_args(_strip_none(kind)) if typing.get_origin(_strip_none(kind)) is tuple else ()
            for i, item in enumerate(target.items):
                self.bind(item, args[i] if i < len(args) and args[i] is not ... else None, scope)

    def walk(self, node, scope):

        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            inner = dict(scope)
            self.bind(node.target, self.element(self.type_of(node.iter, scope)), inner)
            for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Assign):
            self.walk(node.node, scope)
            self.bind(node.target, self.type_of(node.node, scope), scope)
            return
        if isinstance(node, nodes.Macro):
            return  # macros' arguments are checked where they are called
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Call)):
            self.type_of(node, scope)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)

    def read(self, source: str) -> None:

        self.walk(environment().parse(source), {"page": self.page_type})


def _template_source(name: str) -> str:

    return (TEMPLATES / name).read_text(encoding="utf-8")


def _page_kinds():

    return [(place.key, place.template, CONTEXTS[place.key]) for place in (*sitemap.PLAN, *sitemap.SITE)
            if place.template]


@pytest.mark.parametrize(("key", "template", "context"), _page_kinds(), ids=[k for k, _, _ in _page_kinds()])
def test_each_template_reads_exactly_the_documented_fields_of_its_page(key, template, context):

    reads = _TemplateReads(context)
    reads.read(_template_source(template))
    fields = {f.name for f in dataclasses.fields(context)}
    assert reads.unknown == [], f"{template} reads attributes its types do not have"
    assert reads.page_fields == fields, (f"{template}: read but not documented {reads.page_fields - fields}, "
                                         f"documented but never read {fields - reads.page_fields}")


def test_the_template_check_catches_a_misspelt_or_undocumented_attribute():

    reads = _TemplateReads(TaskPage)
    reads.read("{{ page.row.task.titel }}{% for p in page.periods %}{{ p.state.categori }}{% endfor %}"
               "{{ page.view.plan }}")
    assert reads.unknown == ["Task.titel (line 1)", "TaskState.categori (line 1)", "TaskPage.view (line 1)"]


def test_every_page_built_has_the_context_its_site_map_kind_names(bundled):

    data, timeline = bundled
    view = plan_view(data, data.plans["kh-17-tu"], timeline, "", None)
    pages = plan_pages(view, True) + common_pages([view], [], example_update(data, [view]))
    by_template = {place.template: place.key for place in (*sitemap.PLAN, *sitemap.SITE) if place.template}
    for made in pages:
        assert isinstance(made.context, CONTEXTS[by_template[made.template]]), made.path
