"""`tiendo stats --format text`: one period's figures as Vietnamese tables on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from generator.data.load import Dataset
from generator.formatting import vi_date, vi_number, vi_percent
from generator.stats.engine import Timeline
from generator.stats.figures import CATEGORIES, RATE_KEYS, AgencyFigures, Block, PeriodFigures
from generator.vocabulary import CATEGORY_LABELS, COUNT_LABELS, RATE_LABELS, SHORT_LABELS, SUBMISSION_LABELS

# the breakdown tables' columns after the scope's name
COLUMNS = ("tasks", *CATEGORIES, "completion_rate", "weighted_progress")


def print_stats(figures: PeriodFigures, timeline: Timeline, data: Dataset, console: Console) -> None:
    plan = timeline.plan.plan
    console.print(f"[bold]Kế hoạch số {plan.code}[/bold] — {plan.title}", highlight=False)
    console.print(f"{figures.period.label}: số liệu chốt đến {vi_date(figures.reference_date)}, "
                  f"hạn gửi báo cáo {vi_date(figures.submission_due)}", highlight=False)

    totals = figures.totals
    table = Table(title="Tổng hợp", show_header=False, title_justify="left")
    table.add_column("Chỉ số")
    table.add_column("Giá trị", justify="right")
    table.add_row(COUNT_LABELS["tasks"], vi_number(totals.tasks))
    table.add_row(f"  {COUNT_LABELS['one_off']}", vi_number(totals.one_off))
    for key in CATEGORIES:
        within = " (trong hạn)" if key in ("in_progress", "not_started", "not_reported") else ""
        table.add_row(f"    {CATEGORY_LABELS[key]}{within}", vi_number(totals.count(key)))
    table.add_row(f"  {COUNT_LABELS['recurring']}", vi_number(totals.recurring))
    table.add_row("    Có báo cáo trong kỳ", vi_number(totals.recurring_reported))
    for key, label in RATE_LABELS.items():
        table.add_row(label, vi_percent(totals.rate(key)))
    console.print(table)

    if figures.groups:
        titles = {g.id: g.title for g in plan.groups}
        console.print(_breakdown("Theo nhóm nhiệm vụ", "Nhóm",
                                 [(f"{g}. {titles.get(g, '')}", block) for g, block in figures.groups.items()]))
    names = {a: (agency.short_name or agency.name) for a, agency in data.agencies.items()}
    agencies = _breakdown("Theo cơ quan chủ trì", "Cơ quan",
                          [(names.get(a, a), block) for a, block in figures.agencies.items()],
                          extra=("Báo cáo kỳ", [_submission(block) for block in figures.agencies.values()]))
    console.print(agencies)

    if figures.indicators:
        definitions = {(t.id, i.id): i for t in plan.tasks for i in t.indicators}
        table = Table(title="Chỉ tiêu (lũy kế đến kỳ này)", title_justify="left")
        for column in ("Nhiệm vụ", "Chỉ tiêu", "Giá trị", "Mục tiêu"):
            table.add_column(column, justify="right" if column in ("Giá trị", "Mục tiêu") else "left")
        for task, values in figures.indicators.items():
            for indicator, value in values.items():
                d = definitions[(task, indicator)]
                unit = f" {d.unit}" if d.unit else ""
                target = f"{vi_number(d.target)}{unit}" if d.target is not None else ""
                table.add_row(task, d.name, f"{vi_number(value)}{unit}", target)
        console.print(table)


def _submission(agency: AgencyFigures) -> str:
    if not agency.submitted:
        return SUBMISSION_LABELS["missing"]
    return f"{vi_date(agency.submitted_on)} ({SUBMISSION_LABELS[agency.submission]})"


def _cell(block: Block, key: str) -> str:
    return vi_percent(block.rate(key)) if key in RATE_KEYS else vi_number(block.count(key))


def _breakdown(title: str, first: str, rows: list[tuple[str, Block]],
               extra: tuple[str, list[str]] | None = None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first, no_wrap=True, overflow="ellipsis", max_width=30)
    for key in COLUMNS:
        table.add_column(SHORT_LABELS[key], justify="right")
    if extra:
        table.add_column(extra[0])
    for i, (label, block) in enumerate(rows):
        table.add_row(label, *(_cell(block, key) for key in COLUMNS), *([extra[1][i]] if extra else []))
    return table
