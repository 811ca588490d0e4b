"""Report forms without git (contract §12): Excel forms written, filled as a clerk fills them, imported.

Forms are built with openpyxl and read back with openpyxl; filling is done with openpyxl as a clerk's
Excel would store what was typed (text "60%", a real date cell, a merged cell, a deleted row). Every
import ends as the report expected, or as a Vietnamese error at a sheet and cell, with no traceback and
no file written. The cells of the base plan's form for Công an, 2019-Q2:

    Báo cáo:  B4 plan, B5 agency, B6 period, B7 as_of, B8 submitted_on, B9 reporter, B10 summary,
              B11 obstacles, B12 proposals; revisions from row 16 (A date, B reason)
    Nhiệm vụ: row 4 task 1.1 (lead: E status, F progress, G completed on; H result, I obstacles,
              J proposals; K/L "Số vụ" and its value, M/N "Tỷ lệ giải quyết (%)" and its value),
              row 5 task 2.1 (support)
    Văn bản:  from row 4: A task, B number, C date, D title, E url
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from datetime import date, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, TODAY, libreoffice, problems_of, tiendo
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from generator.check import check
from generator.data.load import load
from generator.data.models import Update
from generator.data.reader import read_document
from generator.data.synth import SynthConfig
from generator.data.synth import write as write_synth
from generator.outputs.forms.importing import import_form
from generator.outputs.forms.on_site import current_period, offered_period
from generator.outputs.forms.writing import build_form
from generator.outputs.new_update import from_report, prefill
from generator.outputs.report_yaml import dump_report, schema_line

ARTIFACTS = REPO / "test-artifacts"
TARGET = "updates/kh-mau/cong-an/2019-Q2.yaml"


# --- helpers ----------------------------------------------------------------------------------------


def content(path: Path) -> dict:
    """A report file's content as the contract reads it (typed, absent fields left out)."""
    doc, problems = read_document(path.read_bytes(), path.name)
    assert problems == []
    return Update.model_validate(doc.data).model_dump(exclude_none=True, exclude_defaults=True)


def fill(form: Path, cells: dict[str, object] | None = None, edit=None) -> Path:
    """Type values into cells (`"Nhiệm vụ!F4": "60%"`; a (value, number format) pair for a formatted cell),
    or change the workbook with `edit`, then save as the clerk's Excel would."""
    workbook = load_workbook(form)
    for address, value in (cells or {}).items():
        sheet, coordinate = address.split("!")
        cell = workbook[sheet][coordinate]
        if isinstance(value, tuple):
            value, cell.number_format = value
        cell.value = value
    if edit is not None:
        edit(workbook)
    workbook.save(form)
    return form


def run_import(root: Path, form: Path, *args: str):
    result = tiendo("import", str(form), "--data", str(root), *args, cwd=root.parent)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": lỗi " in line]


@pytest.fixture
def q2(base_data: Path) -> Path:
    """Base data without Công an's 2019-Q2 report (task 1.1 in progress at 40% after 2019-Q1)."""
    (base_data / TARGET).unlink()
    return base_data


@pytest.fixture
def form(q2: Path) -> Path:
    """Công an's prefilled 2019-Q2 form, as `tiendo form` writes it."""
    out = q2.parent / "bieu-mau.xlsx"
    result = tiendo("form", "--data", str(q2), "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q2",
                    "--out", str(out), cwd=q2.parent)
    assert result.returncode == 0, result.stderr
    assert "Đã tạo biểu mẫu" in result.stdout
    return out


PREFILLED = {"plan": "kh-mau", "agency": "cong-an", "period": "2019-Q2", "as_of": date(2019, 6, 14),
             "submitted_on": TODAY, "entries": [{"task": "1.1", "status": "in_progress", "progress": 40}]}


# --- the form as written ------------------------------------------------------------------------------


def test_form_sheets_guide_first_and_the_record_very_hidden(form):
    workbook = load_workbook(form)
    assert workbook.sheetnames == ["Hướng dẫn", "Báo cáo", "Nhiệm vụ", "Văn bản", "_tiendo"]
    assert workbook.active.title == "Hướng dẫn"
    assert workbook["Hướng dẫn"]["A1"].value == "BIỂU MẪU BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH"
    assert workbook["Hướng dẫn"]["A3"].value == "Cơ quan báo cáo: Công an thành phố"
    assert workbook["_tiendo"].sheet_state == "veryHidden"
    assert workbook.security.lockStructure


