"""What a hostile or careless pull request under `data/` can do, and what tiendo does instead.

Each case is what someone with only a pull request can write: links and special files, stray files,
hidden characters written as YAML escapes, files built to flood the CI log, data that looks like
workflow commands or terminal escapes, reviewers that look like HTML. The commands run for real
(in-process), and as a process where what reaches stdout and stderr matters.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import problems_of, tiendo, tiendo_process, write

from generator.data.models import REVIEWER_RE
from generator.outputs.diagnostics import MAX_PER_FILE, clean, excerpt

REPORT = "updates/kh-mau/cong-an/2019-Q1.yaml"
HEAD = "plan: kh-mau\nagency: cong-an\nperiod: 2019-Q1\nas_of: 2019-03-14\nsubmitted_on: 2019-03-18\n"
SECRET = "MAT-KHAU-KHO-DU-LIEU=day-la-bi-mat"


def found(root) -> list[tuple[str, str, int]]:
    return sorted((p.rule, p.file, p.line) for p in problems_of(root))


# --- links and special files -------------------------------------------------------------------

def test_report_replaced_by_a_link_is_refused_and_its_target_never_printed(base_data, tmp_path):
    """A link to a copy outside the data folder: the copy is not read, nor echoed as a source line."""
    outside = tmp_path / "ban-sao.yaml"
    outside.write_text(f"# {SECRET}\n" + (base_data / REPORT).read_text(encoding="utf-8"), encoding="utf-8")
    (base_data / REPORT).unlink()
    (base_data / REPORT).symlink_to(outside)
    assert found(base_data) == [("special-file", "data/" + REPORT, 1)]
    for fmt in ("text", "json", "github"):
        result = tiendo("validate", "--data", "data", "--format", fmt, cwd=base_data.parent)
        assert result.returncode == 1
        assert SECRET not in result.stdout + result.stderr
    text = tiendo("validate", "--data", "data", cwd=base_data.parent).stdout
    assert (f"data/{REPORT}:1:1: lỗi [special-file] `data/{REPORT}` là một liên kết (symlink), "
            "không phải tệp hay thư mục thật, nên tiendo không đọc.") in text
    assert "    1 |" not in text  # no source line: the link is not opened


def test_link_to_the_process_environment_does_not_reach_the_ci_log(base_data):
    """Whole process: /proc/self/environ would be the runner's environment, with its tokens."""
    (base_data / REPORT).unlink()
    (base_data / REPORT).symlink_to("/proc/self/environ")
    result = tiendo_process("validate", "--data", "data", "--format", "github", cwd=base_data.parent,
                            env={"TIENDO_TEST_SECRET": SECRET})
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert f"::error file=data/{REPORT},line=1,col=1,title=special-file::" in result.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_link_to_an_endless_device_is_refused_without_reading_it(base_data, target):
    (base_data / REPORT).unlink()
    (base_data / REPORT).symlink_to(target)
    assert found(base_data) == [("special-file", "data/" + REPORT, 1)]


def test_linked_folder_is_refused_not_skipped(base_data, tmp_path):
    """os.walk never enters a linked folder: its reports were silently left out."""
    elsewhere = tmp_path / "bao-cao-vks"
    (base_data / "updates/kh-mau/vks").rename(elsewhere)
    (base_data / "updates/kh-mau/vks").symlink_to(elsewhere, target_is_directory=True)
    assert found(base_data) == [("special-file", "data/updates/kh-mau/vks", 1)]


def test_linked_agency_list_and_plan_are_refused_once_not_also_missing(base_data, tmp_path):
    for relative in ("agencies.yaml", "plans/kh-mau/plan.yaml"):
        copy = tmp_path / relative.replace("/", "-")
        copy.write_bytes((base_data / relative).read_bytes())
        (base_data / relative).unlink()
        (base_data / relative).symlink_to(copy)
    rules = {(rule, file) for rule, file, _ in found(base_data)}
    assert ("special-file", "data/agencies.yaml") in rules and ("special-file", "data/plans/kh-mau/plan.yaml") in rules
    assert not any(rule in ("missing-file", "unknown-plan") for rule, _ in rules)


def test_linked_plan_folder_does_not_turn_its_reports_into_unknown_plans(base_data, tmp_path):
    (base_data / "plans/kh-mau").rename(tmp_path / "kh-mau")
    (base_data / "plans/kh-mau").symlink_to(tmp_path / "kh-mau", target_is_directory=True)
    assert found(base_data) == [("special-file", "data/plans/kh-mau", 1)]


