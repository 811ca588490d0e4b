"""Git features on real temporary repositories: change control, diff, new-update, history, CODEOWNERS."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TODAY, built, tiendo, write
from pathspec import GitIgnoreSpec
from repos import git, make_repo

from generator.check import check
from generator.git import repo as gitrepo
from generator.git import workflows

CHANGE_RULES = {"report-deleted", "report-renamed", "locked-report-changed", "locked-figures-changed",
                "backdated-report", "not-a-regular-file"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds the base fixture as data/."""
    return make_repo(tmp_path / "kho")


def change_problems(root: Path, base: str = "main", today: date = TODAY) -> list[tuple[str, str, int]]:
    _, problems = check(root / "data", today, base)
    return sorted((p.rule, p.file, p.line) for p in problems if p.rule in CHANGE_RULES)


# --- change control -------------------------------------------------------------------


def test_unchanged_data_passes(repo):
    assert change_problems(repo) == []


def test_deleting_a_submitted_report_is_an_error(repo):
    (repo / "data/updates/kh-mau/vks/2019-Q1.yaml").unlink()
    assert change_problems(repo) == [("report-deleted", "data/updates/kh-mau/vks/2019-Q1.yaml", 1)]


def test_renaming_a_submitted_report_is_an_error(repo):
    git(repo, "mv", "data/updates/kh-mau/vks/2019-Q1.yaml", "data/updates/kh-mau/vks/2019-Q3.yaml")
    found = change_problems(repo)
    assert ("report-renamed", "data/updates/kh-mau/vks/2019-Q3.yaml", 1) in found


def test_editing_a_locked_report_without_a_revision_is_an_error(repo):
    path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 40", "progress: 45"), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("    progress: 45") + 1
    assert change_problems(repo) == [("locked-report-changed", "data/updates/kh-mau/cong-an/2019-Q1.yaml", line)]


def test_editing_a_locked_report_with_a_new_revision_passes(repo):
    path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    text = path.read_text(encoding="utf-8").replace("progress: 40", "progress: 45")
    text = text.replace("entries:\n", "revisions:\n  - date: 2019-04-02\n    reason: Bổ sung số liệu thanh tra\nentries:\n")
    path.write_text(text, encoding="utf-8")
    assert change_problems(repo) == []


def test_a_report_still_within_its_lock_days_may_change(repo):
    path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 40", "progress: 45"), encoding="utf-8")
    # D(2019-Q1) = 20/03/2019; lock_days 15: open until 04/04/2019
    assert change_problems(repo, today=date(2019, 4, 4)) == []
    assert change_problems(repo, today=date(2019, 4, 5))[0][0] == "locked-report-changed"


def add_vks_q2(repo: Path, submitted_on: str = "2019-06-20") -> Path:
    return write(repo / "data", "updates/kh-mau/vks/2019-Q2.yaml", (repo / "data/updates/kh-mau/vks/2019-Q1.yaml")
                 .read_text(encoding="utf-8").replace("2019-Q1", "2019-Q2").replace("2019-03-14", "2019-06-14")
                 .replace("2019-03-20", submitted_on))


@pytest.mark.parametrize(("today", "days"), [(date(2019, 6, 20), 0), (date(2019, 7, 5), 15)])
def test_adding_a_report_submitted_within_lock_days_passes(repo, today, days):
    add_vks_q2(repo)
    assert change_problems(repo, today=today) == []


def test_adding_a_report_dated_more_than_lock_days_back_is_refused(repo):
    path = add_vks_q2(repo)
    line = path.read_text(encoding="utf-8").splitlines().index("submitted_on: 2019-06-20") + 1
    _, problems = check(repo / "data", date(2019, 7, 6), "main")
    [problem] = [p for p in problems if p.rule in CHANGE_RULES]
    assert (problem.rule, problem.file, problem.line, problem.column) == (
        "backdated-report", "data/updates/kh-mau/vks/2019-Q2.yaml", line, 15)
    assert problem.message() == ("Báo cáo mới thêm ghi ngày gửi `submitted_on` là 20/06/2019, trước hôm nay "
                                 "(06/07/2019) 16 ngày; báo cáo mới không được ghi lùi ngày gửi quá 15 ngày.")


