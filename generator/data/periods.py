"""Reporting periods (data contract, section 5).

Period ids: month `2019-03`, quarter `2019-Q1`, half `2019-H1`, year `2019`.
For a period P of a plan: R(P) the reference (cut-off) date, window(P) the
days whose events it reports, D(P) the submission due date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

CYCLES = ("month", "quarter", "half", "year")
_MONTHS_PER = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_PATTERNS = {
    "month": re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])"),
    "quarter": re.compile(r"([0-9]{4})-Q([1-4])"),
    "half": re.compile(r"([0-9]{4})-H([12])"),
    "year": re.compile(r"([0-9]{4})"),
}
CYCLE_EXAMPLES = {"month": "2019-03", "quarter": "2019-Q1", "half": "2019-H1", "year": "2019"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # 1-based position in the year: month 1..12, quarter 1..4, half 1..2, year 1
    cycle: str

    @property
    def id(self) -> str:
        if self.cycle == "month":
            return f"{self.year}-{self.index:02d}"
        if self.cycle == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.cycle == "half":
            return f"{self.year}-H{self.index}"
        return f"{self.year}"

    def __str__(self) -> str:
        return self.id

    @property
    def last_month(self) -> int:
        return self.index * _MONTHS_PER[self.cycle]

    @property
    def first_day(self) -> date:
        return date(self.year, self.last_month - _MONTHS_PER[self.cycle] + 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def next(self) -> Period:
        per_year = 12 // _MONTHS_PER[self.cycle]
        if self.index == per_year:
            return Period(self.year + 1, 1, self.cycle)
        return Period(self.year, self.index + 1, self.cycle)

    def previous(self) -> Period:
        if self.index == 1:
            return Period(self.year - 1, 12 // _MONTHS_PER[self.cycle], self.cycle)
        return Period(self.year, self.index - 1, self.cycle)

    @property
    def label(self) -> str:
        """Vietnamese name: Quý I/2019, Tháng 3/2019, 6 tháng đầu năm 2019, Năm 2019."""
        if self.cycle == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.cycle == "quarter":
            return f"Quý {'I II III IV'.split()[self.index - 1]}/{self.year}"
        if self.cycle == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"


def parse_period(text: str, cycle: str | None = None) -> Period | None:
    """The period an id names, of the given cycle or of any cycle; None when it names none."""
    for name in (cycle,) if cycle else CYCLES:
        match = _PATTERNS[name].fullmatch(text)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if name != "year" else 1
            if year < 1:
                return None
            return Period(year, index, name)
    return None


def period_of(day: date, cycle: str) -> Period:
    """The period of `cycle` that contains `day`."""
    return Period(day.year, (day.month - 1) // _MONTHS_PER[cycle] + 1, cycle)


@dataclass(frozen=True)
class Schedule:
    """A plan's reporting calendar."""

    start: date
    end: date
    cycle: str
    cutoff_day: int | None = None
    due_day: int = 20

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        first, last = period_of(self.start, self.cycle), period_of(self.end, self.cycle)
        out = [first]
        while out[-1] < last:
            out.append(out[-1].next())
        return tuple(out)

    @cached_property
    def _index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.periods)}

    def index(self, period: Period) -> int | None:
        return self._index.get(period.id)

    def get(self, period_id: str) -> Period | None:
        i = self._index.get(period_id)
        return None if i is None else self.periods[i]

    def reference_date(self, period: Period) -> date:
        """R(P): day `cutoff_day` of P's last month, or P's last day."""
        if self.cutoff_day is None:
            return period.last_day
        return date(period.year, period.last_month, self.cutoff_day)

    def window(self, period: Period) -> tuple[date, date]:
        """window(P) as (first day, last day), both included."""
        if period == self.periods[0]:
            first = self.start
        else:
            first = self.reference_date(period.previous()) + timedelta(days=1)
        return first, self.reference_date(period)

    def due_date(self, period: Period) -> date:
        """D(P): when reports for P must be in."""
        if self.cutoff_day is not None:
            return date(period.year, period.last_month, self.due_day)
        following = period.last_day + timedelta(days=1)
        return date(following.year, following.month, self.due_day)