def test_form_is_prefilled_like_new_update_with_the_plan_in_locked_cells(form):
    workbook = load_workbook(form)
    report, tasks = workbook["Báo cáo"], workbook["Nhiệm vụ"]
    assert [report[f"B{row}"].value for row in (4, 5, 6)] == ["kh-mau", "cong-an", "2019-Q2"]
    assert report["B7"].value == datetime(2019, 6, 14) and report["B8"].value == datetime(2026, 1, 1)
    assert [[tasks.cell(row, column).value for column in range(1, 15)] for row in (4, 5)] == [
        ["1.1", "Thanh tra đất đai, xây dựng cơ bản", "Chủ trì", "30/06/2019", "Đang thực hiện", 40, None,
         None, None, None, "Số vụ chuyển cơ quan điều tra (vụ)", None, "Tỷ lệ giải quyết (%)", None],
        ["2.1", "Xây dựng quy chế phối hợp", "Phối hợp", "31/12/2019", None, None, None, None, None, None,
         None, None, None, None],
    ]


def test_locked_cells_are_locked_and_the_clerks_cells_are_not(form):
    workbook = load_workbook(form)
    for name in ("Hướng dẫn", "Báo cáo", "Nhiệm vụ", "Văn bản"):
        assert workbook[name].protection.sheet, name
        assert workbook[name].protection.password is None
    report, tasks, documents = workbook["Báo cáo"], workbook["Nhiệm vụ"], workbook["Văn bản"]
    locked = [report["B4"], report["B5"], report["B6"], tasks["A4"], tasks["B4"], tasks["D4"], tasks["K4"],
              tasks["E5"], tasks["F5"]]  # 2.1 is supported: no status, no progress
    free = [report["B7"], report["B8"], report["B10"], report["A16"], report["B16"], tasks["E4"], tasks["F4"],
            tasks["G4"], tasks["H4"], tasks["J5"], tasks["L4"], tasks["N4"], documents["A4"], documents["E23"]]
    assert [c.coordinate for c in locked if not c.protection.locked] == []
    assert [c.coordinate for c in free if c.protection.locked] == []
    assert tasks["H4"].alignment.wrap_text and tasks["B4"].alignment.wrap_text
    assert documents.protection.insertRows is False  # documents may be added


def test_status_is_a_drop_down_and_numbers_and_dates_are_checked(form):
    tasks = load_workbook(form)["Nhiệm vụ"]
    rules = {str(v.sqref): v for v in tasks.data_validations.dataValidation}
    assert rules["E4"].type == "list" and rules["E4"].formula1 == '"Chưa triển khai,Đang thực hiện,Hoàn thành"'
    assert (rules["F4"].type, rules["F4"].formula1, rules["F4"].formula2) == ("decimal", "0", "100")
    assert rules["G4"].type == "date" and rules["G4"].formula1 == "DATE(2019,1,1)"
    assert rules["G4"].formula2 == "DATE(2019,6,14)"
    assert (rules["L4 N4"].type, rules["L4 N4"].operator) == ("decimal", "greaterThanOrEqual")


def test_form_prints_on_a4_landscape_with_repeated_headers_fit_to_width(form):
    workbook = load_workbook(form)
    for name, orientation in (("Hướng dẫn", "portrait"), ("Báo cáo", "portrait"), ("Nhiệm vụ", "landscape"),
                              ("Văn bản", "landscape")):
        sheet = workbook[name]
        assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, orientation), name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1, name
    assert workbook["Nhiệm vụ"].print_title_rows == "$3:$3"


def test_texts_are_written_as_text_never_as_formulas(base_data):
    agencies = base_data / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(
        "name: Công an thành phố", 'name: "=HYPERLINK(\\"http://x\\",\\"Bấm\\")"'), encoding="utf-8")
    data, _ = check(base_data, TODAY)
    update = next(u for u in data.updates if u.path.relative == TARGET)
    update.model.entries[0].result = "=1+1"
    out = base_data.parent / "f.xlsx"
    out.write_bytes(build_form(from_report(data, update), TODAY))
    workbook = load_workbook(out)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [c.coordinate for c in cells if c.value.startswith("=") and c.data_type != "s"] == []
    assert workbook["Nhiệm vụ"]["H4"].value == "=1+1"


