"""`tiendo stats` as a user runs it (`tiendo export`: test_export.py)."""

from __future__ import annotations

import csv
import json

from conftest import EXAMPLE, tiendo, write


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
