"""`tiendo stats` and `tiendo export` as a user runs them."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from conftest import EXAMPLE, TODAY, tiendo, write
from repos import make_repo


def test_stats_json_has_the_contract_shape_and_defaults_to_the_latest_reported_period():
    result = tiendo("stats", "--data", str(EXAMPLE), "--plan", "kh-17-tu")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["plan"] == "kh-17-tu" and figures["period"] == "2019-Q1"
    assert {"plan", "period", "reference_date", "totals", "groups", "agencies", "indicators"} <= figures.keys()
    assert list(figures["groups"]) == ["1", "2", "3", "4"]
    assert set(figures["agencies"]["cong-an-tp"]) >= {*figures["totals"], "submitted", "submitted_on", "on_time"}
    assert figures["totals"]["weighted_progress"] == 74.4


def test_stats_for_an_earlier_period(base_data):
    result = tiendo("stats", "--data", str(base_data), "--plan", "kh-mau", "--period", "2019-Q1", cwd=base_data)
    totals = json.loads(result.stdout)["totals"]
    assert (totals["in_progress"], totals["not_reported"], totals["recurring_reported"]) == (1, 1, 1)


def test_stats_text_is_vietnamese_with_vietnamese_numbers():
    result = tiendo("stats", "--data", str(EXAMPLE), "--plan", "kh-17-tu", "--format", "text")
    assert result.returncode == 0
    assert "Quý I/2019: số liệu chốt đến 14/03/2019" in result.stdout
    assert "74,4%" in result.stdout and "107.740,6 triệu đồng" in result.stdout


def test_stats_csv_one_row_per_scope():
    result = tiendo("stats", "--data", str(EXAMPLE), "--format", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["scope"] for r in rows].count("totals") == 1 and len(rows) == 1 + 4 + 8
    assert rows[0]["completion_rate"] == "53.3"


def test_unknown_plan_or_period_exits_2_with_a_clear_message():
    result = tiendo("stats", "--data", str(EXAMPLE), "--plan", "kh-99")
    assert result.returncode == 2 and "Không có kế hoạch `kh-99`" in result.stderr
    result = tiendo("stats", "--data", str(EXAMPLE), "--plan", "kh-17-tu", "--period", "2021-Q1")
    assert result.returncode == 2 and "không phải kỳ báo cáo" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_data_prints_the_errors_and_exits_1(base_data):
    write(base_data, "updates/kh-mau/vks/2019-Q1.yaml", "plan: kh-mau\nagency: vks\n")
    result = tiendo("stats", "--data", str(base_data), "--plan", "kh-mau", cwd=base_data)
    assert result.returncode == 1
    assert "missing-key" in result.stderr and result.stdout == ""


def test_export_writes_csv_with_bom_xlsx_and_json(tmp_path):
    out = tmp_path / "out"
    result = tiendo("export", "--data", str(EXAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    entries = (out / "tiendo-entries.csv").read_bytes()
    assert entries.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(entries.decode("utf-8-sig").splitlines()))
    assert {"plan", "period", "agency", "task", "role", "status", "progress", "result"} <= rows[0].keys()
    reports = sum(1 for _ in (EXAMPLE / "updates").rglob("*.yaml"))
    assert len({(r["agency"], r["period"]) for r in rows}) <= reports
    workbook = openpyxl.load_workbook(out / "tiendo.xlsx")
    assert workbook.sheetnames == ["Nhiệm vụ", "Báo cáo", "Thống kê", "Chỉ tiêu"]
    header = workbook["Thống kê"]["A1"]
    assert header.font.bold and header.value == "Kế hoạch\n(plan)"
    payload = json.loads((out / "tiendo.json").read_text(encoding="utf-8"))
    stats_rows = [r for r in payload["statistics"] if r["scope"] == "totals" and r["period"] == "2019-Q1"]
    assert stats_rows[0]["weighted_progress"] == 74.4
    assert len(payload["tasks"]) == 37


def _stats_text(root, width: int) -> list[str]:
    """`tiendo stats --format text` as printed to a terminal `width` columns wide (the command's console)."""
    from rich.console import Console

    from generator.check import check
    from generator.outputs.stats_text import print_stats
    from generator.stats.engine import compute_all

    data, _ = check(root, TODAY)
    timeline = next(iter(compute_all(data).values()))
    console = Console(file=io.StringIO(), width=width, soft_wrap=True, highlight=False, emoji=False,
                      color_system=None)
    print_stats(timeline.at(timeline.latest), timeline, data, console)
    return console.file.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 80, 200])
