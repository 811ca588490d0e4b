"""Where each file of a data folder lives (data contract, section 1): the one parser of that layout.

    agencies.yaml
    plans/<plan>/plan.yaml
    updates/<plan>/<agency>/<period>.yaml

Paths are relative to the data folder, with forward slashes (as git and os.walk give them).
"""

from __future__ import annotations

from dataclasses import dataclass

AGENCIES = "agencies.yaml"
PLAN_FILE = "plan.yaml"


@dataclass(frozen=True, slots=True)
class ReportPath:
    """`updates/<plan>/<agency>/<period>.yaml`."""

    plan: str
    agency: str
    period: str  # the file name without `.yaml`

    @property
    def relative(self) -> str:
        return report_path(self.plan, self.agency, self.period)


def report_path(plan: str, agency: str, period: str) -> str:
    return f"updates/{plan}/{agency}/{period}.yaml"


def plan_path(plan: str) -> str:
    return f"plans/{plan}/{PLAN_FILE}"


def parse_report(relative: str | tuple[str, ...]) -> ReportPath | None:
    """The report a path names, or None when it is not `updates/<plan>/<agency>/<period>.yaml`."""
    parts = relative.split("/") if isinstance(relative, str) else relative
    if len(parts) == 4 and parts[0] == "updates" and parts[3].endswith(".yaml") and len(parts[3]) > 5:
        return ReportPath(parts[1], parts[2], parts[3][:-5])
    return None


def is_plan_file(relative: str | tuple[str, ...]) -> bool:
    parts = relative.split("/") if isinstance(relative, str) else relative
    return len(parts) == 3 and parts[0] == "plans" and parts[2] == PLAN_FILE


def inside(path: str, folder: str) -> str | None:
    """`path` (inside the repository) relative to the data `folder`, or None when it lies elsewhere."""
    prefix = folder.strip("/") + "/" if folder not in ("", ".") else ""
    return path[len(prefix):] if path.startswith(prefix) else None
