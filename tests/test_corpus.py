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