def test_a_backdated_report_not_yet_added_to_git_is_refused_too(repo):
    add_vks_q2(repo)  # untracked: the clerk checks before committing
    assert change_problems(repo) == [("backdated-report", "data/updates/kh-mau/vks/2019-Q2.yaml", 5)]


def test_reports_of_a_plan_added_by_the_same_change_may_carry_their_past(repo):
    shutil.copytree(repo / "data/plans/kh-mau", repo / "data/plans/kh-moi")
    plan = repo / "data/plans/kh-moi/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("id: kh-mau", "id: kh-moi"), encoding="utf-8")
    shutil.copytree(repo / "data/updates/kh-mau", repo / "data/updates/kh-moi")
    for path in (repo / "data/updates/kh-moi").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("plan: kh-mau", "plan: kh-moi"), encoding="utf-8")
    git(repo, "add", "-A")
    assert change_problems(repo) == []


# --- change control of plan edits: figures published for locked periods never change -----------

PLAN = "data/plans/kh-mau/plan.yaml"
NEW_TASK = """  - id: "2.2"
    group: "2"
    title: Sơ kết quy chế phối hợp
    lead: cong-an
    due: 2020-06-30
"""


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (which must be there) by `new`; returns the line where the new text starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def figure_problems(root: Path, today: date = TODAY) -> list:
    _, problems = check(root / "data", today, "main")
    return [p for p in problems if p.rule == "locked-figures-changed"]


# (edit: old -> new, the line the problem points at, the periods and figures the message lists)
@pytest.mark.parametrize(("old", "new", "at", "changes"), [
    ("    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK, '  - id: "2.2"', 
     "8 kỳ đã khóa của Kế hoạch 01-KH/TU: Quý I/2019: Số nhiệm vụ 3 → 4, Nhiệm vụ có thời hạn 2 → 3, "
     "Chưa có báo cáo 1 → 2, Tiến độ bình quân 26,7% → 20,0% (và 7 số liệu khác); Quý II/2019 – Quý IV/2019 (3 kỳ): "
     "Số nhiệm vụ 3 → 4, Nhiệm vụ có thời hạn 2 → 3, Chưa có báo cáo 1 → 2, Tỷ lệ hoàn thành 50,0% → 33,3% "
     "(và 9 số liệu khác); Quý I/2020 – Quý II/2020 (2 kỳ): Số nhiệm vụ 3 → 4, Nhiệm vụ có thời hạn 2 → 3, "
     "Chưa có báo cáo 0 → 1, Tỷ lệ hoàn thành 50,0% → 33,3% (và 11 số liệu khác); và 2 kỳ khác."),
    ("    due: 2019-06-30\n", "    due: 2019-03-31\n", "    due: 2019-03-31", 
     "7 kỳ đã khóa của Kế hoạch 01-KH/TU: Quý II/2019 – Quý IV/2020 (7 kỳ): Hoàn thành đúng hạn 1 → 0, "
     "Hoàn thành trễ hạn 0 → 1, Tỷ lệ hoàn thành đúng hạn 100,0% → 0,0%, Hoàn thành đúng hạn (nhóm 1) 1 → 0 (và 5 số liệu khác)."),
    ("    weight: 2\n", "    weight: 3\n", "    weight: 3", 
     "8 kỳ đã khóa của Kế hoạch 01-KH/TU: Quý I/2019: Tiến độ bình quân 26,7% → 30,0%; "
     "Quý II/2019 – Quý IV/2020 (7 kỳ): Tiến độ bình quân 66,7% → 75,0%."),
    ("end: 2020-12-31\n", "end: 2019-12-31\n", "end: 2019-12-31", 
     "4 kỳ đã khóa của Kế hoạch 01-KH/TU: Quý I/2020 – Quý IV/2020 (4 kỳ): không còn là kỳ báo cáo của kế hoạch."),
])
def test_a_plan_edit_that_rewrites_a_locked_period_is_refused(repo, old, new, at, changes):
    edit(repo / PLAN, old, new)
    [problem] = figure_problems(repo)
    line = (repo / PLAN).read_text(encoding="utf-8").splitlines().index(at) + 1
    assert (problem.file, problem.line, problem.column) == (PLAN, line, 1)
    assert problem.message() == "Sửa đổi này làm thay đổi số liệu đã công bố của " + changes
    assert "`assigned: <ngày giao>`" in problem.hint() and "`extensions`" in problem.hint()