def test_the_same_draft_and_day_give_the_same_bytes(q2):
    data, _ = check(q2, TODAY)
    draft = prefill(data, "kh-mau", "cong-an", "2019-Q2", TODAY)
    assert build_form(draft, TODAY) == build_form(draft, TODAY)


# --- filling the form as a clerk does -------------------------------------------------------------------


def test_an_untouched_prefilled_form_imports_as_the_prefilled_report(q2, form):
    result = run_import(q2, form)
    assert result.returncode == 0, result.stderr
    assert "Đã ghi data/updates/kh-mau/cong-an/2019-Q2.yaml từ biểu mẫu bieu-mau.xlsx" in result.stdout
    assert content(q2 / TARGET) == PREFILLED
    text = (q2 / TARGET).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../docs/schemas/update.schema.json\n")


def entry(**fields) -> dict:
    return {"task": "1.1", "status": "in_progress", "progress": 40, **fields}


@pytest.mark.parametrize("cells, expected", [
    pytest.param({"Nhiệm vụ!F4": "60"}, {"entries": [entry(progress=60)]}, id="progress-typed-as-text"),
    pytest.param({"Nhiệm vụ!F4": "60%"}, {"entries": [entry(progress=60)]}, id="progress-with-percent-sign"),
    pytest.param({"Nhiệm vụ!F4": (0.6, "0%")}, {"entries": [entry(progress=60)]}, id="percent-cell-of-excel"),
    pytest.param({"Nhiệm vụ!F4": "62,5"}, {"entries": [entry(progress=62.5)]}, id="decimal-comma"),
    pytest.param({"Nhiệm vụ!L4": "1.234.567", "Nhiệm vụ!N4": "85,5%"},
                 {"entries": [entry(indicators={"so-vu": 1234567, "ty-le": 85.5})]}, id="grouped-thousands"),
    pytest.param({"Nhiệm vụ!L4": 12, "Nhiệm vụ!N4": "4120"}, {"entries": [entry(indicators={"so-vu": 12, "ty-le": 4120})]},
                 id="number-cell-and-plain-thousands"),
    pytest.param({"Báo cáo!B7": "10/06/2019"}, {"as_of": date(2019, 6, 10)}, id="date-typed-day-first"),
    pytest.param({"Báo cáo!B8": "15/06/2019"}, {"submitted_on": date(2019, 6, 15)}, id="15/06/2019-is-15-june"),
    pytest.param({"Báo cáo!B7": "1/6/2019"}, {"as_of": date(2019, 6, 1)}, id="date-without-leading-zeros"),
    pytest.param({"Báo cáo!B8": "2019-06-15"}, {"submitted_on": date(2019, 6, 15)}, id="iso-date"),
    pytest.param({"Báo cáo!B7": datetime(2019, 6, 10)}, {"as_of": date(2019, 6, 10)}, id="real-excel-date"),
    pytest.param({"Nhiệm vụ!E4": "Hoàn thành", "Nhiệm vụ!F4": None, "Nhiệm vụ!G4": "10/06/2019"},
                 {"entries": [{"task": "1.1", "status": "completed", "completed_on": date(2019, 6, 10)}]},
                 id="completed-picked-from-the-list"),
    pytest.param({"Nhiệm vụ!E4": None, "Nhiệm vụ!F4": None}, {"entries": []}, id="lead-row-cleared-no-entry"),
    pytest.param({"Nhiệm vụ!H5": "Góp ý dự thảo\nlần 2: xong #1", "Báo cáo!B9": "yes"},
                 {"reporter": "yes", "entries": [entry(), {"task": "2.1", "result": "Góp ý dự thảo\nlần 2: xong #1"}]},
                 id="supporter-result-on-two-lines"),
    pytest.param({"Văn bản!A4": "1.1", "Văn bản!B4": "45/BC-CAT", "Văn bản!C4": "12/06/2019",
                  "Văn bản!D4": "Báo cáo kết quả", "Văn bản!E4": "https://example.gov.vn/45"},
                 {"entries": [entry(documents=[{"number": "45/BC-CAT", "date": date(2019, 6, 12),
                                               "title": "Báo cáo kết quả", "url": "https://example.gov.vn/45"}])]},
                 id="a-document"),
    pytest.param({"Báo cáo!A16": "20/06/2019", "Báo cáo!B16": "Bổ sung số liệu"},
                 {"revisions": [{"date": date(2019, 6, 20), "reason": "Bổ sung số liệu"}]}, id="a-revision"),
])
def test_what_a_clerk_types_is_imported(q2, form, cells, expected):
    result = run_import(q2, fill(form, cells))
    assert result.returncode == 0, result.stderr
    assert content(q2 / TARGET) == {**PREFILLED, **expected}


