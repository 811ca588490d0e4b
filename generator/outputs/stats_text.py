"""`tiendo stats --format text`: one period's figures as Vietnamese tables on a terminal.

A breakdown (per group, per agency, the indicators) is a table when the terminal is wide enough
for it; in a narrower terminal each scope becomes a block of label–value lines with the full
labels, so no word a reader needs is cut to "Ho…". Every text from the data is printed as plain
text, never read as console markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from generator.data.load import Dataset
from generator.formatting import vi_date, vi_number, vi_percent
from generator.stats.engine import Timeline
from generator.stats.figures import CATEGORIES, RATE_KEYS, AgencyFigures, Block, PeriodFigures
from generator.vocabulary import CATEGORY_LABELS, COUNT_LABELS, RATE_LABELS, SHORT_LABELS, SUBMISSION_LABELS, label

# the figures of a breakdown, after the scope's name
KEYS = ("tasks", *CATEGORIES, "completion_rate", "weighted_progress")
SUBMISSION = "Báo cáo kỳ"
UNLIMITED = 10_000  # a width no terminal has: what a table measures when nothing is squeezed


@dataclass(frozen=True)
class Column:
    header: str  # the table's header (short)
    label: str | None  # the block line's label (full); None: the column is the block's heading
    right: bool = False  # numbers are right-aligned


@dataclass(frozen=True)
class Row:
    heading: str  # the block's heading: which scope this is
    cells: list[str]  # one per column


def print_stats(figures: PeriodFigures, timeline: Timeline, data: Dataset, console: Console) -> None:
    plan = timeline.plan.plan
    console.print(f"[bold]Kế hoạch số {escape(plan.code)}[/bold] — {escape(plan.title)}", highlight=False)
    console.print(f"{figures.period.label}: số liệu chốt đến {vi_date(figures.reference_date)}, "
                  f"hạn gửi báo cáo {vi_date(figures.submission_due)}", highlight=False)
    console.print(_totals(figures.totals))

    columns = [*(Column(SHORT_LABELS[key], label(key), right=True) for key in KEYS)]
    if figures.groups:
        titles = {g.id: g.title for g in plan.groups}
        rows = [Row(f"Nhóm {g}. {titles.get(g, '')}", [f"{g}. {titles.get(g, '')}", *_cells(block)])
                for g, block in figures.groups.items()]
        console.print(_table_or_blocks(console, "Theo nhóm nhiệm vụ", [Column("Nhóm", None), *columns], rows))
    names = {a: (agency.short_name or agency.name) for a, agency in data.agencies.items()}
    rows = [Row(names.get(a, a), [names.get(a, a), *_cells(agency), _submission(agency)])
            for a, agency in figures.agencies.items()]
    console.print(_table_or_blocks(console, "Theo cơ quan chủ trì",
                                   [Column("Cơ quan", None), *columns, Column(SUBMISSION, SUBMISSION)], rows))

    if figures.indicators:
        definitions = timeline.plan.indicators
        rows = []
        for task, values in figures.indicators.items():
            for indicator, value in values.items():
                d = definitions[task][indicator]
                unit = f" {d.unit}" if d.unit else ""
                target = f"{vi_number(d.target)}{unit}" if d.target is not None else ""
                rows.append(Row(f"Nhiệm vụ {task}: {d.name}", [task, d.name, f"{vi_number(value)}{unit}", target]))
        console.print(_table_or_blocks(console, "Chỉ tiêu (lũy kế đến kỳ này)", [
            Column("Nhiệm vụ", None), Column("Chỉ tiêu", None), Column("Giá trị", "Giá trị lũy kế", right=True),
            Column("Mục tiêu", "Mục tiêu", right=True)], rows))


def _totals(totals: Block) -> Table:
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
    for key, text in RATE_LABELS.items():
        table.add_row(text, vi_percent(totals.rate(key)))
    return table


def _cells(block: Block) -> list[str]:
    return [vi_percent(block.rate(key)) if key in RATE_KEYS else vi_number(block.count(key)) for key in KEYS]


def _submission(agency: AgencyFigures) -> str:
    if not agency.submitted:
        return SUBMISSION_LABELS["missing"]
    return f"{vi_date(agency.submitted_on)} ({SUBMISSION_LABELS[agency.submission]})"


def _table_or_blocks(console: Console, title: str, columns: list[Column], rows: list[Row]) -> RenderableType:
    """A table when the console is wide enough for all of it; otherwise one block per row."""
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        if i == 0:  # the scope's name: a long group title wraps onto more lines
            table.add_column(column.header, overflow="fold", max_width=30)
        else:
            table.add_column(column.header, justify="right" if column.right else "left")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row.cells))
    if Measurement.get(console, console.options.update_width(UNLIMITED), table).maximum <= console.width:
        return table
    blocks: list[RenderableType] = [Text(title, style="italic")]
    for row in rows:
        lines = Table.grid(padding=(0, 2))
        lines.add_column()
        lines.add_column(justify="right")
        for column, cell in zip(columns, row.cells, strict=True):
            if column.label is not None and cell:
                lines.add_row(column.label, Text(cell))
        blocks += [Text(row.heading, style="bold"), Padding(lines, (0, 0, 0, 2), expand=False)]
    return Group(*blocks)
