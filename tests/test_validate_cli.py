"""`tiendo validate`: formats, exit codes, languages, GitHub annotations and summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ENV, tiendo, write

BAD_REPORT = """plan: kh-mau
agency: cong-an
period: 2019-Q1
as_of: 2019-03-14
submitted_on: 2019-03-18
entries:
  - task: "1.1"
    status: in_progress
    progres: 40
    completed_on: 2019-02-30
"""


def test_valid_data_exits_0_and_says_so(base_data):
    result = tiendo("validate", "--data", str(base_data), cwd=base_data.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stdout


def test_text_format_shows_path_line_column_source_caret_and_fix(base_data):
    write(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", BAD_REPORT)
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert result.returncode == 1
    out = result.stdout
    assert "data/updates/kh-mau/cong-an/2019-Q1.yaml:9:5: lỗi [unknown-key]" in out
    assert "    9 |     progres: 40" in out
    assert "Có phải ý bạn là `progress`?" in out
    assert "data/updates/kh-mau/cong-an/2019-Q1.yaml:10:19: lỗi [invalid-date]" in out
    caret_line = out.splitlines()[out.splitlines().index("   10 |     completed_on: 2019-02-30") + 1]
    assert caret_line.index("^") == len("   10 |     completed_on: ")


def test_json_format_lists_every_problem_with_the_contract_fields(base_data):
    write(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", BAD_REPORT)
    write(base_data, "agencies.yaml", "agencies:\n  - id: Công-An\n    name: x\n")
    result = tiendo("validate", "--data", str(base_data), "--format", "json", cwd=base_data.parent)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    found = {(p["file"], p["line"], p["rule"]) for p in problems}
    assert ("data/updates/kh-mau/cong-an/2019-Q1.yaml", 9, "unknown-key") in found
    assert ("data/updates/kh-mau/cong-an/2019-Q1.yaml", 10, "invalid-date") in found
    assert ("data/agencies.yaml", 2, "invalid-slug") in found
    for p in problems:
        assert {"file", "line", "column", "severity", "rule", "message"} <= p.keys()
        assert p["severity"] in ("error", "warning") and p["line"] >= 1 and p["column"] >= 1


def test_english_messages_with_lang_en(base_data):
    write(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", BAD_REPORT)
    result = tiendo("validate", "--data", str(base_data), "--format", "json", "--lang", "en", cwd=base_data.parent)
    messages = [p["message"] for p in json.loads(result.stdout)]
    assert "Unknown key `progres` in a task entry." in messages


def test_missing_data_folder_exits_2_without_traceback(tmp_path):
    result = tiendo("validate", "--data", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Không tìm thấy thư mục dữ liệu" in result.stderr


def test_unknown_option_exits_2(tmp_path):
    assert tiendo("validate", "--bogus", cwd=tmp_path).returncode == 2


def test_warnings_alone_exit_0(base_data):
    report = (base_data / "updates/kh-mau/cong-an/2019-Q2.yaml").read_text(encoding="utf-8")
    report = report.replace("    status: completed\n    completed_on: 2019-06-10\n    result: Hoàn thành thanh tra.\n",
                            "    status: in_progress\n    progress: 20\n")
    write(base_data, "updates/kh-mau/cong-an/2019-Q2.yaml", report)
    result = tiendo("validate", "--data", str(base_data), "--format", "json", cwd=base_data.parent)
    assert [p["rule"] for p in json.loads(result.stdout)] == ["progress-decreased"]
    assert result.returncode == 0


def test_github_format_escapes_data_so_it_cannot_forge_commands(base_data, tmp_path):
    hostile = BAD_REPORT.replace("progres: 40", '"x%0A\\n::error file=evil::forged,": 40')
    write(base_data, "updates/kh-mau/cong-an/2019-Q1.yaml", hostile)
    summary = tmp_path / "summary.md"
    result = tiendo("validate", "--data", "data", "--format", "github", cwd=base_data.parent,
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands and all(line.startswith("::error file=data/") for line in commands)
    assert not any(line.startswith("::error file=evil") for line in result.stdout.splitlines())
    assert any("x%250A" in line for line in commands)  # the % of the data is escaped
    table = summary.read_text(encoding="utf-8")
    assert "| Tệp | Dòng | Cột | Mức | Mã | Nội dung | Cách sửa |" in table
    assert "| data/updates/kh-mau/cong-an/2019-Q1.yaml | 10 |" in table
    assert "invalid-date" in table


def test_checking_sound_data_loads_neither_pydantic_nor_git_nor_the_name_guesser(base_data):
    """Most runs (every pre-commit hook) find nothing wrong: they read the files with the records, and
    import pydantic (for its messages), git's modules (for --base) and rapidfuzz (for "did you mean")
    only when needed."""
    code = ("import sys\nfrom generator.cli import app\ntry:\n    app(['validate', '--data', sys.argv[1]])\n"
            "except SystemExit as exit:\n    print(exit.code, sorted(set(sys.modules) & set(sys.argv[2:])))")
    unneeded = ["pydantic", "pydantic_core", "generator.data.models", "generator.data.schema_errors", "rapidfuzz",
                "generator.git.repo", "generator.git.changes", "pandas"]
    result = subprocess.run([sys.executable, "-c", code, str(base_data), *unneeded], capture_output=True, text=True,
                            env={**os.environ, **ENV}, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []"