def test_plan_and_agency_edits_that_change_no_locked_figure_pass(repo):
    edit(repo / PLAN, "title: Thanh tra đất đai, xây dựng cơ bản", "title: Thanh tra đất đai, đầu tư xây dựng cơ bản")
    edit(repo / PLAN, "    lead: vks\n    due: recurring\n", "    lead: vks\n    support: [cong-an]\n    due: recurring\n")
    edit(repo / "data/agencies.yaml", "name: Công an thành phố", "name: Công an thành phố Đà Nẵng")
    assert check(repo / "data", TODAY, "main")[1] == []


@pytest.fixture
def repo_in_2019(repo) -> Path:
    """The base repository as it stood in May 2019: Quý I/2019 locked (D = 20/03, +15 days), Quý II open."""
    git(repo, "rm", "-q", "data/updates/kh-mau/cong-an/2019-Q2.yaml")
    git(repo, "commit", "-q", "-m", "Trước khi có báo cáo Quý II/2019")
    return repo


def test_a_plan_edit_that_changes_only_open_periods_passes(repo_in_2019):
    edit(repo_in_2019 / PLAN, "    due: 2019-Q4\n", "    due: 2019-Q3\n")  # 2.1: still not due at Quý I/2019
    assert figure_problems(repo_in_2019, date(2019, 5, 1)) == []


