"""The compiled report for the leadership (data contract, section 11): `tiendo report`.

content.py says what the report says (typed values, no Word); document.py lays it out by filling a
Word template (generator/templates/report/party.docx or state.docx, written by blueprint.py, or an
office's own); paragraphs.py turns agencies' Markdown into Word paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from generator.data.load import Dataset
from generator.data.periods import Period
from generator.outputs.report.content import ReportContent, report_content, report_contents
from generator.outputs.report.document import TemplateProblem, template_path, write
from generator.stats.engine import Timeline

__all__ = ["ReportContent", "TemplateProblem", "report_content", "report_name", "template_path", "write_report",
           "write_reports"]


def report_name(plan_id: str, period_id: str) -> str:
    """The file name of a period's report among the site's downloads (`tai-ve/`)."""
    return f"bao-cao-tong-hop-{plan_id}-{period_id}.docx"


def write_report(data: Dataset, timeline: Timeline, period: Period | str, out: Path,
                 template: Path | None = None) -> Path:
    """Write the report of `timeline`'s plan at `period` to `out` (whole or not at all)."""
    return write(report_content(data, timeline, period), out, template)


def write_reports(data: Dataset, timelines: dict[str, Timeline], folder: Path) -> list[Path]:
    """The report of every period the site shows (up to the latest reported one), for every plan."""
    written = []
    for plan_id, timeline in timelines.items():
        shown = [period for period in timeline.periods if not period > timeline.latest]
        for period, content in zip(shown, report_contents(data, timeline, shown), strict=True):
            written.append(write(content, folder / report_name(plan_id, period.id)))
    return written