def test_fifo_is_refused_without_waiting_on_it(base_data):
    os.mkfifo(base_data / "updates/kh-mau/cong-an/2019-Q3.yaml")
    assert found(base_data) == [("special-file", "data/updates/kh-mau/cong-an/2019-Q3.yaml", 1)]
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert "là một tệp đặc biệt (FIFO, socket hay thiết bị)" in result.stdout


def test_huge_file_is_refused_with_its_real_size_without_being_read(base_data):
    """A sparse 8 GiB file: only its first MiB and one byte are read."""
    with open(base_data / REPORT, "r+b") as handle:
        handle.truncate(8 * 1024**3)
    problems = problems_of(base_data)
    assert [(p.rule, p.line) for p in problems] == [("file-too-large", 1)]
    assert "8.589.934.592" in problems[0].message("vi")


# --- stray files --------------------------------------------------------------------------------

@pytest.mark.parametrize("relative", [
    "updates/kh-mau/cong-an/.2019-Q3.yaml",
    "updates/kh-mau/.ban-nhap/2019-Q3.yaml",
    ".agencies.yaml",
    "plans/.kh-cu/plan.yaml",
])
def test_hidden_yaml_file_is_an_error_not_skipped(base_data, relative):
    write(base_data, relative, HEAD + "entries: []\n")
    assert found(base_data) == [("unexpected-file", "data/" + relative, 1)]
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert result.returncode == 1
    assert "Tên tệp hoặc thư mục bắt đầu bằng dấu chấm là tệp ẩn, tiendo không đọc" in result.stdout


def test_files_that_are_not_yaml_are_warnings_that_name_them(base_data):
    for relative in ("updates/kh-mau/cong-an/bao-cao.docx", "updates/kh-mau/cong-an/2019-Q1.yaml.bak",
                     "notes.txt", "updates/kh-mau/vks/.DS_Store"):
        write(base_data, relative, "x")
    result = tiendo("validate", "--data", "data", "--format", "json", cwd=base_data.parent)
    assert result.returncode == 0  # warnings only
    assert [(p["file"], p["rule"], p["severity"]) for p in json.loads(result.stdout)] == [
        ("data/notes.txt", "stray-file", "warning"),
        ("data/updates/kh-mau/cong-an/2019-Q1.yaml.bak", "stray-file", "warning"),
        ("data/updates/kh-mau/cong-an/bao-cao.docx", "stray-file", "warning"),
        ("data/updates/kh-mau/vks/.DS_Store", "stray-file", "warning"),
    ]
    text = tiendo("validate", "--data", "data", cwd=base_data.parent).stdout
    assert "Tệp `data/updates/kh-mau/cong-an/bao-cao.docx` không phải tệp YAML nên tiendo không đọc." in text
    assert "tiendo chỉ đọc `agencies.yaml`, `plans/<kế hoạch>/plan.yaml`" in text


def test_git_markers_and_a_data_folder_that_is_its_own_repository_are_quiet(base_data):
    """`.gitkeep` keeps an agency's empty folder in git; a data folder can be a repository (a submodule)."""
    write(base_data, "updates/kh-mau/ban-noi-chinh/.gitkeep", "")
    write(base_data, ".gitattributes", "*.yaml text eol=lf\n")
    subprocess.run(["git", "init", "-q", str(base_data)], check=True)
    assert (base_data / ".git/HEAD").is_file()
    assert found(base_data) == []


# --- hidden characters written as escapes -------------------------------------------------------

@pytest.mark.parametrize("escape, char", [
    (r"\u202E", "U+202E"), (r"\e[8m", "U+001B"), (r"\x07", "U+0007"), (r"\u2028", "U+2028"),
    (r"\N", "U+0085"), (r"\0", "U+0000"), (r"\x9b", "U+009B"),
])
def test_hidden_character_written_as_an_escape_is_refused_at_its_value(base_data, escape, char):
    write(base_data, REPORT, HEAD + f'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 40\n'
                                    f'    result: "Đã thanh tra {escape}3 dự án."\n')
    problems = problems_of(base_data)
    assert [(p.rule, p.line, p.column) for p in problems] == [("escaped-control-character", 10, 13)]
    assert char in problems[0].message("vi")


def test_what_validate_accepts_exports_even_with_escapes(base_data, tmp_path):
    """Tab and line feed written as escapes are text; the XLSX export must take them."""
    from openpyxl import load_workbook

    write(base_data, REPORT, HEAD + 'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 40\n'
                                    '    result: "Dòng 1\\nDòng 2\\tcột \\u00e1 \\\\ \\"trích\\""\n')
    assert problems_of(base_data) == []
    result = tiendo("export", "--data", "data", "--out", str(tmp_path / "out"), cwd=base_data.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    [workbook] = (tmp_path / "out").glob("*.xlsx")
    cells = [cell.value for sheet in load_workbook(workbook) for row in sheet.iter_rows() for cell in row]
    assert 'Dòng 1\nDòng 2\tcột á \\ "trích"' in cells


# --- output amplification -----------------------------------------------------------------------

def wide_line(keys: int) -> str:
    return HEAD + 'entries:\n  - {task: "1.1", ' + ", ".join(f"k{i}: 1" for i in range(keys)) + "}\n"


def test_many_problems_on_one_long_line_print_it_once_clipped_and_are_capped_per_file(base_data):
    write(base_data, REPORT, wide_line(5000))
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    headers = [line for line in out if line.startswith(f"data/{REPORT}:7:")]
    assert len(headers) == MAX_PER_FILE
    assert headers[0] == (f"data/{REPORT}:7:19: lỗi [unknown-key] Trường `k0` không có trong mẫu "
                          "mục báo cáo nhiệm vụ.")
    sources = [line for line in out if line.startswith("    7 | ")]
    line = wide_line(5000).splitlines()[6]
    assert sources == ["    7 | " + line[:120] + "…"]  # once, not once per problem
    assert (f"… và 4.950 vấn đề khác trong tệp data/{REPORT}: sửa các lỗi trên rồi chạy lại, hoặc xem tất cả "
            "bằng `tiendo validate --format json`.") in out
    assert max(len(line) for line in out) < 300
    assert len(result.stdout) < 40_000
    assert len(json.loads(tiendo("validate", "--data", "data", "--format", "json", cwd=base_data.parent).stdout)) == 5000


def test_github_format_is_capped_per_file_on_stdout_stderr_and_summary(base_data, tmp_path):
    write(base_data, REPORT, wide_line(5000))
    write(base_data, "updates/kh-mau/vks/2019-Q1.yaml", "plan: kh-mau\nagency: vks\nperiod: 2019-Q1\n")
    summary = tmp_path / "summary.md"
    result = tiendo("validate", "--data", "data", "--format", "github", cwd=base_data.parent,
                    env={"GITHUB_STEP_SUMMARY": str(summary)})
    annotations = result.stdout.splitlines()
    assert sum(line.startswith(f"::error file=data/{REPORT},") for line in annotations) == MAX_PER_FILE
    # the other file's problems are not crowded out
    assert sum(line.startswith("::error file=data/updates/kh-mau/vks/2019-Q1.yaml,") for line in annotations) == 3
    assert len(result.stdout) + len(result.stderr) < 100_000
    table = summary.read_text(encoding="utf-8")
    assert "… và 4.950 vấn đề khác trong tệp data/updates/kh-mau/cong-an/2019-Q1.yaml" in table
    assert "| data/updates/kh-mau/vks/2019-Q1.yaml | 1 | 1 | lỗi | `missing-key` |" in table


@pytest.mark.parametrize("source, column, shown, caret", [
    ("a: 1", 4, "a: 1", 3),
    ("x" * 200, 1, "x" * 120 + "…", 0),
    ("x" * 200, 200, "…" + "x" * 120, 120),
    ("ab" * 100, 101, "…" + "ab" * 60 + "…", 61),
    ("a:\tb", 4, "a: b", 3),  # a tab is one column, shown as a space
    ("tên: Cô\u0302ng\x1b[2J", 10, "tên: Cô\u0302ng\\x1b[2J", 8),  # combining mark takes no cell; ESC visible
])
def test_source_excerpt_is_clipped_around_the_column_and_the_caret_follows(source, column, shown, caret):
    assert excerpt(source, column) == (shown, caret)


def test_did_you_mean_still_helps_at_province_scale_and_skips_what_is_no_typo(base_data):
    tasks = "".join(f'  - id: "{g}.{i}"\n    group: "1"\n    title: Nhiệm vụ {g}.{i}\n    lead: cong-an\n'
                    "    due: recurring\n" for g in range(3, 23) for i in range(1, 51))
    plan = (base_data / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8") + tasks
    write(base_data, "plans/kh-mau/plan.yaml", plan)
    long_id = "9" * 80
    write(base_data, REPORT, HEAD + f'entries:\n  - task: "7.300"\n  - task: "{long_id}"\n')
    write(base_data, "updates/kh-mau/vks/2019-Q1.yaml", HEAD.replace("cong-an", "vks") + "x" * 100 + ": 1\n")
    hints = {p.params.get("task", p.params.get("key")): p.hint("vi") for p in problems_of(base_data)}
    assert hints["7.300"] == "Có phải ý bạn là `7.30`?"
    assert hints[long_id] == "Kiểm tra lại số hiệu nhiệm vụ trong kế hoạch (`plan.yaml`)."
    assert hints["x" * 100].startswith("Các trường được dùng ở đây: `plan`, `agency`")


# --- workflow commands, terminal escapes, markup --------------------------------------------------

FORGED_KEY = '"progres\\n::stop-commands::tiendo\\n::error file=.github/x::forged :x: [bold]đậm[/bold]"'


def forged(base_data) -> None:
    write(base_data, REPORT, HEAD + f'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 40\n'
                                    f"    {FORGED_KEY}: 1\n")
    write(base_data, "updates/kh-mau/vks/tong-hop\x1b]0;pwned\x07\n::error::x.txt", "x")


def assert_safe(stdout: str, stderr: str) -> None:
    for line in stdout.splitlines():
        assert not line.lstrip().startswith("::") or line.startswith(("::error file=data/", "::warning file=data/"))
    for line in stderr.splitlines():
        assert not line.lstrip().startswith("::"), line
    for text in (stdout, stderr):
        assert "\x1b" not in text and "\x07" not in text and "❌" not in text


def test_data_shown_on_the_terminal_is_escaped_and_has_no_markup_or_emoji(base_data):
    forged(base_data)
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert_safe(result.stdout, result.stderr)
    assert ("Trường `progres\\n::stop-commands::tiendo\\n::error file=.github/x::forged :x: [bold]đậm[/bold]` "
            "không có trong mẫu mục báo cáo nhiệm vụ.") in result.stdout
    assert "data/updates/kh-mau/vks/tong-hop\\x1b]0;pwned\\x07\\n::error::x.txt" in result.stdout


def test_github_format_as_a_process_forges_no_workflow_command_on_stdout_or_stderr(base_data):
    forged(base_data)
    result = tiendo_process("validate", "--data", "data", "--format", "github", cwd=base_data.parent)
    assert result.returncode == 1
    assert_safe(result.stdout, result.stderr)
    assert "progres\\n::stop-commands::tiendo" in result.stderr  # the list for people, escaped
    assert "progres\\n%3A%3Astop-commands" not in result.stdout
    assert any("Trường `progres\\n::stop-commands::tiendo" in line for line in result.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_file_name_that_is_not_utf8_is_named_with_escapes_in_every_format(base_data, fmt):
    """Git stores names as bytes: a name in Windows-1258 (`báo-cáo.txt`) must not stop the command."""
    name = os.fsencode(base_data / "updates/kh-mau/cong-an") + b"/b\xe1o-c\xe1o.txt"
    with open(name, "wb") as handle:
        handle.write(b"x")
    result = tiendo("validate", "--data", "data", "--format", fmt, cwd=base_data.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/updates/kh-mau/cong-an/b\\udce1o-c\\udce1o.txt" in result.stdout  # the JSON escape, too


def test_raw_escape_in_a_file_is_shown_visibly_in_the_source_line(base_data):
    raw = (HEAD + "reporter: Phòng\x1b]0;pwned\x07 Tham mưu\x1b[2J\nentries: []\n").encode()
    (base_data / REPORT).write_bytes(raw)
    result = tiendo("validate", "--data", "data", cwd=base_data.parent)
    assert_safe(result.stdout, result.stderr)
    assert "    6 | reporter: Phòng\\x1b]0;pwned\\x07 Tham mưu\\x1b[2J" in result.stdout.splitlines()


def test_line_separators_do_not_shift_the_source_lines_shown(base_data):
    """U+2028 is refused, and the lines shown are counted at LF, as the positions are."""
    (base_data / REPORT).write_bytes((HEAD + "reporter: Phòng\u2028Tham mưu\nsummary: x\x0by\n").encode())
    out = tiendo("validate", "--data", "data", cwd=base_data.parent).stdout.splitlines()
    assert "    6 | reporter: Phòng\\u2028Tham mưu" in out and "    7 | summary: x\\x0by" in out


def test_json_output_keeps_the_data_but_escapes_hidden_characters(base_data):
    forged(base_data)
    result = tiendo("validate", "--data", "data", "--format", "json", cwd=base_data.parent)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    files = {p["file"] for p in json.loads(result.stdout)}
    assert "data/updates/kh-mau/vks/tong-hop\x1b]0;pwned\x07\n::error::x.txt" in files


def test_command_errors_show_what_was_typed_with_escapes(base_data):
    result = tiendo("stats", "--data", "data", "--plan", "kh\x1b]0;x\x07\n::error::y [bold]", cwd=base_data.parent)
    assert result.returncode == 2
    assert_safe(result.stdout, result.stderr)
    assert "Không có kế hoạch `kh\\x1b]0;x\\x07\\n::error::y [bold]`" in result.stderr


def test_stats_text_prints_names_that_look_like_markup_as_written(base_data):
    plan = (base_data / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8")
    plan = (plan.replace("title: Kế hoạch mẫu cho kiểm thử", 'title: "Kế hoạch [/bold] :x: [red]đỏ"')
            .replace("unit: vụ", 'unit: "[/]vụ"').replace("title: Chính trị, tư tưởng", 'title: "[link=http://x]Nhóm"'))
    write(base_data, "plans/kh-mau/plan.yaml", plan)
    assert problems_of(base_data) == []
    result = tiendo("stats", "--data", "data", "--period", "2019-Q2", "--format", "text", cwd=base_data.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Kế hoạch số 01-KH/TU — Kế hoạch [/bold] :x: [red]đỏ" in result.stdout
    assert "6 [/]vụ" in result.stdout and "[link=http://x]Nhóm" in result.stdout


def test_commands_that_write_files_name_them_and_the_data_as_written(base_data):
    """Every message naming a file, an agency, a plan code or the issuer shows it as written: brackets
    are not markup, nothing is dropped, and the command succeeds."""
    for name, hostile in (("code: 01-KH/TU", 'code: "01-KH/TU [/] [bold]"'),):
        write(base_data, "plans/kh-mau/plan.yaml",
              (base_data / "plans/kh-mau/plan.yaml").read_text(encoding="utf-8").replace(name, hostile))
    agencies = (base_data / "agencies.yaml").read_text(encoding="utf-8")
    write(base_data, "agencies.yaml", agencies.replace("name: Ban Nội chính\n", 'name: "Ban Nội chính [/] [link=x]TU"\n')
          .replace("name: Công an thành phố", 'name: "Công an [/i] thành phố"'))
    assert problems_of(base_data) == []
    work = base_data.parent
    report = tiendo("report", "--data", "data", "--out", "bc [q1] [/].docx", cwd=work)
    assert report.returncode == 0, report.stdout + report.stderr
    assert "Đã ghi bc [q1] [/].docx" in report.stdout and "01-KH/TU [/] [bold]" in report.stdout
    assert "Ban Nội chính [/] [link=x]TU" in report.stdout  # the issuer, when plan.yaml has no `report`
    assert (work / "bc [q1] [/].docx").is_file()
    form = tiendo("form", "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q3", "--out", "bm [b].xlsx",
                  cwd=work)
    assert form.returncode == 0, form.stdout + form.stderr
    assert "Đã tạo biểu mẫu bm [b].xlsx (Công an [/i] thành phố," in form.stdout
    assert "`tiendo import 'bm [b].xlsx'`" in form.stdout
    update = tiendo("new-update", "--data", "data", "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q3",
                    cwd=work)
    assert update.returncode == 0, update.stdout + update.stderr
    assert "data/updates/kh-mau/cong-an/2019-Q3.yaml" in update.stdout
    for result in (report, form, update):
        assert_safe(result.stdout, result.stderr)
        assert "Lỗi không mong đợi" not in result.stderr


def test_clean_shows_every_control_format_and_separator_character():
    import sys
    import unicodedata

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        hidden = category in ("Cc", "Cf", "Zl", "Zp", "Cs") and char != "\t"
        escaped = clean(char) != char
        assert escaped == hidden or (escaped and category == "Cn"), f"U+{code:04X}"  # Cn: kept for newer Unicode
    assert clean("Công an\tthành phố") == "Công an\tthành phố"
    assert clean("a\nb\r\x1b\u202e\U000e0041") == "a\\nb\\r\\x1b\\u202e\\U000e0041"


# --- reviewers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, accepted", [
    ("@nguyen-van-a", True), ("@to-chuc/cong-an", True), ("@to-chuc/ban_noi_chinh", True),
    ("nguyen.van.a@congan.danang.gov.vn", True), ("van.a+bnc@gmail.com", True),
    ("<img/src=x/onerror=alert(1)>@evil.co", False), ('"><script>@x.vn', False), ("@-cong-an", False),
    ("@cong-an-", False), ("@to-chuc/", False), ("@to-chuc/cong-an/x", False), ("@a b", False),
    ("a@b", False), ("nguyen van a@congan.vn", False), ("javascript:alert(1)@x.co", False), ("cong-an", False),
])
def test_reviewer_is_a_github_user_a_team_or_a_plain_address(value, accepted):
    assert bool(REVIEWER_RE.fullmatch(value)) is accepted