def test_only_the_locked_periods_are_listed(repo_in_2019):
    edit(repo_in_2019 / PLAN, "    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK)
    [problem] = figure_problems(repo_in_2019, date(2019, 5, 1))
    assert problem.params["changes"] == ("Quý I/2019: Số nhiệm vụ 3 → 4, Nhiệm vụ có thời hạn 2 → 3, Chưa có báo cáo "
                                         "1 → 2, Tiến độ bình quân 26,7% → 20,0% (và 7 số liệu khác)")
    assert figure_problems(repo_in_2019, date(2019, 4, 4)) == []  # the last day Quý I/2019 is open


def test_figures_are_not_compared_while_the_data_has_errors(repo):
    edit(repo / PLAN, "    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK.replace("lead: cong-an", "lead: khong-co"))
    _, problems = check(repo / "data", TODAY, "main")
    assert "locked-figures-changed" not in {p.rule for p in problems} and any(p.is_error for p in problems)


def assert_refused_then_passes(repo: Path, old: str, rewrite: str, history_kept: str, today: date = TODAY) -> None:
    edit(repo / PLAN, old, rewrite)
    assert [p.rule for p in figure_problems(repo, today)] == ["locked-figures-changed"]
    git(repo, "checkout", "-q", "--", PLAN)
    edit(repo / PLAN, old, history_kept)
    _, problems = check(repo / "data", today, "main")
    assert [p for p in problems if p.is_error] == []


def test_a_new_task_given_with_assigned_keeps_history_and_passes(repo_in_2019):
    """In May 2019 (Quý I/2019 locked) the office adds a task given on 15/04/2019: without `assigned` it would
    count in Quý I/2019's published figures; with it, from Quý II/2019 (still open) on."""
    assert_refused_then_passes(repo_in_2019, "    due: 2019-Q4\n", "    due: 2019-Q4\n" + NEW_TASK,
                               "    due: 2019-Q4\n" + NEW_TASK + "    assigned: 2019-04-15\n", date(2019, 5, 1))


def test_a_new_deadline_given_as_an_extension_keeps_history_and_passes(repo):
    """Rewriting `due` moves the past periods' figures; an extension decided now moves none of them."""
    assert_refused_then_passes(repo, "    due: 2019-06-30\n", "    due: 2019-03-31\n",
                               "    due: 2019-06-30\n    extensions:\n      - due: 2021-06-30\n"
                               "        decided_on: 2020-12-15\n        decision: 45-TB/TU\n")


def test_an_extension_recorded_as_decided_in_a_locked_period_is_refused(repo):
    """Decided on 01/02/2019, it moves 2.1's due date (2019-Q4) to the end of 2020 at every later period:
    2.1, never reported, is no longer overdue in 2020's published figures."""
    edit(repo / PLAN, "    due: 2019-Q4\n", "    due: 2019-Q4\n    extensions:\n      - due: 2020-12-31\n"
         "        decided_on: 2019-02-01\n")
    assert [p.rule for p in figure_problems(repo)] == ["locked-figures-changed"]


def test_validate_base_on_the_command_line(repo):
    (repo / "data/updates/kh-mau/vks/2019-Q1.yaml").unlink()
    result = tiendo("validate", "--data", "data", "--base", "main", "--format", "json", cwd=repo)
    assert result.returncode == 1 and '"report-deleted"' in result.stdout
    result = tiendo("validate", "--data", "data", "--base", "no-such-branch", cwd=repo)
    assert result.returncode == 2 and "không tìm thấy phiên bản" in result.stderr


def test_validate_base_shows_warnings_only_for_the_files_the_change_touches(repo):
    edit(repo / "data/updates/kh-mau/cong-an/2019-Q2.yaml", "    status: completed\n    completed_on: 2019-06-10\n    result: Hoàn thành thanh tra.\n",
         "    status: in_progress\n    progress: 30\n")  # 40 -> 30 unexplained: a warning, already in the base
    git(repo, "commit", "-q", "-am", "Báo cáo Quý II/2019 (tiến độ giảm)")
    write(repo / "data", "updates/kh-mau/cong-an/2019-Q3.yaml", "plan: kh-mau\nagency: cong-an\nperiod: 2019-Q3\n"
          "as_of: 2019-09-14\nsubmitted_on: 2025-12-30\nentries:\n  - task: \"1.1\"\n    status: in_progress\n"
          "    progress: 20\n  - task: \"2.1\"\n")
    everything = tiendo("validate", "--format", "json", cwd=repo)
    assert {(p["rule"], p["file"]) for p in json.loads(everything.stdout)} == {
        ("progress-decreased", "data/updates/kh-mau/cong-an/2019-Q2.yaml"),
        ("progress-decreased", "data/updates/kh-mau/cong-an/2019-Q3.yaml")}
    focused = tiendo("validate", "--format", "json", "--base", "main", cwd=repo)
    assert focused.returncode == 0
    assert [(p["rule"], p["file"]) for p in json.loads(focused.stdout)] == [
        ("progress-decreased", "data/updates/kh-mau/cong-an/2019-Q3.yaml")]
    note = ("Còn 1 cảnh báo ở các tệp mà thay đổi này không đụng tới; chạy `tiendo validate` không có --base "
            "để xem hết.")
    assert focused.stderr.strip() == note
    text = tiendo("validate", "--base", "main", cwd=repo)
    assert "cong-an/2019-Q3.yaml:9:" in text.stdout and "2019-Q2.yaml" not in text.stdout
    assert text.stdout.rstrip().endswith(note)


# --- diff -----------------------------------------------------------------------------------


def test_diff_lists_files_tasks_figures_and_new_proposals(repo):
    path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    status: in_progress\n    progress: 40\n", "    status: completed\n    completed_on: 2019-03-10\n")
    path.write_text(text.replace("entries:\n", "proposals: Đề nghị bổ sung biên chế thanh tra.\nentries:\n"),
                    encoding="utf-8")
    git(repo, "commit", "-q", "-am", "CATP cập nhật Quý I/2019", when="2019-03-25T10:00:00+07:00")
    result = tiendo("diff", "HEAD~1", "HEAD", "--data", "data", cwd=repo)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "| cong-an | 2019-Q1 | sửa | data/updates/kh-mau/cong-an/2019-Q1.yaml |" in out
    assert re.search(r"\| kh-mau \| 2019-Q1 \| 1\.1 .*\| đang thực hiện 40% \| hoàn thành đúng hạn 100% \|", out)
    assert "### Số liệu Kế hoạch 01-KH/TU tại kỳ 2019-Q2" in out  # the latest period: 1.1 completed either way
    assert "| Hoàn thành đúng hạn | 1 | 1 |" in out
    assert "Đề nghị bổ sung biên chế thanh tra." in out


def test_diff_against_the_working_tree_with_base_option(repo):
    (repo / "data/updates/kh-mau/vks/2019-Q1.yaml").unlink()
    result = tiendo("diff", "--base", "main", "--data", "data", cwd=repo)
    assert "| vks | 2019-Q1 | xóa |" in result.stdout


def test_diff_outside_git_exits_2(base_data):
    result = tiendo("diff", "main", "--data", str(base_data), cwd=base_data.parent)
    assert result.returncode == 2 and "không nằm trong một kho git" in result.stderr


# --- new-update ---------------------------------------------------------------------------


def test_new_update_prefills_and_validates_and_never_overwrites(repo):
    result = tiendo("new-update", "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q3", cwd=repo)
    assert result.returncode == 0, result.stderr
    path = repo / "data/updates/kh-mau/cong-an/2019-Q3.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../docs/schemas/update.schema.json\n")
    report = yaml.safe_load(text)
    assert report["period"] == "2019-Q3" and str(report["as_of"]) == "2019-09-14"
    by_task = {e["task"]: e for e in report["entries"]}
    assert by_task["1.1"]["status"] == "completed" and str(by_task["1.1"]["completed_on"]) == "2019-06-10"
    assert set(by_task) == {"1.1", "2.1"} and "status" not in by_task["2.1"]  # it supports 2.1
    _, problems = check(repo / "data", TODAY)
    assert [p for p in problems if p.is_error] == []
    again = tiendo("new-update", "--plan", "kh-mau", "--agency", "cong-an", "--period", "2019-Q3", cwd=repo)
    assert again.returncode == 2 and "Đã có tệp" in again.stderr
    assert path.read_text(encoding="utf-8") == text


def test_new_update_refuses_an_agency_without_tasks(repo):
    result = tiendo("new-update", "--plan", "kh-mau", "--agency", "khong-co", "--period", "2019-Q3", cwd=repo)
    assert result.returncode == 2 and "không chủ trì hay phối hợp" in result.stderr


# --- history -------------------------------------------------------------------------------


def test_history_page_and_task_revisions(repo, tmp_path):
    path = repo / "data/updates/kh-mau/cong-an/2019-Q1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 40", "progress: 55"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "CATP sửa tiến độ nhiệm vụ 1.1", when="2019-03-22T15:30:00+07:00",
        author="Nguyễn Văn An")
    site = built(repo / "data", tmp_path)
    history = (site / "lich-su/index.html").read_text(encoding="utf-8")
    assert "22/03/2019 15:30" in history and "Nguyễn Văn An" in history and "Ban Nội chính" in history
    assert "Sửa báo cáo Quý I/2019 của CATP" in history
    assert "Đang thực hiện 40%" in history and "Đang thực hiện 55%" in history
    task = (site / "nhiem-vu/1.1/index.html").read_text(encoding="utf-8")
    assert "CATP sửa tiến độ nhiệm vụ 1.1" in task


