"""`tiendo new-update`: the prefilled report, its comments and hints, and values that cannot break the YAML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, problems_of, tiendo, write

from generator.check import check
from generator.data.reader import read_document
from generator.outputs.new_update import new_update


def new_report(root: Path, agency: str, period: str) -> str:
    result = tiendo("new-update", "--data", str(root), "--plan", "kh-mau", "--agency", agency, "--period", period,
                    cwd=root.parent)
    assert result.returncode == 0, result.stderr
    return (root / f"updates/kh-mau/{agency}/{period}.yaml").read_text(encoding="utf-8")


def entry_lines(text: str, task: str) -> list[str]:
    """The lines of one entry, from its `- task:` line to the next entry's comment."""
    lines = text.splitlines()
    start = lines.index(f'  - task: "{task}"')
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  #")), len(lines))
    return [line.strip() for line in lines[start:end]]


@pytest.fixture
def before_q2(base_data: Path) -> Path:
    """The base data without Công an's 2019-Q2 report: task 1.1 is in progress (40%) when Q2 starts."""
    (base_data / "updates/kh-mau/cong-an/2019-Q2.yaml").unlink()
    return base_data


@pytest.mark.parametrize("agency, task, expected", [
    pytest.param("cong-an", "1.1", [
        '- task: "1.1"',
        "status: in_progress         # in_progress | completed (khi xong: thêm completed_on, bỏ progress)",
        "progress: 40                # phần trăm đã làm, từ 1 đến 99",
        "# completed_on:             # khi hoàn thành: ngày hoàn thành, dạng YYYY-MM-DD",
        "result:                     # kết quả thực hiện trong kỳ",
        "indicators:                 # số liệu trong kỳ: so-vu, ty-le",
    ], id="one-off-in-progress-can-be-completed"),
    pytest.param("vks", "1.2", [
        '- task: "1.2"',
        "status: in_progress         # in_progress (có thực hiện trong kỳ) | not_started (không thực hiện)",
        "result:                     # kết quả thực hiện trong kỳ",
    ], id="standing-task-never-completed"),
    pytest.param("ban-noi-chinh", "2.1", [
        '- task: "2.1"',
        "status: not_started         # not_started | in_progress (thêm progress) | completed (thêm completed_on)",
        "# progress:                 # khi đang thực hiện: phần trăm đã làm, từ 1 đến 99",
        "# completed_on:             # khi hoàn thành: ngày hoàn thành, dạng YYYY-MM-DD",
        "result:                     # kết quả thực hiện trong kỳ",
    ], id="one-off-not-started"),
    pytest.param("vks", "1.1", [
        '- task: "1.1"',
        "result:                     # kết quả thực hiện trong kỳ",
        "indicators:                 # số liệu trong kỳ: so-vu",
    ], id="supporter-has-no-status-and-only-sum-indicators"),
])
def test_status_hint_follows_the_task_kind_and_shows_the_fields_the_next_status_needs(before_q2, agency, task,
                                                                                       expected):
    assert entry_lines(new_report(before_q2, agency, "2019-Q2"), task) == expected


def test_a_completed_task_keeps_its_status_and_date(base_data):
    assert entry_lines(new_report(base_data, "cong-an", "2019-Q3"), "1.1")[:3] == [
        '- task: "1.1"',
        "status: completed           # đã hoàn thành: giữ nguyên trạng thái và ngày hoàn thành",
        "completed_on: 2019-06-10    # ngày hoàn thành",
    ]


def test_every_prefilled_report_validates(before_q2):
    for agency in ("cong-an", "vks", "ban-noi-chinh"):
        new_report(before_q2, agency, "2019-Q2" if agency != "vks" else "2019-Q3")
    assert [p for p in problems_of(before_q2) if p.is_error] == []