def test_an_inserted_blank_row_changes_nothing(q2, form):
    result = run_import(q2, fill(form, edit=lambda wb: wb["Nhiệm vụ"].insert_rows(5)))
    assert result.returncode == 0, result.stderr
    assert content(q2 / TARGET) == PREFILLED


def insert_row_with_text(workbook) -> None:
    workbook["Nhiệm vụ"].insert_rows(5)
    workbook["Nhiệm vụ"]["H5"] = "Kết quả gõ vào dòng chèn thêm"


@pytest.mark.parametrize("cells, edit, errors", [
    pytest.param({"Nhiệm vụ!L4": "4.120"}, None, [
        "Nhiệm vụ!L4: lỗi `4.120` không rõ là 4120 hay 4,12: gõ 4120 (không có dấu chấm) hoặc 4,12 (dấu phẩy "
        "thập phân)."], id="ambiguous-thousands"),
    pytest.param({"Báo cáo!B7": "06/14/2019"}, None, [
        "Báo cáo!B7: lỗi `06/14/2019` không phải ngày: không có tháng 14 (gõ ngày/tháng/năm)."], id="month-first"),
    pytest.param({"Nhiệm vụ!G4": "31/06/2019"}, None, [
        "Nhiệm vụ!G4: lỗi `31/06/2019` không phải ngày: tháng 6 năm 2019 không có ngày 31."], id="no-such-day"),
    pytest.param({"Nhiệm vụ!E4": "Xong"}, None, [
        "Nhiệm vụ!E4: lỗi `Xong` không có trong danh sách tình trạng; chọn một trong: Chưa triển khai, Đang thực "
        "hiện, Hoàn thành."], id="status-not-in-the-list"),
    pytest.param({"Nhiệm vụ!F4": "sáu mươi", "Nhiệm vụ!L4": "5%"}, None, [
        "Nhiệm vụ!F4: lỗi `sáu mươi` không phải một số; gõ một số, ví dụ 60 hoặc 12,5.",
        "Nhiệm vụ!L4: lỗi `5%`: chỉ tiêu này không tính bằng phần trăm; gõ số, không kèm dấu %."], id="not-numbers"),
    pytest.param({"Nhiệm vụ!L4": "=2+3"}, None, [
        "Nhiệm vụ!L4: lỗi ô chứa công thức `=2+3`; gõ giá trị thay cho công thức."], id="formula"),
    pytest.param({"Nhiệm vụ!E5": "Hoàn thành"}, None, [
        "Nhiệm vụ!E5: lỗi chỉ cơ quan chủ trì ghi Tình trạng, Tiến độ, Ngày hoàn thành; xóa giá trị trong ô."],
        id="status-of-a-supported-task"),
    pytest.param({"Nhiệm vụ!B4": "Nhiệm vụ khác"}, None, [
        "Nhiệm vụ!B4: lỗi ô khóa đã bị sửa (phải là `Thanh tra đất đai, xây dựng cơ bản`); dùng lại biểu mẫu gốc."],
        id="changed-locked-cell"),
    pytest.param({"Báo cáo!B5": "vks"}, None, [
        "Báo cáo!B5: lỗi biểu mẫu này là của cơ quan `cong-an` nhưng ô đã bị sửa thành `vks`. Mỗi cơ quan, mỗi "
        "kỳ dùng đúng biểu mẫu của mình; không sửa ô khóa."], id="form-for-the-wrong-agency"),
    pytest.param(None, lambda wb: wb["Nhiệm vụ"].merge_cells("H4:I4"), [
        "Nhiệm vụ!H4:I4: lỗi các ô này bị gộp; bỏ gộp ô (Merge) để mỗi ô giữ một giá trị."], id="merged-cells"),
    pytest.param(None, lambda wb: wb["Nhiệm vụ"].delete_rows(5), [
        "Nhiệm vụ!A5: lỗi dòng của nhiệm vụ 2.1 (dòng 5 của biểu mẫu gốc) đã bị xóa; chép lại dòng đó từ biểu "
        "mẫu gốc."], id="deleted-row"),
    pytest.param(None, insert_row_with_text, [
        "Nhiệm vụ!A5: lỗi dòng này có nội dung nhưng không có số hiệu nhiệm vụ (dòng chèn thêm?); chuyển nội dung "
        "vào dòng của nhiệm vụ rồi xóa dòng này."], id="inserted-row-with-text"),
    pytest.param({"Văn bản!B4": "45/BC", "Văn bản!A5": "1.2", "Văn bản!B5": "46/BC"}, None, [
        "Văn bản!A4: lỗi chưa chọn số hiệu nhiệm vụ của văn bản ở dòng này.",
        "Văn bản!A5: lỗi `1.2` không phải nhiệm vụ của biểu mẫu này; chọn trong danh sách."], id="documents"),
    pytest.param({"Nhiệm vụ!L4": "4.120", "Báo cáo!B8": "32/12/2019", "Nhiệm vụ!A4": "1.9"}, None, [
        "Báo cáo!B8: lỗi `32/12/2019` không phải ngày: tháng 12 năm 2019 không có ngày 32.",
        "Nhiệm vụ!A4: lỗi `1.9` không phải nhiệm vụ của biểu mẫu này; không sửa ô khóa.",
        "Nhiệm vụ!A4: lỗi dòng của nhiệm vụ 1.1 (dòng 4 của biểu mẫu gốc) đã bị xóa; chép lại dòng đó từ biểu mẫu "
        "gốc."], id="every-problem-in-one-run"),
])
def test_a_form_with_problems_is_refused_cell_by_cell_and_nothing_is_written(q2, form, cells, edit, errors):
    result = run_import(q2, fill(form, cells, edit))
    assert result.returncode == 1
    assert error_lines(result) == errors
    assert "Biểu mẫu có" in result.stderr and "nên chưa ghi gì vào dữ liệu" in result.stderr
    assert not (q2 / TARGET).exists()
    assert list((q2 / TARGET).parent.iterdir()) == [q2 / "updates/kh-mau/cong-an/2019-Q1.yaml"]


