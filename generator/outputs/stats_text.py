"""`tiendo stats --format text`: one period's figures as Vietnamese tables on a terminal."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.data.load import Dataset
from generator.formatting import CATEGORY_LABELS, vi_date, vi_number, vi_percent
from generator.stats.engine import CATEGORIES, Timeline

RATE_LABELS = {
    "completion_rate": "Tỷ lệ hoàn thành",
    "on_time_rate": "Tỷ lệ hoàn thành đúng hạn",
    "overdue_rate": "Tỷ lệ quá hạn",
    "weighted_progress": "Tiến độ bình quân (theo trọng số)",
}


def print_stats(figures: dict[str, Any], timeline: Timeline, data: Dataset, console: Console) -> None:
    plan = timeline.plan.plan
    period = timeline.plan.schedule.get(figures["period"])
    # text from the data is printed as Text: rich reads no markup in it
    console.print(Text.assemble((f"Kế hoạch số {plan.code}", "bold"), f" — {plan.title}"), highlight=False)
    console.print(f"{period.label}: số liệu chốt đến {vi_date(date.fromisoformat(figures['reference_date']))}, "
                  f"hạn gửi báo cáo {vi_date(date.fromisoformat(figures['submission_due']))}", highlight=False)

    totals = figures["totals"]
    table = Table(title="Tổng hợp", show_header=False, title_justify="left")
    table.add_column("Chỉ số")
    table.add_column("Giá trị", justify="right")
    table.add_row("Tổng số nhiệm vụ", vi_number(totals["tasks"]))
    table.add_row("  Nhiệm vụ có thời hạn", vi_number(totals["one_off"]))
    for key in CATEGORIES:
        within = " (trong hạn)" if key in ("in_progress", "not_started", "not_reported") else ""
        table.add_row(f"    {CATEGORY_LABELS[key]}{within}", vi_number(totals[key]))
    table.add_row("  Nhiệm vụ thường xuyên", vi_number(totals["recurring"]))
    table.add_row("    Có báo cáo trong kỳ", vi_number(totals["recurring_reported"]))
    for key, label in RATE_LABELS.items():
        table.add_row(label, vi_percent(totals[key]))
    console.print(table)

    if figures["groups"]:
        titles = {g.id: g.title for g in plan.groups}
        console.print(_breakdown("Theo nhóm nhiệm vụ", "Nhóm",
                                 [(f"{g}. {titles.get(g, '')}", block) for g, block in figures["groups"].items()]))
    names = {a: (agency.short_name or agency.name) for a, agency in data.agencies.items()}
    agencies = _breakdown("Theo cơ quan chủ trì", "Cơ quan",
                          [(names.get(a, a), block) for a, block in figures["agencies"].items()],
                          extra=("Báo cáo kỳ", [_submission(block) for block in figures["agencies"].values()]))
    console.print(agencies)

    if figures["indicators"]:
        definitions = {(t.id, i.id): i for t in plan.tasks for i in t.indicators}
        table = Table(title="Chỉ tiêu (lũy kế đến kỳ này)", title_justify="left")
        for column in ("Nhiệm vụ", "Chỉ tiêu", "Giá trị", "Mục tiêu"):
            table.add_column(column, justify="right" if column in ("Giá trị", "Mục tiêu") else "left")
        for task, values in figures["indicators"].items():
            for indicator, value in values.items():
                d = definitions[(task, indicator)]
                unit = f" {d.unit}" if d.unit else ""
                target = f"{vi_number(d.target)}{unit}" if d.target is not None else ""
                table.add_row(Text(task), Text(d.name), Text(f"{vi_number(value)}{unit}"), Text(target))
        console.print(table)


def _submission(block: dict[str, Any]) -> str:
    if not block["submitted"]:
        return "chưa gửi"
    on = vi_date(date.fromisoformat(block["submitted_on"]))
    return f"{on} (đúng hạn)" if block["on_time"] else f"{on} (trễ hạn)"


def _breakdown(title: str, first: str, rows: list[tuple[str, dict[str, Any]]],
               extra: tuple[str, list[str]] | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first, no_wrap=True, overflow="ellipsis", max_width=30)
    for column in ("NV", "Đúng hạn", "Trễ hạn", "Quá hạn", "Đang làm", "Chưa làm", "Chưa BC", "Hoàn thành",
                   "Tiến độ"):
        table.add_column(column, justify="right")
    if extra:
        table.add_column(extra[0])
    for i, (label, block) in enumerate(rows):
        cells = [Text(label), vi_number(block["tasks"]), *(vi_number(block[k]) for k in CATEGORIES),
                 vi_percent(block["completion_rate"]), vi_percent(block["weighted_progress"])]
        table.add_row(*cells, *([extra[1][i]] if extra else []))
    return table
