"""`tiendo report`: the compiled report read back with python-docx and held to `tiendo stats`, on the
example plan and on synthetic plans of every cycle; hostile text; and the document as LibreOffice lays it
out (PDF page count, embedded fonts, PNGs of the first two pages in test-artifacts/)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, FIXTURES, REPO, TODAY, libreoffice, tiendo
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt

from generator.check import check
from generator.data.synth import SynthConfig
from generator.data.synth import write as write_synth
from generator.formatting import vi_date, vi_number, vi_percent
from generator.outputs.report import blueprint, report_name
from generator.stats.engine import compute_all
from generator.stats.figures import COUNT_KEYS, RATE_KEYS
from generator.vocabulary import CATEGORY_LABELS, label

ARTIFACTS = REPO / "test-artifacts"
PARTY_HEADER = {"style": "party", "parent": "Đảng bộ thành phố Đà Nẵng", "issuer": "Ban Nội chính Thành ủy",
                "symbol": "BC/BNCTU", "place": "Đà Nẵng",
                "recipients": ["Thường trực Thành ủy", "Các cơ quan khối nội chính", "Lưu VP"],
                "signer": {"on_behalf": "T/M BAN NỘI CHÍNH", "title": "TRƯỞNG BAN", "name": "Trần Văn Ba"}}
STATE_HEADER = {"style": "state", "parent": "Ủy ban nhân dân thành phố Đà Nẵng", "issuer": "Thanh tra thành phố",
                "symbol": "BC-TTr", "place": "Đà Nẵng", "recipients": ["Ủy ban nhân dân thành phố", "Lưu: VT, NV"],
                "signer": {"on_behalf": "KT. CHÁNH THANH TRA", "title": "PHÓ CHÁNH THANH TRA", "name": "Lê Thị Tư"}}


# --- helpers -------------------------------------------------------------------------------------------


def with_header(source: Path, target: Path, header: dict | None) -> Path:
    """A copy of a data folder whose single plan has `header` as its `report` block (None: no block)."""
    shutil.copytree(source, target)
    plan_file = next((target / "plans").glob("*/plan.yaml"))
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan.pop("report", None)
    if header is not None:
        plan["report"] = header
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target


def synthetic(root: Path, header: dict | None = None, **config) -> Path:
    write_synth(root / "raw", SynthConfig(**config))
    return with_header(root / "raw", root / "data", header)


def report(data: Path, out: Path, *args: str) -> Document:
    result = tiendo("report", "--data", str(data), "--out", str(out), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return Document(str(out))


def lines(doc: Document) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    return [Paragraph(p, doc).text for p in doc.element.body.iter(qn("w:p"))]


def table(doc: Document, *headers: str) -> list[list[str]]:
    """The rows (cell texts) of the table whose header row starts with `headers`."""
    for found in doc.tables:
        rows = [[cell.text for cell in row.cells] for row in found.rows]
        if rows and tuple(rows[0][: len(headers)]) == headers:
            return rows
    raise AssertionError(f"no table headed {headers!r}")


def stats(data: Path, period: str) -> dict:
    result = tiendo("stats", "--data", str(data), "--period", period)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def plain(markdown: str) -> list[str]:
    """The text of each line of a Markdown text as a reader sees it (markers and emphasis gone)."""
    out = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "inline":
            out += "".join("\n" if c.type.endswith("break") else c.content for c in token.children).split("\n")
    return out


def check_against_the_figures(doc: Document, data: Path, period: str) -> None:
    """The report's figures, lists and names are those of `tiendo stats` and the engine at `period`."""
    figures = stats(data, period)
    dataset, _ = check(data, TODAY)
    timeline = next(iter(compute_all(dataset).values()))
    plan = timeline.plan.plan
    reference = date.fromisoformat(figures["reference_date"])
    names = {a: agency.name for a, agency in dataset.agencies.items()}
    text = "\n".join(lines(doc))

    # 1. the overall table: every count and rate at the period, the Vietnamese way
    overall = {row[0]: row[1:] for row in table(doc, "Chỉ số")[1:]}
    for key in (*COUNT_KEYS, *RATE_KEYS):
        value = figures["totals"][key]
        assert overall[label(key)][1] == (vi_percent(value) if key in RATE_KEYS else vi_number(value)), key
    totals = figures["totals"]
    if totals["one_off"]:
        assert f"đạt {vi_percent(totals['completion_rate'])}" in text
        assert f"quá hạn {vi_number(totals['overdue'])} nhiệm vụ ({vi_percent(totals['overdue_rate'])})" in text

    # 3. every overdue task, with its due at the period (extensions decided by then) and days overdue
    overdue = {t.id for t in plan.tasks if timeline.state(t.id, period).category == "overdue"}
    if overdue:
        rows = {row[0]: row for row in table(doc, "Số", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp")[1:]}
        assert set(rows) == overdue
        for task in plan.tasks:
            if task.id in overdue:
                due = task.due_at(reference)
                assert rows[task.id][1:6] == [task.title, names[task.lead], ", ".join(names[a] for a in task.support),
                                              vi_date(due), vi_number((reference - due).days)]
    else:
        assert "không có nhiệm vụ quá hạn" in text

    # 4. every agency involved, by name, with its date and state of submission
    compliance = {row[1]: row[2:] for row in table(doc, "STT")[1:]}
    assert set(compliance) == {names[a] for a in figures["agencies"]}
    for agency, block in figures["agencies"].items():
        sent, state = compliance[names[agency]]
        assert sent == (vi_date(date.fromisoformat(block["submitted_on"])) if block["submitted"] else "—")
        expected = "Đúng hạn" if block["on_time"] else ("Trễ hạn" if block["submitted"] else "Chưa gửi")
        assert state.startswith(expected), (agency, state)

    # 2. every summary of the period, after its agency's name
    reports = [u for u in dataset.updates if u.model.period == period]
    for update in reports:
        if update.model.summary:
            first, *rest = plain(update.model.summary)
            assert f"{names[update.agency_folder]}: {first}" in text
            assert all(line in text for line in rest)
        for entry in update.model.entries:
            for line in plain(entry.result or ""):
                assert line in text, (update.agency_folder, entry.task)

    # 6. every counted task with its category; every indicator's figure at the period
    appendix = {row[0]: row for row in table(doc, "Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn")[1:]
                if len(set(row)) > 1}  # a group's row is one merged cell
    for task in plan.tasks:
        state = timeline.state(task.id, period)
        if state.counted:
            assert appendix[task.id][4] == CATEGORY_LABELS[state.category], task.id
        else:
            assert task.id not in appendix
    if figures["indicators"]:
        cumulative = {(row[0], row[1]): row[4] for row in table(doc, "Nhiệm vụ")[1:]}
        for task_id, values in figures["indicators"].items():
            task = timeline.plan.tasks[task_id]
            for indicator in task.indicators:
                if indicator.id in values:
                    assert cumulative[(task_id, indicator.name)] == vi_number(values[indicator.id])

    # agencies by name, never by id (outside the agencies' own words)
    for update in reports:
        for line in plain(update.model.summary or ""):
            text = text.replace(line, "")
    for agency_id in names:
        assert agency_id not in text


# --- content against the figures ------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2019-Q1", "2018-Q2", "2017-Q1"])
def test_the_example_report_says_what_tiendo_stats_says(tmp_path, period):
    doc = report(EXAMPLE, tmp_path / "bao-cao.docx", "--period", period)
    check_against_the_figures(doc, EXAMPLE, period)


def test_the_period_defaults_to_the_latest_reported_and_the_change_since_the_previous_one_is_told(tmp_path):
    doc = report(EXAMPLE, tmp_path / "bao-cao.docx")
    text = "\n".join(lines(doc))
    assert "Kết quả thực hiện Kế hoạch số 17-KH/TU ngày 29/12/2016 của Ban Thường vụ Thành ủy, Quý I/2019" in text
    before, now = stats(EXAMPLE, "2018-Q4")["totals"], stats(EXAMPLE, "2019-Q1")["totals"]
    done = now["completed_on_time"] + now["completed_late"]
    change = done - before["completed_on_time"] - before["completed_late"]
    assert (f"So với Quý IV/2018: số nhiệm vụ hoàn thành {done} ({change:+d}), "
            f"quá hạn {now['overdue']} ({now['overdue'] - before['overdue']:+d}); "
            f"tỷ lệ hoàn thành {vi_percent(now['completion_rate'])} (kỳ trước {vi_percent(before['completion_rate'])})"
            in text)
    overall = {row[0]: row for row in table(doc, "Chỉ số")}
    assert overall["Chỉ số"][1:3] == ["Quý IV/2018", "Quý I/2019"]
    assert overall["Tỷ lệ hoàn thành"][1:] == [vi_percent(before["completion_rate"]), vi_percent(now["completion_rate"]),
                                               f"+{vi_number(now['completion_rate'] - before['completion_rate'], 1)}"]


def test_results_are_grouped_by_the_plans_groups_and_attributed_to_agencies(tmp_path):
    doc = report(EXAMPLE, tmp_path / "bao-cao.docx")
    text = lines(doc)
    headings = [t for t in text if re.match(r"^\d\. Nhóm \d: ", t)]
    assert headings[:4] == ["1. Nhóm 1: Công tác chính trị, tư tưởng; tự phê bình và phê bình",
                            "2. Nhóm 2: Cơ chế, chính sách", "3. Nhóm 3: Công tác kiểm tra, giám sát, kỷ luật đảng",
                            "4. Nhóm 4: Phát huy vai trò của nhân dân, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"]
    at = text.index("Nhiệm vụ 2.4. Xây dựng quy chế bảo vệ người tố cáo, người phát hiện, cung cấp thông tin về tham "
                    "nhũng, tiêu cực (quá hạn, 35%)")
    assert text[at + 1] == "Công an thành phố: Tiếp tục hoàn thiện dự thảo; đang chờ nghị định hướng dẫn để ban hành."
    # the lead's latest obstacles and proposals under each overdue task, with the report they come from
    assert ("Khó khăn, vướng mắc (báo cáo Quý I/2019): Nhiệm vụ đã quá hạn (30-6-2018); phụ thuộc văn bản của "
            "Trung ương.") in text


@pytest.mark.parametrize("cycle", ["month", "quarter", "half", "year"])
def test_synthetic_reports_say_what_tiendo_stats_says(tmp_path, cycle):
    data = synthetic(tmp_path, PARTY_HEADER if cycle in ("month", "half") else None, agencies=9, tasks=45,
                     periods=6, cycle=cycle, seed=7)
    dataset, _ = check(data, TODAY)
    timeline = next(iter(compute_all(dataset).values()))
    for period in (timeline.periods[1], timeline.latest):
        doc = report(data, tmp_path / f"{period.id}.docx", "--period", period.id)
        check_against_the_figures(doc, data, period.id)
        assert f", {period.label}" in "\n".join(lines(doc))


def test_a_report_from_an_agency_whose_task_is_not_given_yet_is_not_dropped(tmp_path, base_data):
    """Its agency is not among the period's figures (contract §7), but what it wrote is in the report."""
    data = base_data
    with (data / "agencies.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: so-tu-phap\n    name: Sở Tư pháp\n")
    with (data / "plans/kh-mau/plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write('  - {id: "2.2", group: "2", title: Rà soát văn bản, lead: so-tu-phap, due: 2020-06-30, '
                     "assigned: 2019-06-01}\n")
    (data / "updates/kh-mau/so-tu-phap").mkdir()
    (data / "updates/kh-mau/so-tu-phap/2019-Q1.yaml").write_text(
        "plan: kh-mau\nagency: so-tu-phap\nperiod: 2019-Q1\nas_of: 2019-03-14\nsubmitted_on: 2019-03-18\n"
        "summary: Chuẩn bị nhân sự cho nhiệm vụ sắp được giao.\nobstacles: Chưa có biên chế.\nentries: []\n",
        encoding="utf-8")
    doc = report(data, tmp_path / "bao-cao.docx", "--period", "2019-Q1")
    text = lines(doc)
    assert "Sở Tư pháp: Chuẩn bị nhân sự cho nhiệm vụ sắp được giao." in text
    assert "Khó khăn, vướng mắc: Chưa có biên chế." in text
    assert "2.2" not in {row[0] for row in table(doc, "Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn")}
    check_against_the_figures(doc, data, "2019-Q1")


@pytest.mark.parametrize(("period", "overdue"), [
    ("2020-Q1", ["2.1", "Xây dựng quy chế phối hợp", "Ban Nội chính", "Công an thành phố, Viện Kiểm sát nhân dân "
                 "thành phố", "31/12/2019", "74", "chưa báo cáo"]),
    ("2020-Q2", None),  # extended on 20/03/2020 to 30/06/2020: within its deadline at 14/06/2020
    ("2020-Q3", ["2.1", "Xây dựng quy chế phối hợp", "Ban Nội chính", "Công an thành phố, Viện Kiểm sát nhân dân "
                 "thành phố", "30/06/2020", "76", "chưa báo cáo"]),
])
def test_an_overdue_task_is_judged_by_its_due_at_the_period(tmp_path, base_data, period, overdue):
    data = base_data
    plan_file = data / "plans/kh-mau/plan.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan["tasks"][2]["extensions"] = [{"due": "2020-06-30", "decided_on": "2020-03-20", "decision": "12-TB/TU"}]
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    doc = report(data, tmp_path / "bao-cao.docx", "--period", period)
    check_against_the_figures(doc, data, period)
    rows = [row for row in table(doc, "Số", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn")[1:] if row[0] == "2.1"]
    if overdue:
        assert table(doc, "Số", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp")[1:] == [overdue]
        assert rows[0][3:5] == [overdue[4], "Quá hạn"]
    else:
        assert "không có nhiệm vụ quá hạn" in "\n".join(lines(doc))
        assert rows[0][3:5] == ["30/06/2020", "Chưa có báo cáo"]


# --- the header, signature and page per style --------------------------------------------------------------


def header_lines(doc: Document) -> list[str]:
    return [p.text for cell in doc.tables[0]._cells for p in cell.paragraphs if p.text]


@pytest.mark.parametrize(("header", "expected"), [
    (None, ["BAN NỘI CHÍNH THÀNH ỦY", "*", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số …-BC/BNCTU", "……, ngày … tháng … năm …"]),
    (PARTY_HEADER, ["ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG", "BAN NỘI CHÍNH THÀNH ỦY", "*", "ĐẢNG CỘNG SẢN VIỆT NAM",
                    "Số …-BC/BNCTU", "Đà Nẵng, ngày … tháng … năm …"]),
    (STATE_HEADER, ["ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG", "THANH TRA THÀNH PHỐ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-TTr", "Đà Nẵng, ngày … tháng … năm …"]),
], ids=["no-report-block", "party", "state"])
def test_the_header_block_follows_the_documents_style(tmp_path, header, expected):
    data = with_header(EXAMPLE, tmp_path / "data", header)
    doc = report(data, tmp_path / "bao-cao.docx")
    assert header_lines(doc) == expected
    issuer = (header or {"issuer": "Ban Nội chính Thành ủy"})["issuer"].upper()
    assert all(run.bold for cell in doc.tables[0]._cells for p in cell.paragraphs if p.text == issuer for run in p.runs)
    place = next(p for cell in doc.tables[0]._cells for p in cell.paragraphs if "ngày … tháng" in p.text)
    assert all(run.italic for run in place.runs)
    text = lines(doc)
    assert text[text.index("BÁO CÁO") + 1].startswith("Kết quả thực hiện Kế hoạch số 17-KH/TU")


@pytest.mark.parametrize(("header", "recipients", "signature"), [
    (None, ["Nơi nhận:", "- Ban Thường vụ Thành ủy,", "- Lưu."], ["……", ""]),
    (PARTY_HEADER, ["Nơi nhận:", "- Thường trực Thành ủy,", "- Các cơ quan khối nội chính,", "- Lưu VP."],
     ["T/M BAN NỘI CHÍNH", "TRƯỞNG BAN", "Trần Văn Ba"]),
    (STATE_HEADER, ["Nơi nhận:", "- Ủy ban nhân dân thành phố;", "- Lưu: VT, NV."],
     ["KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "Lê Thị Tư"]),
], ids=["no-report-block", "party", "state"])
def test_recipients_and_signature(tmp_path, header, recipients, signature):
    doc = report(with_header(EXAMPLE, tmp_path / "data", header), tmp_path / "bao-cao.docx")
    block = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = block.rows[0].cells
    assert [p.text for p in left.paragraphs] == recipients
    signed = [p.text for p in right.paragraphs]
    assert ([signed[0], signed[1], signed[-1]] if header else [signed[0], signed[-1]]) == signature
    assert all(p.style.font.bold for p in right.paragraphs)


@pytest.mark.parametrize("header", [PARTY_HEADER, STATE_HEADER], ids=["party", "state"])
def test_a4_margins_times_new_roman_and_page_numbers_from_page_two(tmp_path, header):
    doc = report(with_header(EXAMPLE, tmp_path / "data", header), tmp_path / "bao-cao.docx")
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:cs")} == {"Times New Roman"}
    assert 13 <= doc.styles["Báo cáo - Đoạn văn"].font.size.pt <= 14
    assert section.different_first_page_header_footer and not section.first_page_header.paragraphs[0].text
    assert "PAGE" in section.header._element.xml


# --- hostile text ----------------------------------------------------------------------------------------

HOSTILE_MD = """Kết quả **rất tốt** và *đáng ghi nhận* <script>alert(1)</script> & {{ x }} {% if %} %}
Dòng thứ hai \\*không đậm\\* ở đây.

- Mục một: Nguyễn Thị Ánh Tuyết, Ủy ban Kiểm tra
  - mục con `mã`
- Mục hai ]]> <w:p> "ngoặc" 'đơn'

""" + "Từ" + "rấtdài" * 60


def test_hostile_text_survives_as_text(tmp_path, base_data):
    data = base_data
    agencies_file = data / "agencies.yaml"
    agencies = yaml.safe_load(agencies_file.read_text(encoding="utf-8"))
    agencies["agencies"][1]["name"] = "Công an <thành phố> & “Đà Nẵng” {{ id }} {_{ }_}"
    agencies_file.write_text(yaml.safe_dump(agencies, allow_unicode=True), encoding="utf-8")
    plan_file = data / "plans/kh-mau/plan.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan["tasks"][0]["title"] = "Thanh tra <b>đất đai</b> & {% raw %} " + "x" * 200
    plan["groups"][0]["title"] = "Nhóm **không phải Markdown** <i>"
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    update_file = data / "updates/kh-mau/cong-an/2019-Q2.yaml"
    update = yaml.safe_load(update_file.read_text(encoding="utf-8"))
    update["summary"] = update["obstacles"] = update["entries"][0]["result"] = HOSTILE_MD
    update_file.write_text(yaml.safe_dump(update, allow_unicode=True, sort_keys=False), encoding="utf-8")

    doc = report(data, tmp_path / "bao-cao.docx", "--period", "2019-Q2")
    text = lines(doc)
    joined = "\n".join(text)
    name = "Công an <thành phố> & “Đà Nẵng” {{ id }} {_{ }_}"  # docxtpl turns `{_{` of its own output into `{{`
    first = f"{name}: Kết quả rất tốt và đáng ghi nhận <script>alert(1)</script> & {{{{ x }}}} {{% if %}} %}}"
    assert text[text.index(first) + 1] == "Dòng thứ hai *không đậm* ở đây."  # a line break: a new paragraph
    assert "- Mục một: Nguyễn Thị Ánh Tuyết, Ủy ban Kiểm tra" in text and "+ mục con mã" in text
    assert "- Mục hai ]]> <w:p> \"ngoặc\" 'đơn'" in text
    assert "Từ" + "rấtdài" * 60 in text
    assert "**" not in joined.replace("Nhóm **không phải Markdown** <i>", "")
    assert "Nhóm 1: Nhóm **không phải Markdown** <i>" in joined  # titles are plain text, never Markdown
    assert "Thanh tra <b>đất đai</b> & {% raw %} " + "x" * 200 in joined
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold and r.text == "rất tốt"]
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic and r.text == "đáng ghi nhận"]
    assert bold and italic
    check_against_the_figures(doc, data, "2019-Q2")


def test_a_text_starting_with_a_list_has_its_agencys_name_on_a_line_of_its_own(tmp_path):
    doc = report(EXAMPLE, tmp_path / "bao-cao.docx")
    text = lines(doc)
    at = text.index("Ban Nội chính Thành ủy", text.index("1. Khó khăn, kiến nghị chung"))
    assert text[at + 1] == "Khó khăn, vướng mắc:"
    assert text[at + 2].startswith("- Việc thực hiện Nghị quyết ở khối nội chính chưa có chuyển biến")


# --- the command, templates, site -------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "bao-cao.pdf"], "--out phải là tệp .docx"),
    (["--out", "x.docx", "--period", "2030-Q1"], "`2030-Q1` không phải kỳ báo cáo của kế hoạch `kh-17-tu`"),
    (["--out", "x.docx", "--plan", "khac"], "Không có kế hoạch `khac`"),
    (["--out", "x.docx", "--template", "khong-co.docx"], "Không tìm thấy mẫu khong-co.docx"),
])
def test_usage_errors_exit_2_with_a_message_and_write_nothing(tmp_path, args, message):
    result = tiendo("report", "--data", str(EXAMPLE), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


def paragraph_of(template: Document, text: str):
    return next(p for p in template.element.body.iter(qn("w:p")) if Paragraph(p, template).text == text)


def unclosed_tag(template: Document) -> None:
    Paragraph(paragraph_of(template, "I. KẾT QUẢ CHUNG"), template).add_run("{{ report.khong_co }")


def condition_across_a_table(template: Document) -> None:
    """Word XML cut in the middle of a table: the result is not a document."""
    Paragraph(paragraph_of(template, "Chỉ số"), template).add_run("{% if false %}")
    Paragraph(paragraph_of(template, "II. KẾT QUẢ THỰC HIỆN CÁC NHÓM NHIỆM VỤ"), template).add_run("{% endif %}")


@pytest.mark.parametrize(("breakage", "message"), [
    (unclosed_tag, "thẻ trong mẫu mau.docx không đọc được"),
    (condition_across_a_table, "mẫu mau.docx tạo ra nội dung Word không hợp lệ"),
])
def test_a_broken_template_is_refused_and_the_existing_report_is_left_untouched(tmp_path, breakage, message):
    out = tmp_path / "bao-cao.docx"
    out.write_bytes(b"ban cu")
    broken = tmp_path / "mau.docx"
    template = Document(str(REPO / "generator/templates/report/party.docx"))
    breakage(template)
    template.save(str(broken))
    result = tiendo("report", "--data", str(EXAMPLE), "--out", str(out), "--template", str(broken))
    assert result.returncode == 2 and message in result.stderr and "Sửa mẫu trong Word" in result.stderr
    assert out.read_bytes() == b"ban cu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx", "mau.docx"]
    (tmp_path / "khong-phai-word.docx").write_text("không phải Word", encoding="utf-8")
    result = tiendo("report", "--data", str(EXAMPLE), "--out", str(out), "--template",
                    str(tmp_path / "khong-phai-word.docx"))
    assert result.returncode == 2 and "không phải tệp Word (.docx) dùng được" in result.stderr


def test_an_office_adapts_the_wording_in_its_own_template(tmp_path):
    adapted = tmp_path / "mau-cua-van-phong.docx"
    template = Document(str(REPO / "generator/templates/report/party.docx"))
    heading = next(p for p in template.paragraphs if p.text == "I. KẾT QUẢ CHUNG")
    heading.runs[0].text = "I. TÌNH HÌNH CHUNG"
    template.save(str(adapted))
    doc = report(EXAMPLE, tmp_path / "bao-cao.docx", "--template", str(adapted))
    text = lines(doc)
    assert "I. TÌNH HÌNH CHUNG" in text and "I. KẾT QUẢ CHUNG" not in text
    check_against_the_figures(doc, EXAMPLE, "2019-Q1")


def test_the_bundled_templates_are_what_the_blueprint_writes(tmp_path):
    for written in blueprint.write(tmp_path):
        assert written.read_bytes() == (REPO / "generator/templates/report" / written.name).read_bytes(), written.name


def test_the_same_data_gives_the_same_file(tmp_path):
    report(EXAMPLE, tmp_path / "a.docx")
    report(EXAMPLE, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_every_period_page_of_the_site_links_to_its_report(built_site):
    pages = sorted((built_site / "ky-bao-cao").glob("*/index.html"))
    assert len(pages) == 9
    for page in pages:
        period = page.parent.name
        hrefs = re.findall(r'href="([^"]+\.docx)"', page.read_text(encoding="utf-8"))
        assert hrefs == [f"../../tai-ve/{report_name('kh-17-tu', period)}"]
        target = (page.parent / hrefs[0]).resolve()
        doc = Document(str(target))
        dataset, _ = check(EXAMPLE, TODAY)
        label = next(iter(dataset.plans.values())).schedule.get(period).label
        assert f"Ban Thường vụ Thành ủy, {label}" in "\n".join(lines(doc))


def test_the_live_preview_offers_the_reports_too(tmp_path):
    from generator.site.serve import Preview

    preview = Preview(EXAMPLE, REPO / "mkdocs.yml", tmp_path, lambda: TODAY)
    try:
        preview.update()
        preview.downloads.files()
        assert preview.land()
        periods = [f"{year}-Q{quarter}" for year in (2017, 2018) for quarter in (1, 2, 3, 4)] + ["2019-Q1"]
        assert sorted(p.name for p in (preview.folder.out / "tai-ve").glob("*.docx")) == sorted(
            report_name("kh-17-tu", period) for period in periods)
    finally:
        preview.close()


# --- rendered by LibreOffice ------------------------------------------------------------------------------


def to_pdf(docx: Path, work: Path) -> Path:
    """The document as LibreOffice prints it."""
    libreoffice("pdf", docx, out=work, work=work)
    return work / f"{docx.stem}.pdf"


def pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout for n in range(1, count + 1)]


def unembedded_fonts(pdf: Path) -> list[str]:
    table_lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = table_lines.splitlines()[2:]
    assert rows
    return [row for row in rows if row.split()[-5] != "yes"]


def snapshot(pdf: Path, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / name)],
                   check=True, capture_output=True)


@pytest.mark.office
@pytest.mark.parametrize("case", ["example-party", "example-state", "synthetic-month", "hostile"])
def test_libreoffice_prints_the_report_with_embedded_fonts_and_sound_page_breaks(tmp_path, case):
    if case == "example-party":
        data = with_header(EXAMPLE, tmp_path / "data", PARTY_HEADER)
        first_page = ["ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số …-BC/BNCTU", "BÁO CÁO"]
    elif case == "example-state":
        data = with_header(EXAMPLE, tmp_path / "data", STATE_HEADER)
        first_page = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-TTr", "BÁO CÁO"]
    elif case == "synthetic-month":
        data = synthetic(tmp_path, STATE_HEADER, agencies=12, tasks=80, periods=8, cycle="month", seed=3)
        first_page = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO"]
    else:
        data = tmp_path / "data"
        shutil.copytree(FIXTURES / "base", data)
        update_file = data / "updates/kh-mau/cong-an/2019-Q2.yaml"
        update = yaml.safe_load(update_file.read_text(encoding="utf-8"))
        update["summary"] = update["entries"][0]["result"] = HOSTILE_MD
        update_file.write_text(yaml.safe_dump(update, allow_unicode=True, sort_keys=False), encoding="utf-8")
        first_page = ["ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO"]
    docx = tmp_path / f"{case}.docx"
    report(data, docx)
    pdf = to_pdf(docx, tmp_path)
    pages = pdf_pages(pdf)
    snapshot(pdf, f"report-{case}")
    assert unembedded_fonts(pdf) == []
    assert 3 <= len(pages) <= 60
    assert all(words in pages[0] for words in first_page)
    text_lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    assert text_lines[0][0] != "1"  # no number on the first page
    for number, page in enumerate(text_lines[1:], start=2):
        assert page[0] == str(number)  # at the top from page 2
        assert len(page) > 1, f"page {number} is blank"
    appendix = next(n for n, page in enumerate(text_lines) if "PHỤ LỤC I" in page)
    assert text_lines[appendix][1] == "PHỤ LỤC I"  # the appendix starts a page
    assert "Nơi nhận:" in pages[appendix - 1]  # the signature closes the page before it