@pytest.mark.parametrize("cells, errors", [
    pytest.param({"Nhiệm vụ!F4": "100"}, [
        "Nhiệm vụ!F4: lỗi [progress-mismatch] «Tiến độ (%)» 100 không khớp với «Đang thực hiện»: đang thực hiện thì "
        "tiến độ phải lớn hơn 0 và nhỏ hơn 100."], id="progress-100-in-progress"),
    pytest.param({"Nhiệm vụ!E4": "Hoàn thành", "Nhiệm vụ!F4": None}, [
        "Nhiệm vụ!E4: lỗi [completed-on-required] Nhiệm vụ `1.1` đã hoàn thành nhưng thiếu ngày hoàn thành."],
        id="completed-without-a-date"),
    pytest.param({"Văn bản!A4": "1.1", "Văn bản!B4": "45/BC", "Văn bản!E4": "ftp://x"}, [
        "Văn bản!E4: lỗi [invalid-url] Đường dẫn `ftp://x` không hợp lệ: chỉ chấp nhận địa chỉ http:// hoặc "
        "https://."], id="not-a-web-address"),
    pytest.param({"Báo cáo!B7": "01/01/2019"}, [
        "Báo cáo!B7: lỗi [as-of-outside-window] Ngày chốt số liệu (01/01/2019) nằm ngoài kỳ báo cáo Quý II/2019 (từ "
        "15/03/2019 đến 14/06/2019)."], id="as-of-outside-the-period"),
    pytest.param({"Báo cáo!B8": "01/06/2019"}, [
        "Báo cáo!B8: lỗi [submitted-before-as-of] Ngày gửi (01/06/2019) trước ngày chốt số liệu (14/06/2019)."],
        id="sent-before-the-cutoff"),
])
def test_problems_of_the_report_are_told_at_the_cell_the_value_came_from(q2, form, cells, errors):
    result = run_import(q2, fill(form, cells))
    assert result.returncode == 1
    assert error_lines(result) == errors
    assert not (q2 / TARGET).exists()