def test_without_git_the_site_says_history_is_unavailable(base_data, tmp_path):
    site = built(base_data, tmp_path)
    assert "Lịch sử cập nhật không có sẵn" in (site / "lich-su/index.html").read_text(encoding="utf-8")


# --- CODEOWNERS ------------------------------------------------------------------------------


def github_owners(codeowners: str, path: str) -> list[str]:
    """GitHub's reading: gitignore-like patterns, the last matching line wins."""
    found: list[str] = []
    for line in codeowners.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = re.split(r"(?<!\\) ", line)  # a space in a path is escaped: `\ `
            if GitIgnoreSpec.from_lines([pattern]).match_file(path):
                found = owners
    return found


def forgejo_owners(codeowners: str, path: str) -> list[str]:
    """Forgejo's reading: `^regex$` on the path (`!`: every path it does not match); every matching line counts."""
    found: list[str] = []
    for line in codeowners.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = re.split(r"(?<!\\) ", line)
            pattern = re.sub(r"\\(.)", r"\1", pattern)  # the line's own escapes: \\ \  \#
            negative = pattern.startswith("!")
            if bool(re.fullmatch(pattern.removeprefix("!"), path)) != negative:
                found += [o for o in owners if o not in found]
    return found


OFFICE = ["@to-chuc/ban-noi-chinh"]
# every kind of file a change could touch, and who alone may approve it
OWNERSHIP = [
    ("data/updates/kh-mau/cong-an/2019-Q1.yaml", ["@to-chuc/cong-an"]),
    ("data/updates/kh-moi/cong-an/2025-Q4.yaml", ["@to-chuc/cong-an"]),  # a plan added later
    ("data/updates/kh-mau/ban-noi-chinh/2019-Q1.yaml", OFFICE),
    ("data/updates/kh-mau/vks/2019-Q1.yaml", OFFICE),  # no reviewers of its own: the office
    ("data/updates/cong-an/2019-Q1.yaml", OFFICE),  # not inside a plan's folder
    ("data/agencies.yaml", OFFICE), ("data/plans/kh-mau/plan.yaml", OFFICE),
    ("docs/assets/tiendo.js", OFFICE), ("docs/huong-dan/index.md", OFFICE), ("mkdocs.yml", OFFICE),
    ("generator/cli.py", OFFICE), ("tests/conftest.py", OFFICE), ("README.md", OFFICE), ("pyproject.toml", OFFICE),
    ("setup.py", OFFICE), ("requirements/ci.txt", OFFICE), (".ci/run", OFFICE), (".github/CODEOWNERS", OFFICE),
    (".github/workflows/validate.yml", OFFICE), (".forgejo/CODEOWNERS", OFFICE),
    (".forgejo/workflows/deploy.yml", OFFICE), ("CODEOWNERS", OFFICE), ("docs/CODEOWNERS", OFFICE),
    (".gitea/CODEOWNERS", OFFICE), ("Makefile", OFFICE), ("data/updates/kh-mau/cong-an x/a.yaml", OFFICE),
]


