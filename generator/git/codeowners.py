"""CODEOWNERS from `agencies.yaml`: who may approve a change to which file.

Every file has an owner. The reviewers of the plans' owners (the tracking office) own
everything by default: the code, the workflows, the site's sources and scripts, the tests,
the README, the agency list, and any file a change adds (a `setup.py` runs at install, a
script in `docs/assets/` runs in every reader's browser). Each agency's reviewers own its
folder under every plan, and nothing else. A plan whose owner differs from the others'
is owned by that owner's reviewers alone.

Two forges, two syntaxes, one meaning:

- GitHub (`.github/CODEOWNERS`): gitignore-like patterns, the last matching line wins, so
  the catch-all `*` comes first and the agency folders after it.
- Forgejo and Gitea (`.forgejo/CODEOWNERS`): Go regular expressions matched against the
  whole path, and every matching line asks its owners for a review. So the office's line
  is a negative rule (`!`: every file outside the agencies' folders) and no file matches
  both an office line and an agency line. (With plans of different owners, each plan is
  reviewed there by all of them: stricter than on GitHub, never looser.)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.data.load import Dataset
from generator.data.problems import Problem

GITHUB = Path(".github") / "CODEOWNERS"
FORGEJO = Path(".forgejo") / "CODEOWNERS"
CODEOWNERS = GITHUB  # the file most readers look for first

_HEADER = [
    "# Tạo tự động bởi `tiendo codeowners` từ agencies.yaml: đừng sửa tay, hãy sửa `reviewers` trong",
    "# agencies.yaml rồi chạy lại `tiendo codeowners`.",
]


@dataclass(frozen=True)
class Owners:
    office: list[str]  # reviewers of every plan's owner: they own every file by default
    plans: list[tuple[str, list[str]]]  # (plan folder, its owner's reviewers) when owners differ between plans
    agencies: list[tuple[str, list[str]]]  # (agency id, its reviewers), in the agency list's order


def owners(data: Dataset) -> Owners:
    agencies = data.agencies
    by_plan = []
    for folder, plan in data.plans.items():
        owner = agencies.get(plan.values.owner)
        by_plan.append((folder, list(owner.reviewers) if owner else []))
    office = list(dict.fromkeys(r for _, reviewers in by_plan for r in reviewers))
    distinct = len({tuple(reviewers) for _, reviewers in by_plan}) > 1
    return Owners(office, by_plan if distinct else [], [(a.id, list(a.reviewers)) for a in agencies.values()])


def render(data: Dataset, data_path: str = "data") -> str:
    """`.github/CODEOWNERS` for a data set whose folder is `data_path` inside the repository."""
    found = owners(data)
    prefix = "/" + _glob_path(data_path.strip("/"))
    lines = [*_HEADER, "# GitHub áp dụng dòng khớp cuối cùng: dòng chung đứng trước, thư mục từng cơ quan sau.", "",
             "# Mặc định, mọi tệp (chương trình, quy trình kiểm tra, trang web, tệp mới thêm) do cơ quan theo dõi "
             "kế hoạch duyệt.", _line("*", found.office)]
    if found.plans:
        lines += ["", "# Mỗi kế hoạch do người duyệt của cơ quan theo dõi kế hoạch đó duyệt."]
        lines += [_line(f"{prefix}/plans/{folder}/", reviewers) for folder, reviewers in found.plans]
    lines += ["", "# Mỗi cơ quan duyệt báo cáo của mình, ở mọi kế hoạch (cơ quan chưa có người duyệt: "
                  "cơ quan theo dõi kế hoạch duyệt)."]
    lines += [_line(f"{prefix}/updates/*/{agency}/", reviewers) for agency, reviewers in found.agencies]
    return "\n".join(lines) + "\n"


def render_forgejo(data: Dataset, data_path: str = "data") -> str:
    """`.forgejo/CODEOWNERS` (Forgejo, Gitea): the same ownership in their regular-expression syntax."""
    found = owners(data)
    prefix = _regex_path(data_path.strip("/"))
    delegated = [agency for agency, reviewers in found.agencies if reviewers]
    lines = [*_HEADER, "# Forgejo mời duyệt theo mọi dòng khớp, nên mỗi tệp chỉ khớp một dòng.", "",
             "# Mọi tệp ngoài thư mục báo cáo của các cơ quan có người duyệt: cơ quan theo dõi kế hoạch duyệt."]
    if delegated:
        lines.append(_line(f"!{prefix}/updates/[^/]+/({'|'.join(delegated)})/.*", found.office))
    else:
        lines.append(_line(".*", found.office))
    lines += ["", "# Mỗi cơ quan duyệt báo cáo của mình, ở mọi kế hoạch."]
    lines += [_line(f"{prefix}/updates/[^/]+/{agency}/.*", reviewers) for agency, reviewers in found.agencies]
    return "\n".join(lines) + "\n"


def rendered(data: Dataset, data_path: str = "data") -> dict[Path, str]:
    """Both files, by their path in the repository."""
    return {GITHUB: render(data, data_path), FORGEJO: render_forgejo(data, data_path)}


def _line(pattern: str, reviewers: list[str]) -> str:
    if reviewers:
        return f"{pattern} {' '.join(reviewers)}"
    return f"# {pattern}: chưa có người duyệt (reviewers) trong agencies.yaml"


def _glob_path(path: str) -> str:
    """A folder name written literally in a gitignore-like pattern."""
    return re.sub(r"([ #*?\[\]\\])", r"\\\1", path)


def _regex_path(path: str) -> str:
    """A folder name as a literal Go regular expression, then escaped for the CODEOWNERS line
    (where `\\`, a space and `#` are escaped with a backslash)."""
    pattern = re.sub(r"([.+*?()|\[\]{}^$\\])", r"\\\1", path)
    return pattern.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")


def drift(data: Dataset, repo_root: Path, data_path: str) -> list[Problem]:
    """A problem for each committed CODEOWNERS file that differs from what agencies.yaml says."""
    if data.agencies_file is None:
        return []
    problems = []
    for relative, expected in rendered(data, data_path).items():
        path = repo_root / relative
        if not path.is_file():
            continue
        actual = path.read_text(encoding="utf-8", errors="replace")
        if actual == expected:
            continue
        line = next((i for i, (a, b) in enumerate(zip(actual.splitlines() + [""], expected.splitlines() + [""],
                                                      strict=False), start=1) if a != b), 1)
        shown = relative.as_posix()
        difference = "".join(difflib.unified_diff(actual.splitlines(True), expected.splitlines(True), n=0))
        problems.append(Problem("codeowners-drift", shown, line, 1, {"file": shown, "lines": difference.count("\n")}))
    return problems
