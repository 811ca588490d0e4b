"""Hostile input reaching git: file names, commit texts, symbolic links, revisions that look like options.

Every test runs the real `git` on a temporary repository. What is hostile here is normal input for
tiendo: a data folder named in Vietnamese, a name with a newline, a subject pasted with control
characters, a report replaced by a link, a revision chosen to be read as an option.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TODAY, built, tiendo
from repos import git, make_repo

from generator.check import check
from generator.git import repo as gitrepo
from generator.git.history import load_history

REPORT = "updates/kh-mau/vks/2019-Q1.yaml"  # locked since 05/04/2019
GIT_RULES = {"report-deleted", "report-renamed", "locked-report-changed", "backdated-report", "not-a-regular-file"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "kho")


def git_problems(data: Path, base: str = "main") -> list[tuple[str, str]]:
    _, problems = check(data, TODAY, base)
    return sorted((p.rule, p.file) for p in problems if p.rule in GIT_RULES)


# --- names git would quote or split ------------------------------------------------------------


@pytest.mark.parametrize("folder", ["Dữ liệu", "dữ liệu báo cáo 2019", "data #1 (bản chính)"])
def test_a_data_folder_named_in_vietnamese_or_with_spaces_keeps_every_rule(tmp_path, folder):
    root = make_repo(tmp_path / "kho", data=folder)
    data = root / folder
    (data / REPORT).unlink()
    git(root, "mv", f"{folder}/updates/kh-mau/cong-an/2019-Q1.yaml", f"{folder}/updates/kh-mau/cong-an/2019-Q3.yaml")
    assert git_problems(data) == [("report-deleted", f"{folder}/{REPORT}"),
                                  ("report-renamed", f"{folder}/updates/kh-mau/cong-an/2019-Q3.yaml")]


def test_a_report_renamed_to_a_name_with_a_newline_is_caught_and_shown_exactly(repo):
    hostile = "data/updates/kh-mau/vks/2019-Q1\n.yaml"
    git(repo, "mv", f"data/{REPORT}", hostile)
    assert ("report-renamed", hostile) in git_problems(repo / "data")
    out = tiendo("diff", "main", "--data", "data", cwd=repo).stdout
    assert "| vks | 2019-Q1 | đổi tên | data/updates/kh-mau/vks/2019-Q1\\\\u000a.yaml |" in out


@pytest.mark.parametrize("name", ["ghi chú\n.yaml", "a|b`c*_[x](y)<script>.yaml", "\u202egnp.yaml", "tab\there.yaml"])
def test_diff_lists_a_file_with_any_name_on_one_safe_table_row(repo, name):
    (repo / "data" / name).write_text("x: 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Tệp lạ")
    out = tiendo("diff", "HEAD~1", "HEAD", "--data", "data", cwd=repo).stdout
    [row] = [line for line in out.splitlines() if "| thêm |" in line]
    assert row.startswith("| — | — | thêm | data/") and row.endswith(" |")
    assert row.count(" | ") == 3  # no cell split by the name
    assert "<script>" not in row and "\n" not in row and "\u202e" not in row
    assert "`" not in row.replace("\\`", "")


# --- commit texts ----------------------------------------------------------------------------


HOSTILE_SUBJECTS = [
    "Sửa báo cáo\x1eQuý I",  # the record separator history used to split on
    "CATP cập nhật\x1b[31m báo cáo",  # a terminal escape
    "%H%x00%s ::error::giả mạo",  # format placeholders and a workflow command
    "Dòng một\nDòng hai của tiêu đề",  # a subject paragraph on two lines
]


def test_history_reads_every_commit_whatever_its_subject_says(repo):
    for n, subject in enumerate(HOSTILE_SUBJECTS):
        path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"progress: {40 + n}", f"progress: {41 + n}"),
                        encoding="utf-8")
        git(repo, "commit", "-q", "-am", subject, author=f"Nguyễn\x1eVăn {n}", when=f"2019-03-2{n}T10:00:00+07:00")
    commits = gitrepo.history(repo, "data")
    assert [c.sha for c in commits] == git(repo, "rev-list", "HEAD").split()
    assert [c.subject for c in commits] == ["Dòng một Dòng hai của tiêu đề", "%H%x00%s ::error::giả mạo",
                                            "CATP cập nhật [31m báo cáo", "Sửa báo cáo Quý I", "Dữ liệu ban đầu"]
    assert [c.author for c in commits[:2]] == ["Nguyễn Văn 3", "Nguyễn Văn 2"]
    history = load_history(repo / "data")
    assert [len(r.entries) for r in history.revisions] == [1, 1, 1, 1, 5]  # 1.1's progress; then the first reports


def test_a_forged_commit_whose_message_holds_a_nul_byte_cannot_split_the_history(repo):
    # `git commit` refuses a NUL in a message; a commit object written by hand (and pushed) can hold one
    path = repo / "data" / REPORT
    path.write_text(path.read_text(encoding="utf-8") + "summary: Bổ sung.\n", encoding="utf-8")
    git(repo, "add", "-A")
    tree = git(repo, "write-tree").strip()
    parent = git(repo, "rev-parse", "HEAD").strip()
    body = (f"tree {tree}\nparent {parent}\nauthor Kẻ\x00giả <x@example.org> 1553047200 +0700\n"
            f"committer X <x@example.org> 1553047200 +0700\n\nTiêu đề\x00{parent} 2019-01-01T00:00:00+00:00\n")
    forged = git(repo, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", stdin=body.encode()).strip()
    git(repo, "update-ref", "refs/heads/main", forged)
    commits = gitrepo.history(repo, "data")
    assert [c.sha for c in commits] == [forged, parent]
    assert commits[0].subject == f"Tiêu đề {parent} 2019-01-01T00:00:00+00:00" and commits[0].author == "Kẻ giả"
    assert [f.path for f in commits[0].files] == [f"data/{REPORT}"]


def test_the_history_page_builds_after_hostile_commits(repo, tmp_path):
    path = repo / "data" / REPORT
    path.write_text(path.read_text(encoding="utf-8") + "summary: Bổ sung.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "<b>Sửa</b>\x1e báo cáo\x1b[2J", author="<script>alert(1)</script>")
    site = built(repo / "data", tmp_path)
    page = (site / "lich-su/index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Sửa&lt;/b&gt;" in page and "<script>alert(1)" not in page
    assert "\x1e" not in page and "\x1b" not in page


# --- symbolic links and type changes ---------------------------------------------------------------


def test_a_locked_report_replaced_by_a_link_to_the_same_text_is_refused(repo):
    copy = repo / "data/updates/kh-mau/vks/ban-sao.txt"
    copy.write_bytes((repo / "data" / REPORT).read_bytes())
    (repo / "data" / REPORT).unlink()
    os.symlink("ban-sao.txt", repo / "data" / REPORT)
    assert git_problems(repo / "data") == [("not-a-regular-file", f"data/{REPORT}")]
    _, problems = check(repo / "data", TODAY, "main")
    assert ("special-file", f"data/{REPORT}") in {(p.rule, p.file) for p in problems}  # never read through the link


def test_a_committed_type_change_is_a_change_for_every_reader(repo):
    (repo / "data" / REPORT).unlink()
    os.symlink("../cong-an/2019-Q1.yaml", repo / "data" / REPORT)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Thay báo cáo bằng liên kết")
    [change] = gitrepo.changes(repo, "HEAD~1", "data", "HEAD")
    assert (change.status, change.modified, change.regular_file) == ("T", True, False)
    assert ("not-a-regular-file", f"data/{REPORT}") in git_problems(repo / "data", "HEAD~1")
    out = tiendo("diff", "HEAD~1", "HEAD", "--data", "data", cwd=repo).stdout
    assert f"| vks | 2019-Q1 | thành liên kết | data/{REPORT} |" in out
    history = load_history(repo / "data")
    assert [(f.status, f.agency, f.period) for f in history.revisions[0].files] == [("M", "vks", "2019-Q1")]


def test_a_new_report_that_is_a_link_is_refused_before_it_is_even_added(repo):
    os.symlink("../cong-an/2019-Q2.yaml", repo / "data/updates/kh-mau/vks/2019-Q2.yaml")
    assert ("not-a-regular-file", "data/updates/kh-mau/vks/2019-Q2.yaml") in git_problems(repo / "data")


def test_a_link_in_the_base_revision_is_never_followed(repo, tmp_path):
    os.symlink("/etc/hostname", repo / "data/ngoai.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Liên kết ra ngoài")
    copy = gitrepo.extract(repo, "HEAD", "data", tmp_path / "ban")
    assert not (copy / "ngoai.yaml").exists() and (copy / REPORT).is_file()


# --- revisions that look like options ----------------------------------------------------------------


@pytest.mark.parametrize("revision", ["--output=pwned.txt", "-o", "--exec=touch pwned", "-"])
def test_a_revision_starting_with_a_dash_never_reaches_git_as_an_option(repo, revision):
    with pytest.raises(gitrepo.GitError, match="không tìm thấy phiên bản"):
        gitrepo.changes(repo, revision, "data")
    with pytest.raises(gitrepo.GitError):
        gitrepo.changes(repo, "main", "data", revision)
    result = tiendo("diff", "--base", revision, "--data", "data", cwd=repo)
    assert result.returncode == 2 and "không phải phiên bản git" in result.stderr
    assert not list(repo.glob("pwned*"))


def test_a_revision_range_is_not_one_revision(repo):
    assert gitrepo.resolve(repo, "main") == git(repo, "rev-parse", "main").strip()
    with pytest.raises(gitrepo.GitError):
        gitrepo.resolve(repo, "main..main")


def test_git_needs_no_configuration_of_the_machine(repo):
    """core.quotePath and diff.renames may be set either way on a clerk's machine: the output read is the same."""
    (repo / "data" / REPORT).unlink()
    for key, value in (("core.quotePath", "true"), ("diff.renames", "false"), ("diff.noprefix", "true"),
                       ("color.ui", "always"), ("diff.external", "false")):
        git(repo, "config", key, value)
    assert git_problems(repo / "data") == [("report-deleted", f"data/{REPORT}")]