@pytest.fixture
def owned_repo(repo) -> Path:
    assert tiendo("codeowners", "--data", "data", cwd=repo).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "CODEOWNERS")
    return repo


@pytest.mark.parametrize(("path", "expected"), OWNERSHIP)
def test_every_file_has_an_owner_and_agencies_own_only_their_folders(owned_repo, path, expected):
    for name, owners_of in ((".github/CODEOWNERS", github_owners), (".forgejo/CODEOWNERS", forgejo_owners)):
        assert owners_of((owned_repo / name).read_text(encoding="utf-8"), path) == expected, name


def test_every_committed_file_of_this_project_is_owned_by_the_office_or_its_agency():
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True,
                           text=True).stdout.split("\0")
    agencies = {a["id"]: a.get("reviewers", []) for a in yaml.safe_load((REPO / "data/agencies.yaml")
                                                                         .read_text(encoding="utf-8"))["agencies"]}
    for name, owners_of in ((".github/CODEOWNERS", github_owners), (".forgejo/CODEOWNERS", forgejo_owners)):
        codeowners = (REPO / name).read_text(encoding="utf-8")
        office = github_owners(codeowners, "setup.py") if owners_of is github_owners else \
            forgejo_owners(codeowners, "setup.py")
        assert office, name
        for path in filter(None, files):
            parts = path.split("/")
            agency = parts[3] if len(parts) > 4 and parts[:2] == ["data", "updates"] else None
            assert owners_of(codeowners, path) == (agencies.get(agency) or office), (name, path)


def test_codeowners_drift_is_an_error_until_regenerated(owned_repo):
    github = (owned_repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert github.index("\n* @to-chuc/ban-noi-chinh\n") < github.index("/data/updates/*/cong-an/ @to-chuc/cong-an")
    assert "# /data/updates/*/vks/: chưa có người duyệt (reviewers) trong agencies.yaml" in github
    assert tiendo("codeowners", "--check", "--data", "data", cwd=owned_repo).returncode == 0
    agencies = owned_repo / "data/agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("@to-chuc/cong-an", "@to-chuc/cong-an-moi"),
                        encoding="utf-8")
    _, problems = check(owned_repo / "data", TODAY)
    assert sorted((p.rule, p.file, p.line) for p in problems) == [
        ("codeowners-drift", ".forgejo/CODEOWNERS", 10), ("codeowners-drift", ".github/CODEOWNERS", 10)]
    result = tiendo("codeowners", "--check", "--data", "data", cwd=owned_repo)
    assert result.returncode == 1 and "không khớp với agencies.yaml" in result.stderr
    assert tiendo("codeowners", "--data", "data", cwd=owned_repo).returncode == 0
    assert check(owned_repo / "data", TODAY)[1] == []


