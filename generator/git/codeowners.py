"""`.github/CODEOWNERS` from `agencies.yaml`: who may approve which folder.

Each agency's reviewers own its folder under every plan; the reviewers of
the plans' owners (the tracking office) own the plans, the agency list, the
code, the workflows, the site settings and CODEOWNERS itself. GitHub applies
the last matching line, so the general lines come first.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.data.load import Dataset
from generator.data.problems import Problem

CODEOWNERS = Path(".github") / "CODEOWNERS"


def render(data: Dataset, data_path: str = "data") -> str:
    """The CODEOWNERS text for a data set whose folder is `data_path` inside the repository."""
    agencies = data.agencies
    prefix = "/" + data_path.strip("/")
    owners = []
    for plan in data.plans.values():
        agency = agencies.get(plan.plan.owner)
        for reviewer in agency.reviewers if agency else []:
            if reviewer not in owners:
                owners.append(reviewer)
    office = " ".join(owners)
    lines = [
        "# Tạo tự động bởi `tiendo codeowners` từ agencies.yaml: đừng sửa tay, hãy sửa agencies.yaml",
        "# rồi chạy lại `tiendo codeowners`. GitHub áp dụng dòng khớp cuối cùng.",
        "",
        "# Cơ quan theo dõi kế hoạch: kế hoạch, danh mục cơ quan, chương trình, quy trình kiểm tra.",
    ]
    for path in (f"{prefix}/plans/", f"{prefix}/agencies.yaml", "/generator/", "/.github/", "/mkdocs.yml",
                 "/pyproject.toml", "/.github/CODEOWNERS"):
        lines.append(f"{path} {office}".rstrip() if office else f"# {path}: chưa có người duyệt (reviewers)")
    lines += ["", "# Mỗi cơ quan duyệt báo cáo của mình, ở mọi kế hoạch."]
    for agency in agencies.values():
        path = f"{prefix}/updates/*/{agency.id}/"
        if agency.reviewers:
            lines.append(f"{path} {' '.join(agency.reviewers)}")
        else:
            lines.append(f"# {path}: {agency.id} chưa có người duyệt (reviewers) trong agencies.yaml")
    return "\n".join(lines) + "\n"


def drift(data: Dataset, repo_root: Path, data_path: str) -> list[Problem]:
    """A problem when the committed CODEOWNERS differs from what agencies.yaml says."""
    path = repo_root / CODEOWNERS
    if data.agencies_file is None or not path.is_file():
        return []
    expected = render(data, data_path)
    actual = path.read_text(encoding="utf-8", errors="replace")
    if actual == expected:
        return []
    line = 1
    for i, (a, b) in enumerate(zip(actual.splitlines() + [""], expected.splitlines() + [""], strict=False), start=1):
        if a != b:
            line = i
            break
    shown = CODEOWNERS.as_posix()
    difference = "".join(difflib.unified_diff(actual.splitlines(True), expected.splitlines(True), n=0))
    return [Problem("codeowners-drift", shown, line, 1, {"file": shown, "lines": difference.count("\n")})]