def test_stats_text_never_cuts_a_word_whatever_the_terminal_width(width):
    lines = _stats_text(EXAMPLE, width)
    text = "\n".join(lines)
    assert "…" not in text
    assert all(len(line) <= width for line in lines if line[:1] in "┏┃┡│└"), "a table wider than the terminal"
    assert "Quý I/2019: số liệu chốt đến 14/03/2019, hạn gửi báo cáo 20/03/2019" in text
    assert "Tổng hợp" in text and "Tiến độ bình quân" in text


def test_stats_text_in_a_wide_terminal_is_one_table_per_breakdown():
    lines = _stats_text(EXAMPLE, 200)
    header = next(line for line in lines if "Cơ quan" in line and "┃" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == [
        "Cơ quan", "NV", "Đúng hạn", "Trễ hạn", "Quá hạn", "Đang làm", "Chưa làm", "Chưa BC", "Hoàn thành", "Tiến độ",
        "Báo cáo kỳ"]
    vks = next(line for line in lines if line.startswith("│ VKSND TP"))
    assert [cell.strip() for cell in vks.strip("│").split("│")] == [
        "VKSND TP", "3", "1", "1", "0", "1", "0", "0", "66,7%", "85,0%", "22/03/2019 (trễ hạn)"]


@pytest.mark.parametrize("width", [60, 80])
def test_stats_text_in_a_narrow_terminal_is_one_block_per_scope_with_full_labels(width):
    lines = _stats_text(EXAMPLE, width)
    start = lines.index("VKSND TP")  # the agency's block: its name, then its figures line by line
    block = [" ".join(line.split()) for line in lines[start + 1:start + 11]]
    assert block == ["Số nhiệm vụ 3", "Hoàn thành đúng hạn 1", "Hoàn thành trễ hạn 1", "Quá hạn 0",
                     "Đang thực hiện 1", "Chưa triển khai 0", "Chưa có báo cáo 0", "Tỷ lệ hoàn thành 66,7%",
                     "Tiến độ bình quân 85,0%", "Báo cáo kỳ 22/03/2019 (trễ hạn)"]
    assert "Nhóm 4. Phát huy vai trò của nhân dân, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội" in lines
    assert "Nhiệm vụ 2.7: Số thủ tục hành chính được rà soát" in lines
    assert not any("┃" in line and "NV" in line for line in lines)  # no squeezed breakdown table


def test_stats_text_prints_names_from_the_data_as_plain_text(base_data):
    agencies = base_data / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("short_name: CATP",
                                                                     'short_name: "[red]CA[/red] [bold]"'),
                        encoding="utf-8")
    for width in (60, 200):
        assert any("[red]CA[/red] [bold]" in line for line in _stats_text(base_data, width))


@pytest.mark.parametrize(("decided_on", "listed"), [("2019-05-02", True), ("2019-07-01", False)])
def test_diff_shows_an_extension_as_a_new_due_from_the_period_it_was_decided_in(tmp_path, decided_on, listed):
    """2.1 (due 2019-Q4, never reported) extended to 30/06/2020: at the latest period, 2019-Q2 (R = 14/06/2019),
    the due in force changes only when the decision was taken by then."""
    repo = make_repo(tmp_path / "kho")
    plan = repo / "data/plans/kh-mau/plan.yaml"
    extension = f"    extensions:\n      - due: 2020-06-30\n        decided_on: {decided_on}\n"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    due: 2019-Q4\n", "    due: 2019-Q4\n" + extension),
                    encoding="utf-8")
    result = tiendo("diff", "main", "--data", "data", cwd=repo)
    assert result.returncode == 0, result.stderr
    row = "2.1 Xây dựng quy chế phối hợp | chưa có báo cáo 0% (hạn 31/12/2019) | chưa có báo cáo 0% (hạn 30/06/2020) |"
    assert (row in result.stdout) is listed
    assert "| Chưa có báo cáo | 1 | 1 |" in result.stdout  # no figure of 2019-Q2 changes either way