def test_an_existing_report_is_replaced_only_with_replace_and_never_by_a_failing_form(base_data):
    path = base_data / TARGET
    before = path.read_bytes()
    out = base_data.parent / "sua.xlsx"
    made = tiendo("form", "--data", str(base_data), "--from", str(path), "--out", str(out), cwd=base_data.parent)
    assert made.returncode == 0, made.stderr
    refused = run_import(base_data, out)
    assert refused.returncode == 2
    assert "Đã có báo cáo data/updates/kh-mau/cong-an/2019-Q2.yaml. Thêm --replace" in refused.stderr
    failing = run_import(base_data, fill(out, {"Nhiệm vụ!G4": "hôm qua"}), "--replace")
    assert failing.returncode == 1 and path.read_bytes() == before
    replaced = run_import(base_data, fill(out, {"Nhiệm vụ!G4": datetime(2019, 6, 11)}), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert content(path)["entries"][0]["completed_on"] == date(2019, 6, 11)
    assert sorted(p.name for p in path.parent.iterdir()) == ["2019-Q1.yaml", "2019-Q2.yaml"]  # no temporary file


@pytest.mark.parametrize("make, message", [
    pytest.param(lambda p, form: p.write_text("không phải Excel", encoding="utf-8"),
                 "Không mở được f.xlsx như một tệp Excel .xlsx", id="not-a-workbook"),
    pytest.param(lambda p, form: Workbook().save(p), "f.xlsx không phải biểu mẫu báo cáo của tiendo",
                 id="another-workbook"),
    pytest.param(lambda p, form: shutil.copy(fill(form, edit=lambda wb: wb["_tiendo"].delete_rows(5, 30)), p),
                 "Phần ghi nhận ẩn của biểu mẫu f.xlsx đã bị sửa; tạo lại biểu mẫu.", id="hidden-record-edited"),
])
def test_a_file_that_is_not_a_form_is_refused_without_a_traceback(q2, form, make, message):
    path = q2.parent / "f.xlsx"
    make(path, form)
    result = run_import(q2, path)
    assert result.returncode == 2 and message in result.stderr


def test_form_needs_either_a_new_report_or_an_existing_one(base_data):
    for args in (["--plan", "kh-mau"], ["--from", "x.yaml", "--agency", "vks"], []):
        result = tiendo("form", "--data", str(base_data), *args, cwd=base_data.parent)
        assert result.returncode == 2 and "Dùng --plan, --agency và --period" in result.stderr


def test_form_never_overwrites_a_file(q2, form):
    before = form.read_bytes()
    result = tiendo("form", "--data", str(q2), "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q2",
                    "--out", str(form), cwd=q2.parent)
    assert result.returncode == 2 and "Đã có tệp" in result.stderr and form.read_bytes() == before


# --- round trip: form --from R, then import, gives R -------------------------------------------------


def round_trip(root: Path) -> list[str]:
    """Every report of a data folder through a form and back; the reports that changed."""
    data, problems = check(root, TODAY)
    assert [p for p in problems if p.is_error] == []
    changed = []
    for update in data.updates:
        form = root.parent / "form.xlsx"
        form.write_bytes(build_form(from_report(data, update), TODAY))
        imported = import_form(form, data, TODAY, replace=True)
        if content(imported.path) != update.model.model_dump(exclude_none=True, exclude_defaults=True):
            changed.append(update.doc.path)
    return changed


def test_every_example_report_survives_a_form_round_trip(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    assert round_trip(tmp_path / "data") == []


@pytest.mark.parametrize("cycle", ["month", "quarter", "half", "year"])
def test_synthetic_reports_of_every_cycle_survive_a_form_round_trip(tmp_path, cycle):
    write_synth(tmp_path / "data", SynthConfig(agencies=4, tasks=14, periods=5, cycle=cycle, seed=3))
    assert round_trip(tmp_path / "data") == []


HOSTILE = ["yes", "NO", "null", "~", "", " ", "a: b", "# không", "x #y", "@nguoi", "*sao", "&neo", "!tag", "- gạch",
           "| khối", "> gấp", "=1+1", "+84", "-1", "'", '"', "1.10", "0x10", "2019-02-30", "_x0041_", "_x005F_x0041_",
           "dòng 1\ndòng 2", "\ndòng đầu trống", "cuối \ncách", "tab\tở giữa", "\r\n", "%0A::error::",
           "<script>alert(1)</script>", "Nghị quyết số 04-NQ/TW: “tự diễn biến”"]
# hidden characters (controls, bidirectional overrides, line separators) make a report invalid: not drawn
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
texts = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                                                   exclude_characters=HIDDEN), max_size=40))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=texts, reporter=texts, result=texts, support=texts, title=texts, reason=texts.filter(str.strip))
def test_hostile_texts_survive_a_form_round_trip(tmp_path_factory, summary, reporter, result, support, title, reason):
    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(REPO / "tests/fixtures/base", root)
    path = root / TARGET
    report = {"plan": "kh-mau", "agency": "cong-an", "period": "2019-Q2", "as_of": date(2019, 6, 14),
              "submitted_on": date(2019, 6, 25), "reporter": reporter, "summary": summary, "obstacles": support,
              "revisions": [{"date": date(2019, 6, 26), "reason": reason}],
              "entries": [{"task": "1.1", "status": "completed", "completed_on": date(2019, 6, 10), "result": result,
                           "documents": [{"number": "45/BC", "title": title}]},
                          {"task": "2.1", "proposals": support}]}
    path.write_text(dump_report(report, schema_line(path, root.parent)), encoding="utf-8")
    _, problems = check(root, TODAY)
    assume(not [p for p in problems if p.is_error])  # the claim is about valid reports
    assert round_trip(root) == []