def test_names_with_line_breaks_cannot_add_keys_to_the_report(before_q2):
    agencies = (before_q2 / "agencies.yaml").read_text(encoding="utf-8")
    write(before_q2, "agencies.yaml", agencies.replace(
        "name: Công an thành phố", 'name: "Công an\\nagency: vks\\rperiod: 2019-Q4\\nplan: x"'))
    plan = (before_q2 / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    write(before_q2, "plans/kh-mau/plan.yaml", plan.replace("code: 01-KH/TU", 'code: "01-KH/TU\\n- task: \\"9.9\\""')
          .replace("title: Thanh tra đất đai, xây dựng cơ bản",
                   'title: "Thanh tra\\n  - task: \\"1.2\\"\\n    status: completed"'))
    assert [p for p in problems_of(before_q2) if p.is_error] == []
    text = new_report(before_q2, "cong-an", "2019-Q2")
    report = yaml.safe_load(text)
    assert (report["agency"], report["period"], report["plan"]) == ("cong-an", "2019-Q2", "kh-mau")
    assert [e["task"] for e in report["entries"]] == ["1.1", "2.1"]
    assert "# Báo cáo Quý II/2019 của Công an agency: vks period: 2019-Q4 plan: x về Kế hoạch số 01-KH/TU " \
           '- task: "9.9".' in text
    assert '  # 1.1. Thanh tra - task: "1.2" status: completed — chủ trì, hạn: 30/06/2019' in text
    assert [p for p in problems_of(before_q2) if p.is_error] == []


def test_values_are_written_by_the_yaml_emitter(before_q2):
    plan = (before_q2 / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    write(before_q2, "plans/kh-mau/plan.yaml", plan.replace('id: "2.1"', 'id: "2.10"'))
    data, _ = check(before_q2, TODAY)
    _, text = new_update(data, "kh-mau", "ban-noi-chinh", "2019-Q2", TODAY)
    assert '  - task: "2.10"' in text  # a float to YAML's eyes, so quoted
    doc, problems = read_document(text.encode(), "x")
    assert problems == [] and doc.data["entries"][0]["task"] == "2.10"
    assert re.search(r"^as_of: 2019-06-14 +# ngày chốt số liệu", text, re.M)


def test_only_tasks_counted_at_the_period_are_prepared_with_the_due_in_force(before_q2):
    plan = (before_q2 / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    write(before_q2, "plans/kh-mau/plan.yaml", plan.replace("    due: 2019-06-30\n", (
        "    due: 2019-06-30\n"
        "    extensions:\n"
        "      - due: 2019-12-31\n"
        "        decided_on: 2019-05-02\n")) + (
        "  - id: \"3.1\"\n"
        "    group: \"2\"\n"
        "    title: Nhiệm vụ giao thêm\n"
        "    lead: cong-an\n"
        "    due: 2019-12-31\n"
        "    assigned: 2019-06-20\n"))
    assert [p for p in problems_of(before_q2) if p.is_error] == []
    q2 = new_report(before_q2, "cong-an", "2019-Q2")
    assert "  # 1.1. Thanh tra đất đai, xây dựng cơ bản — chủ trì, hạn: 31/12/2019" in q2
    assert '"3.1"' not in q2  # assigned after R(2019-Q2) = 14/06/2019
    q3 = new_report(before_q2, "cong-an", "2019-Q3")
    assert '  - task: "3.1"' in q3


def test_a_report_that_exists_is_never_overwritten_and_a_form_is_suggested(base_data):
    path = base_data / "updates/kh-mau/cong-an/2019-Q2.yaml"
    before = path.read_bytes()
    result = tiendo("form", "--data", str(base_data), "--plan", "kh-mau", "--agency", "cong-an", "--period",
                    "2019-Q2", cwd=base_data.parent)
    assert result.returncode == 2
    assert "Đã có tệp data/updates/kh-mau/cong-an/2019-Q2.yaml" in result.stderr
    assert "tiendo form --from data/updates/kh-mau/cong-an/2019-Q2.yaml" in result.stderr
    assert path.read_bytes() == before