def test_a_plan_with_another_owner_is_approved_by_that_owner(owned_repo):
    shutil.copytree(owned_repo / "data/plans/kh-mau", owned_repo / "data/plans/kh-moi")
    edit(owned_repo / "data/plans/kh-moi/plan.yaml", "id: kh-mau\n", "id: kh-moi\n")
    edit(owned_repo / "data/plans/kh-moi/plan.yaml", "owner: ban-noi-chinh\n", "owner: cong-an\n")
    assert tiendo("codeowners", "--data", "data", cwd=owned_repo).returncode == 0
    github = (owned_repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    both = ["@to-chuc/ban-noi-chinh", "@to-chuc/cong-an"]
    assert github_owners(github, "generator/cli.py") == both
    assert github_owners(github, "data/plans/kh-moi/plan.yaml") == ["@to-chuc/cong-an"]
    assert github_owners(github, "data/plans/kh-mau/plan.yaml") == ["@to-chuc/ban-noi-chinh"]
    forgejo = (owned_repo / ".forgejo/CODEOWNERS").read_text(encoding="utf-8")
    assert forgejo_owners(forgejo, "data/plans/kh-moi/plan.yaml") == both  # stricter there, never looser


@pytest.mark.parametrize("folder", ["Dữ liệu 2019", "data.v2 #1"])
def test_codeowners_write_an_odd_data_folder_name_literally(tmp_path, folder):
    root = make_repo(tmp_path / "kho", data=folder)
    assert tiendo("codeowners", "--data", folder, cwd=root).returncode == 0
    report = f"{folder}/updates/kh-mau/cong-an/2019-Q1.yaml"
    lookalike = f"{folder.replace('.', 'x').replace(' ', '_')}/updates/kh-mau/cong-an/2019-Q1.yaml"
    github = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    forgejo = (root / ".forgejo/CODEOWNERS").read_text(encoding="utf-8")
    for owners_of, text in ((github_owners, github), (forgejo_owners, forgejo)):
        assert owners_of(text, report) == ["@to-chuc/cong-an"]
        assert owners_of(text, lookalike) == OFFICE


def test_committed_codeowners_matches_the_bundled_agencies():
    assert tiendo("codeowners", "--check", "--data", "data", cwd=REPO).returncode == 0


# --- workflows ----------------------------------------------------------------------------------


WORKFLOWS = [".github/workflows/validate.yml", ".github/workflows/deploy.yml",
             ".forgejo/workflows/validate.yml", ".forgejo/workflows/deploy.yml"]


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflows_pin_actions_by_sha_and_never_use_pull_request_target(name):
    text = (REPO / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"# v\d+\.\d+\.\d+", comment), action
    assert "pull_request_target" not in text
    assert not re.search(r"\$\{\{[^}]*pull_request\.base\.sha", text)  # it lags: the merge's first parent is used
    workflow = workflows.load(text)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            if "pip install" in step.get("run", ""):  # every package hash-checked, nothing built from an index
                assert step["run"].splitlines()[1:] == [
                    ".venv/bin/pip install --quiet --require-hashes --no-deps -r requirements/ci.txt",
                    ".venv/bin/pip install --quiet --no-deps --no-build-isolation --no-index -e ."]


def test_the_forgejo_workflows_are_made_from_the_github_ones():
    assert workflows.variants(REPO) == {
        Path(name): (REPO / name).read_text(encoding="utf-8") for name in WORKFLOWS if name.startswith(".forgejo")}


def test_the_hash_pinned_requirements_cover_every_dependency_of_the_project():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    text = (REPO / "requirements/ci.txt").read_text(encoding="utf-8")
    pinned: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        if match := re.match(r"([a-z0-9._-]+)==(\S+)", block):
            assert "--hash=sha256:" in block, match.group(1)
            pinned.setdefault(canonicalize_name(match.group(1)), []).append(match.group(2))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for line in [*project["project"]["dependencies"], *project["build-system"]["requires"]]:
        requirement = Requirement(line)
        versions = pinned.get(canonicalize_name(requirement.name))
        assert versions and all(requirement.specifier.contains(v) for v in versions), line


def run_step(workflow: str, step_id: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """One `run:` step of a committed workflow, run by bash as the runner runs it."""
    [step] = [s for job in workflows.load((REPO / workflow).read_text(encoding="utf-8"))["jobs"].values()
              for s in job["steps"] if s.get("id") == step_id]
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True)


def test_a_pull_request_is_judged_against_the_tip_it_would_merge_onto(repo, tmp_path):
    """The pull request adds the VKS report of Quý II/2019; meanwhile CATP's report of Quý III/2019 lands
    on main. Compared with the tip it merges onto, the change is the VKS report and nothing else (against the
    pull request's own head, CATP's report would look deleted; against its fork point, added by it)."""
    git(repo, "checkout", "-q", "-b", "vks-quy-2")
    add_vks_q2(repo, submitted_on="2025-12-28")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "VKS báo cáo Quý II/2019")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "main")
    write(repo / "data", "updates/kh-mau/cong-an/2019-Q3.yaml", "plan: kh-mau\nagency: cong-an\nperiod: 2019-Q3\n"
          "as_of: 2019-09-14\nsubmitted_on: 2019-09-18\nentries:\n  - task: \"1.1\"\n    status: completed\n"
          "    completed_on: 2019-06-10\n  - task: \"2.1\"\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "CATP báo cáo Quý III/2019")
    tip = git(repo, "rev-parse", "HEAD").strip()
    runner = tmp_path / "runner"  # the runner's checkout: the pull request's head, every branch fetched
    subprocess.run(["git", "clone", "-q", str(repo), str(runner)], check=True)
    git(runner, "checkout", "-q", "--detach", head)
    merged = run_step(".forgejo/workflows/validate.yml", "merge", runner, {"BASE_REF": "main", "HEAD_SHA": head})
    assert merged.returncode == 0, merged.stderr
    outputs = tmp_path / "outputs"
    for workflow in (".github/workflows/validate.yml", ".forgejo/workflows/validate.yml"):
        found = run_step(workflow, "base", runner, {"GITHUB_OUTPUT": str(outputs)})
        assert found.returncode == 0, found.stderr
    assert outputs.read_text(encoding="utf-8") == f"sha={tip}\nsha={tip}\n"
    changes = gitrepo.changes(runner, tip, "data")
    assert [(c.status, c.path) for c in changes] == [("A", "data/updates/kh-mau/vks/2019-Q2.yaml")]
    _, problems = check(runner / "data", TODAY, tip)
    assert [p for p in problems if p.is_error] == []
    git(runner, "checkout", "-q", "--detach", head)  # not a merge: the step refuses to guess a base
    refused = run_step(".github/workflows/validate.yml", "base", runner, {"GITHUB_OUTPUT": str(outputs)})
    assert refused.returncode == 1 and "::error::Không phải bản ghép thử của pull request" in refused.stdout


def test_a_pull_request_that_conflicts_with_its_target_is_told_so(repo, tmp_path):
    git(repo, "checkout", "-q", "-b", "sua")
    edit(repo / "data/agencies.yaml", "name: Công an thành phố", "name: Công an TP")
    git(repo, "commit", "-q", "-am", "Sửa tên")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "main")
    edit(repo / "data/agencies.yaml", "name: Công an thành phố", "name: Công an Đà Nẵng")
    git(repo, "commit", "-q", "-am", "Sửa tên khác")
    runner = tmp_path / "runner"
    subprocess.run(["git", "clone", "-q", str(repo), str(runner)], check=True)
    git(runner, "checkout", "-q", "--detach", head)
    merged = run_step(".forgejo/workflows/validate.yml", "merge", runner, {"BASE_REF": "main", "HEAD_SHA": head})
    assert merged.returncode == 1 and "::error::Pull request xung đột với nhánh đích" in merged.stdout