# --- rendering ----------------------------------------------------------------------------------------------


@pytest.mark.office
def test_form_renders_on_a4_pages_in_libreoffice(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    report = "data/updates/kh-17-tu/cong-an-tp/2019-Q1.yaml"  # long texts, indicators, a standing task
    made = tiendo("form", "--from", report, "--out", "bieu-mau.xlsx", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    libreoffice("pdf", tmp_path / "bieu-mau.xlsx", out=tmp_path, work=tmp_path)
    pdf = tmp_path / "bieu-mau.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "10", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0].strip() for line in info.splitlines()
             if line.startswith("Page") and "size" in line]
    # guide and report fields on portrait pages; tasks and documents each fit the width of one landscape page
    assert sizes == ["595.304 x 841.89", "595.304 x 841.89", "841.89 x 595.304", "841.89 x 595.304"]
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "bieu-mau")], check=True, timeout=120)
    assert (ARTIFACTS / "bieu-mau-3.png").stat().st_size > 10_000


@pytest.mark.office
def test_a_form_saved_by_libreoffice_imports_to_the_same_report(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    report = tmp_path / "data/updates/kh-17-tu/cong-an-tp/2019-Q1.yaml"
    before = content(report)
    assert tiendo("form", "--from", str(report), "--out", "f.xlsx", cwd=tmp_path).returncode == 0
    libreoffice("xlsx", tmp_path / "f.xlsx", out=tmp_path / "saved", work=tmp_path)
    result = run_import(tmp_path / "data", tmp_path / "saved/f.xlsx", "--replace")
    assert result.returncode == 0, result.stderr
    assert content(report) == before


# --- forms on the site ----------------------------------------------------------------------------------------


def test_each_agency_page_offers_its_next_report_as_excel_and_yaml(built_site, tmp_path):
    page = (built_site / "co-quan/cong-an-tp/index.html").read_text(encoding="utf-8")
    folder = "tai-ve/bieu-mau/kh-17-tu/cong-an-tp"
    assert f'<a href="../../{folder}/bieu-mau-cong-an-tp-2019-Q2.xlsx" download>biểu mẫu Excel</a>' in page
    assert f'<a href="../../{folder}/2019-Q2.yaml" download>tệp YAML 2019-Q2.yaml</a>' in page
    assert load_workbook(built_site / folder / "bieu-mau-cong-an-tp-2019-Q2.xlsx")["Báo cáo"]["B6"].value == "2019-Q2"
    shutil.copytree(EXAMPLE, tmp_path / "data")
    shutil.copy(built_site / folder / "2019-Q2.yaml", tmp_path / "data/updates/kh-17-tu/cong-an-tp/2019-Q2.yaml")
    assert [p for p in problems_of(tmp_path / "data") if p.is_error] == []


def test_the_guide_links_and_steps_use_the_forms(built_site):
    guide = (REPO / "docs/huong-dan/index.md").read_text(encoding="utf-8")
    assert "Copy path" not in guide
    assert "**Add file → Upload files**" in guide and "tiendo import" in guide
    assert 'id="bieu-mau"' in (built_site / "huong-dan/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("reported, today, offered", [
    pytest.param([], date(2019, 3, 20), "2019-Q2", id="first-report-the-period-under-way"),
    pytest.param([], date(2018, 6, 1), None, id="before-the-plan-starts-nothing-to-report"),
    pytest.param(["2019-Q1"], date(2019, 3, 20), "2019-Q2", id="the-next-period-has-begun"),
    pytest.param(["2019-Q1"], date(2019, 3, 14), None, id="the-next-period-has-not-begun"),
    pytest.param(["2019-Q1"], date(2019, 12, 20), "2019-Q2", id="a-missed-period-first"),
    pytest.param(["2020-Q4"], date(2021, 6, 1), None, id="the-plan-is-over"),
])
def test_the_period_offered_is_the_one_after_the_latest_report(base_data, reported, today, offered):
    for name in ("cong-an/2019-Q1.yaml", "cong-an/2019-Q2.yaml"):
        (base_data / "updates/kh-mau" / name).unlink()
    for period in reported:
        (base_data / "updates/kh-mau/cong-an" / f"{period}.yaml").write_text(
            f"plan: kh-mau\nagency: cong-an\nperiod: {period}\nas_of: 2019-03-14\nsubmitted_on: 2019-03-14\n"
            "entries: []\n", encoding="utf-8")
    data, _ = load(base_data)
    period = offered_period(data, data.plans["kh-mau"], "cong-an", today)
    assert (period.id if period else None) == offered


