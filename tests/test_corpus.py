"""The corpus of malformed files: each one is a realistic mistake and the exact problems it must give.

Every `tests/corpus/*.yaml` is one complete file of one kind (agency list, plan or report)
that replaces, or is added to, a copy of `tests/fixtures/base`. Its first lines say how:

    # path: updates/kh-mau/cong-an/2019-Q1.yaml     where the file goes, relative to data/
    # remove: updates/kh-mau/cong-an/2019-Q2.yaml   optional: base files deleted first
    # generate: pad 1048577                          optional: pad the file with comment lines to N bytes
    # expect: invalid-date 9                         one line per problem: rule and line ...
    # expect: unknown-agency 23 plans/kh-mau/plan.yaml   ... and the file, when not the placed one

The expectations are exactly the (rule, file, line) of ALL problems, errors and warnings,
that `check(root, date(2026, 1, 1))` reports for the whole data folder, counted as a multiset:
two problems on one line (two control characters, two bad reviewers) are two `# expect:` lines,
so a problem reported twice fails the test too. Line numbers count the header lines as well:
they are part of the file. Files are copied byte for byte, so the corpus
also holds byte-level mistakes (Windows-1258 text, a BOM, CRLF line ends, control and
bidirectional characters).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from generator.check import check
from generator.data.rules import RULES

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
BASE = HERE / "fixtures" / "base"
TODAY = date(2026, 1, 1)
BOM = b"\xef\xbb\xbf"
MIB = 1024 * 1024

_DIRECTIVE = re.compile(r"^# (path|remove|expect|generate): (.+)$")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

# Rules no corpus file can trigger, with the reason. There should be none.
NOT_COVERED: dict[str, str] = {
    "codeowners-drift": "compares .github/CODEOWNERS beside the data folder: tested in test_git.py",
    "special-file": "a symlink, FIFO or device is not a file's content: tested in test_hostile.py",
    "report-deleted": "needs a git base revision: tested in test_git.py",
    "report-renamed": "needs a git base revision: tested in test_git.py",
    "locked-report-changed": "needs a git base revision: tested in test_git.py",
    "locked-figures-changed": "needs a git base revision: tested in test_git.py",
    "backdated-report": "needs a git base revision: tested in test_git.py",
    "not-a-regular-file": "needs a git base revision: tested in test_hostile_git.py",
}

# Corpus files where the validator (not the expectation) is believed wrong: strict xfail, so
# the test starts failing the day the validator is fixed and the mark must be removed.
SUSPECTED_BUGS: dict[str, str] = {}


@dataclass
class Case:
    name: str
    raw: bytes
    path: str
    removes: list[str] = field(default_factory=list)
    expects: Counter = field(default_factory=Counter)  # (rule, file shown, line) -> how many
    generate: str | None = None


def _header_lines(raw: bytes) -> list[str]:
    body = raw[len(BOM):] if raw.startswith(BOM) else raw
    lines = []
    for line in body.split(b"\n"):
        try:
            text = line.rstrip(b"\r").decode("utf-8")
        except UnicodeDecodeError:
            break
        if not _DIRECTIVE.match(text):
            break
        lines.append(text)
    return lines


def parse_case(file: Path) -> Case:
    raw = file.read_bytes()
    header = _header_lines(raw)
    paths = [m.group(2) for m in map(_DIRECTIVE.match, header) if m.group(1) == "path"]
    assert len(paths) == 1, f"{file.name}: needs exactly one `# path:` line"
    case = Case(file.name, raw, paths[0].strip())
    for line in header:
        kind, value = _DIRECTIVE.match(line).groups()
        if kind == "remove":
            case.removes.append(value.strip())
        elif kind == "generate":
            case.generate = value.strip()
        elif kind == "expect":
            parts = value.split()
            assert len(parts) in (2, 3), f"{file.name}: bad expectation {line!r}"
            rule, number = parts[0], int(parts[1])
            where = parts[2] if len(parts) == 3 else case.path
            assert rule in RULES, f"{file.name}: unknown rule code {rule!r}"
            case.expects[(rule, "data/" + where, number)] += 1
    assert case.expects, f"{file.name}: no `# expect:` line"
    return case


def padded(raw: bytes, size: int) -> bytes:
    """The file grown with YAML comment lines to exactly `size` bytes."""
    assert raw.endswith(b"\n") and len(raw) + 2 <= size
    missing = size - len(raw)
    line = b"# " + b"-" * 97 + b"\n"  # 100 bytes
    full, rest = divmod(missing, len(line))
    if 0 < rest < 2:  # the last line needs at least "#\n"
        full, rest = full - 1, rest + len(line)
    tail = b"#" + b"-" * (rest - 2) + b"\n" if rest else b""
    out = raw + line * full + tail
    assert len(out) == size
    return out


def content(case: Case) -> bytes:
    if case.generate is None:
        return case.raw
    kind, _, argument = case.generate.partition(" ")
    assert kind == "pad", f"{case.name}: unknown generator {case.generate!r}"
    return padded(case.raw, int(argument))


def place(root: Path, case: Case) -> None:
    shutil.copytree(BASE, root)
    for relative in case.removes:
        (root / relative).unlink()
    target = root / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content(case))


CASES = [parse_case(file) for file in sorted(CORPUS.glob("*.yaml"))]


def _params():
    for case in CASES:
        marks = []
        if case.name in SUSPECTED_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=SUSPECTED_BUGS[case.name]))
        yield pytest.param(case, id=case.name, marks=marks)


def _shown(problems) -> str:
    return "\n".join(f"  {p.rule} {p.file}:{p.line}:{p.column} {p.message('en')}" for p in problems)


@pytest.mark.parametrize("case", list(_params()))
def test_corpus_file(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "data"
    place(root, case)
    _, problems = check(root, TODAY)
    found = Counter((p.rule, p.file, p.line) for p in problems)
    assert found == case.expects, (
        f"missing: {sorted((case.expects - found).elements())}\n"
        f"unexpected: {sorted((found - case.expects).elements())}\n"
        f"reported:\n{_shown(problems)}")
    for problem in problems:
        assert problem.column >= 1 and problem.line >= 1, problem
        vi, en = problem.message("vi"), problem.message("en")
        assert not _PLACEHOLDER.search(vi), (problem.rule, vi)
        assert not _PLACEHOLDER.search(en), (problem.rule, en)
        assert vi.strip() and en.strip() and vi != en, (problem.rule, vi, en)
        for hint in (problem.hint("vi"), problem.hint("en")):
            assert not _PLACEHOLDER.search(hint), (problem.rule, hint)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


def test_corpus_covers_every_rule() -> None:
    """Every rule code has at least one corpus file that passes (suspected-bug files do not count)."""
    covered = {rule for case in CASES if case.name not in SUSPECTED_BUGS for rule, _, _ in case.expects}
    assert covered <= set(RULES)
    assert set(RULES) - covered == set(NOT_COVERED), sorted(set(RULES) - covered - set(NOT_COVERED))


def test_corpus_names_are_unique_and_suspects_exist() -> None:
    names = {case.name for case in CASES}
    assert len(names) == len(CASES)
    assert set(SUSPECTED_BUGS) <= names


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_expectations_point_into_their_files(case: Case, tmp_path: Path) -> None:
    """An expected line must exist in the file it names (catches miscounted headers)."""
    root = tmp_path / "data"
    place(root, case)
    for rule, shown, line in case.expects:
        if not (root.parent / shown).exists():
            assert (rule, line) == ("missing-file", 1), (rule, shown, line)
            continue
        text = (root.parent / shown).read_bytes()
        lines = text.count(b"\n") + (0 if text.endswith(b"\n") else 1)
        assert 1 <= line <= lines, (rule, shown, line, lines)


# --- what the messages say -----------------------------------------------------------

def _told(case_name: str, tmp_path: Path, lang: str) -> str:
    """Every message and hint a corpus file gives, in one language, one problem per line."""
    root = tmp_path / "data"
    place(root, next(c for c in CASES if c.name == case_name))
    _, problems = check(root, TODAY)
    return "\n".join(f"{p.message(lang)} {p.hint(lang)}" for p in problems)


# The habits of clerks used to Word and to Vietnamese forms, answered in their terms.
HABITS = [
    ("bom-and-vietnamese-status.yaml", "Viết `status: in_progress`."),
    ("invalid-choice-status-vietnamese.yaml", "Viết `status: completed`."),
    ("invalid-choice-status-without-accents.yaml", "Viết `status: not_started`."),
    ("unknown-key-vietnamese-with-accents.yaml", "thay `kết quả` bằng `result`"),
    ("unknown-key-vietnamese-with-accents.yaml", "thay `Khó khăn` bằng `obstacles`"),
    ("unknown-key-vietnamese-with-accents.yaml", "thay `kiến nghị` bằng `proposals`"),
    ("unknown-key-with-diacritics.yaml", "thay `tiến độ` bằng `progress`"),
    ("unknown-key-with-diacritics.yaml", "thay `trạng thái` bằng `status`"),
    ("unknown-key-vietnamese-field-names.yaml", "thay `ket_qua` bằng `result`"),
    ("invalid-task-id-smart-quotes.yaml", "dấu ngoặc kép cong (“ ” hoặc ‘ ’) do Word tự đổi"),
    ("invalid-task-id-smart-quotes.yaml", 'Gõ lại bằng ngoặc kép thẳng: `"1.1"`.'),
    ("invalid-slug-curly-quotes.yaml", "Dùng ngoặc kép thẳng (\") hoặc bỏ ngoặc: `cong-an`."),
    ("invalid-number-percent-progress.yaml", "Bỏ dấu `%`: viết `40`."),
    ("crlf-and-percent-progress.yaml", "Bỏ dấu `%`: viết `50`."),
    ("invalid-number-decimal-comma.yaml", "Dấu thập phân là dấu chấm: viết `85.5`."),
    ("invalid-number-thousands-dots.yaml", "viết `4120000`."),
    ("invalid-date-day-month-year.yaml", "Viết năm-tháng-ngày: `2019-03-14`."),
]


@pytest.mark.parametrize("case_name, expected", HABITS, ids=[f"{c}:{e[:30]}" for c, e in HABITS])
def test_clerks_habits_are_answered_with_what_to_write(case_name: str, expected: str, tmp_path: Path) -> None:
    assert expected in _told(case_name, tmp_path, "vi")


# The v1.1 warnings say what the writer most likely meant and how to write it, naming periods the reading way.
WARNINGS_TOLD = [
    ("ambiguous-number-indicator-value.yaml", "vi",
     "`so-vu: 1.250` được đọc là số thập phân 1,25, không phải 1250: trong tệp, dấu chấm là dấu thập phân. "
     "Nếu là 1250, viết `so-vu: 1250` (không dùng dấu chấm phân cách hàng nghìn); nếu đúng là số thập phân, "
     "viết `so-vu: 1.25` cho khỏi nhầm."),
    ("ambiguous-number-target.yaml", "en", "If you meant 1500, write `target: 1500`"),
    ("text-after-hash-result.yaml", "vi",
     "Văn bản của `result` bị cắt ở dấu `#`: phần `#3 và #4 tại quận Hải Châu.` bị coi là chú thích và bỏ đi, "
     "chỉ còn `Đã thanh tra dự án`. Đặt cả văn bản trong ngoặc kép: "
     "`result: \"Đã thanh tra dự án #3 và #4 tại quận Hải Châu.\"`, hoặc viết `result: |` rồi xuống dòng"),
    ("text-after-hash-plan-title.yaml", "en", '`title: "Tiếp công dân định kỳ # ít nhất 1 ngày mỗi tháng"`'),
    ("repeated-values-copied-figures.yaml", "vi",
     "Số liệu chỉ tiêu của nhiệm vụ `1.1` (`so-vu: 2`) giống hệt báo cáo Quý I/2019 của cơ quan"),
    ("repeated-text-copied-result.yaml", "vi", "`result` của nhiệm vụ `1.1` giống hệt báo cáo Quý I/2019"),
    ("empty-report-same-status.yaml", "vi",
     "Báo cáo Quý II/2019 không có nội dung mới: không có văn bản, số liệu chỉ tiêu, văn bản làm căn cứ, cũng "
     "không có trạng thái hay tiến độ nào khác báo cáo Quý I/2019."),
    ("empty-report-first-report.yaml", "en", "The 2019-Q1 report is empty"),
    ("progress-decreased.yaml", "vi", "giảm từ 40% (Quý I/2019) xuống 30%"),
    ("reopened.yaml", "vi", "đã báo cáo hoàn thành ở Quý II/2019"),
    ("stale-report-in-plan.yaml", "vi", "báo cáo lần cuối ở Quý I/2019 (kỳ mới nhất: Quý IV/2019)"),
    ("as-of-end-of-quarter.yaml", "vi",
     "`as_of` (30/06/2019) nằm ngoài kỳ báo cáo Quý II/2019 (từ 15/03/2019 đến 14/06/2019). "
     "Ghi ngày chốt số liệu trong Quý II/2019, thường là 14/06/2019."),
    ("invalid-period-month-in-quarterly-plan.yaml", "vi",
     "kế hoạch báo cáo theo quý, không theo tháng). Kỳ báo cáo của kế hoạch này có dạng `2019-Q1`, "
     "từ Quý I/2019 (`2019-Q1`) đến Quý IV/2020 (`2020-Q4`)."),
]


@pytest.mark.parametrize("case_name, lang, expected", WARNINGS_TOLD, ids=[c for c, _, _ in WARNINGS_TOLD])
def test_messages_say_what_was_meant_and_name_periods_the_reading_way(case_name, lang, expected, tmp_path):
    assert expected in _told(case_name, tmp_path, lang)


_ENGLISH = re.compile(r"\b(the|or|and|is|are|not|should|must|input|expected|found|valid|value|string|field)\b",
                      re.IGNORECASE)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_no_english_word_leaks_into_a_vietnamese_message(case: Case, tmp_path: Path) -> None:
    """Outside `code`, a Vietnamese message or hint has no English (libyaml's or pydantic's words included)."""
    told = re.sub(r"`[^`]*`", "", _told(case.name, tmp_path, "vi"))
    assert not _ENGLISH.search(told), told


# --- boundaries next to corpus cases -------------------------------------------------

REPORT = "updates/kh-mau/cong-an/2019-Q1.yaml"


def test_file_of_exactly_one_mib_is_read(tmp_path: Path) -> None:
    """The limit is "over 1 MiB": 1 048 576 bytes are still read (the corpus has 1 048 577)."""
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    target = root / REPORT
    target.write_bytes(padded(target.read_bytes(), MIB))
    assert target.stat().st_size == MIB
    _, problems = check(root, TODAY)
    assert problems == []


def test_file_one_byte_over_one_mib_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    target = root / REPORT
    target.write_bytes(padded(target.read_bytes(), MIB + 1))
    _, problems = check(root, TODAY)
    assert [(p.rule, p.file, p.line, p.column) for p in problems] == [
        ("file-too-large", "data/" + REPORT, 1, 1)]
    assert "1.048.577" in problems[0].message("vi")


@pytest.mark.parametrize("levels, refused", [(20, False), (21, True)])
def test_nesting_limit_is_twenty_levels(tmp_path: Path, levels: int, refused: bool) -> None:
    """The top-level mapping is level 1; `summary` then holds levels - 1 nested lists."""
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    target = root / REPORT
    text = target.read_text(encoding="utf-8")
    nested = "[" * (levels - 1) + "x" + "]" * (levels - 1)
    text = text.replace("summary: Hoàn thành các nhiệm vụ trong quý.", f"summary: {nested}")
    target.write_text(text, encoding="utf-8")
    _, problems = check(root, TODAY)
    rules = [p.rule for p in problems]
    if refused:
        assert rules == ["too-deep"]
        assert (problems[0].line, problems[0].column) == (7, 10 + levels - 2)
    else:  # read, then refused by the schema: summary is text
        assert rules == ["wrong-type"] and problems[0].line == 7


def test_wrong_type_on_a_number_names_the_field(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "wrong-type-progress-list.yaml")
    root = tmp_path / "data"
    place(root, case)
    _, problems = check(root, TODAY)
    assert len(problems) == 1
    assert "`progress`" in problems[0].message("vi") and "`progress`" in problems[0].message("en")


# --- warnings that an explanation silences ----------------------------------------------

Q2_HEAD = "plan: kh-mau\nagency: cong-an\nperiod: 2019-Q2\nas_of: 2019-06-14\nsubmitted_on: 2019-06-25\n"
Q3_HEAD = "plan: kh-mau\nagency: cong-an\nperiod: 2019-Q3\nas_of: 2019-09-14\nsubmitted_on: 2019-09-19\n"


@pytest.mark.parametrize("relative, text", [
    pytest.param("updates/kh-mau/cong-an/2019-Q2.yaml", Q2_HEAD +
                 'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 30\n'
                 "    obstacles: Kết luận thanh tra 1 dự án bị hủy, phải thanh tra lại.\n",
                 id="progress-decreased-with-entry-text"),
    pytest.param("updates/kh-mau/cong-an/2019-Q2.yaml", Q2_HEAD +
                 "revisions:\n  - date: 2019-07-02\n    reason: Tính lại tiến độ theo kết luận mới\n"
                 'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 30\n',
                 id="progress-decreased-with-revision"),
    pytest.param("updates/kh-mau/cong-an/2019-Q3.yaml", Q3_HEAD +
                 'entries:\n  - task: "1.1"\n    status: in_progress\n    progress: 90\n'
                 "    result: Mở lại thanh tra theo chỉ đạo của Thường trực Thành ủy.\n",
                 id="reopened-with-entry-text"),
])
def test_explained_change_gives_no_warning(tmp_path: Path, relative: str, text: str) -> None:
    """The corpus cases progress-decreased and reopened, with the explanation the contract accepts."""
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    (root / relative).write_text(text, encoding="utf-8")
    _, problems = check(root, TODAY)
    assert problems == [], _shown(problems)


# --- the v1.1 warnings: what does not fire -------------------------------------------

EXAMPLE = HERE / "fixtures" / "example"


def test_the_bundled_example_gives_no_error_and_no_warning() -> None:
    _, problems = check(EXAMPLE, TODAY)
    assert problems == [], _shown(problems)


Q2_LEAD = Q2_HEAD + 'entries:\n  - task: "1.1"\n    status: completed\n    completed_on: 2019-06-10\n'


@pytest.mark.parametrize("written, warned", [
    ("4.120", True), ("10.500", True), ("4.12", False), ("4.1200", False), ("0.125", False), ("4120", False),
    ("1.5", False)])
def test_ambiguous_number_is_a_dot_followed_by_exactly_three_digits(tmp_path: Path, written: str, warned: bool):
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    (root / REPORT.replace("2019-Q1", "2019-Q2")).write_text(
        Q2_LEAD + f"    result: Hoàn thành.\n    indicators:\n      so-vu: {written}\n", encoding="utf-8")
    _, problems = check(root, TODAY)
    assert [p.rule for p in problems] == (["ambiguous-number"] if warned else []), _shown(problems)


@pytest.mark.parametrize("text, why", [
    ("    indicators:\n      so-vu: 0\n", "a zero is not counted twice"),
    ("    indicators:\n      ty-le: 60\n", "a `last` indicator is not summed"),
    ("    indicators:\n      so-vu: 3\n", "another figure"),
    ("    result: Đã thanh tra 3 dự án, kết luận 2 dự án.\n", "another text"),
    ("    obstacles: Đã thanh tra 3 dự án.\n", "the same words in another field"),
])
def test_a_figure_or_text_that_is_not_a_copy_gives_no_warning(tmp_path: Path, text: str, why: str) -> None:
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    (root / REPORT.replace("2019-Q1", "2019-Q2")).write_text(Q2_LEAD + text, encoding="utf-8")
    _, problems = check(root, TODAY)
    assert problems == [], (why, _shown(problems))


@pytest.mark.parametrize("entry, why", [
    ('  - task: "1.2"\n    status: not_started\n', "a status that changed"),
    ('  - task: "1.1"\n    documents:\n      - number: 12/BC-VKS\n', "a document"),
    ('  - task: "1.1"\n    indicators:\n      so-vu: 0\n', "an indicator value, even 0"),
])
def test_a_report_with_something_new_is_not_empty(tmp_path: Path, entry: str, why: str) -> None:
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    (root / "updates/kh-mau/vks/2019-Q2.yaml").write_text(
        "plan: kh-mau\nagency: vks\nperiod: 2019-Q2\nas_of: 2019-06-14\nsubmitted_on: 2019-06-20\nentries:\n" + entry,
        encoding="utf-8")
    _, problems = check(root, TODAY)
    assert problems == [], (why, _shown(problems))


def test_the_previous_report_is_the_agencys_latest_earlier_one_even_periods_back(tmp_path: Path) -> None:
    """No 2019-Q2 report: the 2019-Q3 one is compared with 2019-Q1."""
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    (root / "updates/kh-mau/vks/2019-Q3.yaml").write_text(
        "plan: kh-mau\nagency: vks\nperiod: 2019-Q3\nas_of: 2019-09-14\nsubmitted_on: 2019-09-20\nentries:\n"
        '  - task: "1.1"\n    result: Phối hợp kiểm sát.\n', encoding="utf-8")
    _, problems = check(root, TODAY)
    assert [(p.rule, p.line) for p in problems] == [("repeated-text", 8)]
    assert "giống hệt báo cáo Quý I/2019" in problems[0].message("vi")
