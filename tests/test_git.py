"""Git features on real temporary repositories: change control, diff, new-update, history, CODEOWNERS."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, TODAY, tiendo, write

from generator.check import check
from generator.site.build import build_site

CHANGE_RULES = {"report-deleted", "report-renamed", "locked-report-changed"}


def git(repo: Path, *args: str, when: str = "2019-03-20T09:00:00+07:00", author: str = "Văn thư CATP") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds the base fixture as data/."""
    root = tmp_path / "kho"
    shutil.copytree(FIXTURES / "base", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Dữ liệu ban đầu", when="2019-03-20T09:00:00+07:00", author="Ban Nội chính")
    return root


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


def test_adding_a_new_report_passes(repo):
    write(repo / "data", "updates/kh-mau/vks/2019-Q2.yaml", (repo / "data/updates/kh-mau/vks/2019-Q1.yaml")
          .read_text(encoding="utf-8").replace("2019-Q1", "2019-Q2").replace("2019-03-14", "2019-06-14")
          .replace("2019-03-20", "2019-06-20"))
    assert change_problems(repo) == []


def test_validate_base_on_the_command_line(repo):
    (repo / "data/updates/kh-mau/vks/2019-Q1.yaml").unlink()
    result = tiendo("validate", "--data", "data", "--base", "main", "--format", "json", cwd=repo)
    assert result.returncode == 1 and '"report-deleted"' in result.stdout
    result = tiendo("validate", "--data", "data", "--base", "no-such-branch", cwd=repo)
    assert result.returncode == 2 and "không tìm thấy phiên bản" in result.stderr


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
    site = tmp_path / "site"
    build_site(repo / "data", REPO / "mkdocs.yml", site, today=TODAY, docs_dir=tmp_path / "generated")
    history = (site / "lich-su/index.html").read_text(encoding="utf-8")
    assert "22/03/2019 15:30" in history and "Nguyễn Văn An" in history and "Ban Nội chính" in history
    assert "Sửa báo cáo kỳ 2019-Q1 của CATP" in history
    assert "Đang thực hiện 40%" in history and "Đang thực hiện 55%" in history
    task = (site / "nhiem-vu/1.1/index.html").read_text(encoding="utf-8")
    assert "CATP sửa tiến độ nhiệm vụ 1.1" in task


def test_without_git_the_site_says_history_is_unavailable(base_data, tmp_path):
    site = tmp_path / "site"
    build_site(base_data, REPO / "mkdocs.yml", site, today=TODAY, docs_dir=tmp_path / "generated")
    assert "Lịch sử cập nhật không có sẵn" in (site / "lich-su/index.html").read_text(encoding="utf-8")


# --- CODEOWNERS ------------------------------------------------------------------------------


def test_codeowners_generation_and_drift(repo):
    result = tiendo("codeowners", "--data", "data", cwd=repo)
    assert result.returncode == 0, result.stderr
    owners = (repo / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/data/updates/*/cong-an/ @to-chuc/cong-an" in owners
    assert "/data/plans/ @to-chuc/ban-noi-chinh" in owners and "/.github/CODEOWNERS @to-chuc/ban-noi-chinh" in owners
    assert "# /data/updates/*/vks/: vks chưa có người duyệt" in owners
    assert owners.index("/data/plans/") < owners.index("/data/updates/*/cong-an/")  # the last match wins
    assert tiendo("codeowners", "--check", "--data", "data", cwd=repo).returncode == 0
    agencies = repo / "data/agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("@to-chuc/cong-an", "@to-chuc/cong-an-moi"),
                        encoding="utf-8")
    _, problems = check(repo / "data", TODAY)
    assert [(p.rule, p.file) for p in problems] == [("codeowners-drift", ".github/CODEOWNERS")]
    assert tiendo("codeowners", "--check", "--data", "data", cwd=repo).returncode == 1
    assert tiendo("codeowners", "--data", "data", cwd=repo).returncode == 0
    assert check(repo / "data", TODAY)[1] == []


def test_committed_codeowners_matches_the_bundled_agencies():
    assert tiendo("codeowners", "--check", "--data", "data", cwd=REPO).returncode == 0


# --- workflows ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["validate.yml", "deploy.yml"])
def test_workflows_pin_actions_by_sha_and_never_use_pull_request_target(name):
    text = (REPO / ".github/workflows" / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"# v\d+\.\d+\.\d+", comment), action
    assert "pull_request_target" not in text
    assert "persist-credentials: false" in text
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