def test_current_period_follows_the_cutoff_day(base_data):
    data, _ = load(base_data)
    schedule = data.plans["kh-mau"].schedule
    assert current_period(schedule, date(2019, 3, 14)).id == "2019-Q1"
    assert current_period(schedule, date(2019, 3, 15)).id == "2019-Q2"  # cutoff_day 14


@pytest.mark.browser
def test_the_agency_page_form_links_download_files_that_open(built_site, tmp_path):
    """In Chromium: the two links of the agency page download an Excel form openpyxl reads and a YAML report
    that validates once put in the agency's folder."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            page = browser.new_context(accept_downloads=True).new_page()
            page.goto(f"http://{host}:{port}/co-quan/cong-an-tp/", wait_until="load")
            files = {}
            for name in ("biểu mẫu Excel", "tệp YAML 2019-Q2.yaml"):
                with page.expect_download() as download:
                    page.get_by_role("link", name=name).click()
                files[name] = tmp_path / download.value.suggested_filename
                download.value.save_as(files[name])
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(p.name for p in files.values()) == ["2019-Q2.yaml", "bieu-mau-cong-an-tp-2019-Q2.xlsx"]
    workbook = load_workbook(files["biểu mẫu Excel"])
    assert workbook["Báo cáo"]["B5"].value == "cong-an-tp" and workbook["Nhiệm vụ"]["A4"].value == "1.1"
    shutil.copytree(EXAMPLE, tmp_path / "data")
    shutil.copy(files["tệp YAML 2019-Q2.yaml"], tmp_path / "data/updates/kh-17-tu/cong-an-tp/2019-Q2.yaml")
    assert [p for p in problems_of(tmp_path / "data") if p.is_error] == []


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass
