"""How each kind of value is written in the files, and what it means (data contract, sections 3, 4, 6).

Values are the strings produced by the strict reader, so every parser here reads text itself and
refuses what YAML's implicit typing would have accepted (`0x10`, `1_000`, `.inf`, `2019-02-30`).
A refusal is an `Invalid` whose `rule` is a rule code of `rules.py`, with the values its message
needs. Nothing here needs pydantic: `models.py` turns the refusals into pydantic errors, and
`records.py` checks the common case with these same parsers without it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from generator.data.periods import Period, parse_period
from generator.data.rules import KINDS
from generator.data.rules import Text as Words

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TASK_ID_RE = re.compile(r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$")
NUMBER_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
NUMBER_DIGITS = 15  # v1.1: every number's absolute value is below 10^15 (sums stay exact in a float)
NUMBER_LIMIT = 10**NUMBER_DIGITS
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# a GitHub user `@name` (letters, digits, single hyphens), a team `@org/team`, or a plain e-mail address
REVIEWER_RE = re.compile(r"^(@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+([._-][A-Za-z0-9]+)*)?"
                         r"|[A-Za-z0-9]+([._%+-][A-Za-z0-9]+)*@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(\.[A-Za-z0-9]+(-[A-Za-z0-9]+)*)*\.[A-Za-z]{2,})$")
URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
RECURRING = "recurring"


class Invalid(Exception):
    """A value the contract refuses: the rule code and the values its message needs."""

    def __init__(self, rule: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params or {}


CURLY_QUOTES = "“”‘’„‟"  # what Word puts around a value typed in quotes


def _curly(value: str) -> str | None:
    """The value inside Word's curly quotes, or None when it is not wrapped in them."""
    if len(value) >= 2 and (value[0] in CURLY_QUOTES or value[-1] in CURLY_QUOTES):
        return value.strip(CURLY_QUOTES + "\"' ")
    return None


def check_slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.fullmatch(value):
        variant = {"variant": "curly-quotes"} if _curly(value) is not None else {}
        raise Invalid("invalid-slug", {"value": value, "suggestion": suggest_slug(value), **variant})
    return value


def suggest_slug(value: str) -> str:
    """`Công an TP` -> `cong-an-tp`: what the id probably should be."""
    plain = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "ma-co-quan"


def check_task_id(value: Any) -> Any:
    if isinstance(value, str) and not TASK_ID_RE.fullmatch(value):
        inner = _curly(value)
        if inner is not None and TASK_ID_RE.fullmatch(inner):
            raise Invalid("invalid-task-id", {"value": value, "variant": "curly-quotes", "suggestion": inner})
        raise Invalid("invalid-task-id", {"value": value})
    return value


def check_nonempty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise Invalid("empty-value")
    return value


def kind_of(value: Any) -> Words:
    """How a value was written (one value, a list, a mapping, nothing), in words."""
    name = {str: "text", list: "list", dict: "mapping", type(None): "empty"}.get(type(value), "other")
    return KINDS[name]


def _require_text(value: Any, expected: str) -> None:
    """Numbers and dates must be written as one plain value: a list or a mapping is a type problem."""
    if not isinstance(value, str):
        raise Invalid("wrong-type", {"variant": expected, "found": kind_of(value)})


_DAY_MONTH_YEAR = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


def parse_date(value: Any) -> Any:
    if value.__class__ is not str:
        _require_text(value, "date")
    match = DATE_RE.fullmatch(value)
    if not match:
        raise Invalid("invalid-date", {"value": value, **_date_form(value)})
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        variant = "no-day" if 1 <= month <= 12 else "no-month"
        raise Invalid("invalid-date", {
            "value": value, "variant": variant, "day": day, "month": month, "year": year}) from None


def _date_form(value: str) -> dict[str, Any]:
    """`15/06/2019`, the way dates are written on paper, told as `2019-06-15`."""
    match = _DAY_MONTH_YEAR.fullmatch(value.strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return {"variant": "day-month-year", "suggestion": date(year, month, day).isoformat()}
        except ValueError:
            pass
    return {"variant": "form"}


_GROUPED = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$")  # 4.120.000 or 1.250,5: Vietnamese grouping
_DECIMAL_COMMA = re.compile(r"^[0-9]+,[0-9]+$")  # 85,5


def _number_form(value: str) -> dict[str, Any]:
    """What a number written the Vietnamese way (`60%`, `1.250,5`, `85,5`) is in the file's form."""
    core = value.strip()
    percent = core.endswith("%")
    if percent:
        core = core[:-1].strip()
    if _GROUPED.fullmatch(core):
        variant, plain = "grouped", core.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(core):
        variant, plain = "decimal-comma", core.replace(",", ".")
    elif percent and NUMBER_RE.fullmatch(core):
        variant, plain = "percent", core
    else:
        return {}
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return {"variant": "percent" if percent else variant, "suggestion": plain}


def parse_number(value: Any) -> Any:
    if value.__class__ is not str:
        _require_text(value, "number")
    if not NUMBER_RE.fullmatch(value):
        raise Invalid("invalid-number", {"value": value, **_number_form(value)})
    whole, dot, _ = value.partition(".")
    if len(whole) - (whole[0] == "-") > NUMBER_DIGITS:  # no leading zeros: the digits tell the size
        raise Invalid("number-too-large", {"value": value})
    return float(value) if dot else int(value)  # at most 15 digits before the point: always finite


def number_range(low: float | None, high: float | None, *, low_open: bool = False, integer: bool = False):
    """A number parser with bounds, reporting `out-of-range` with the allowed span (a variant of the rule)."""
    if integer:
        variant = "whole-between" if high is not None else "whole-at-least"
    elif low_open:
        variant = "above"
    else:
        variant = "between" if high is not None else "at-least"

    def check(value: Any) -> Any:
        value = parse_number(value)
        bad = (
            (integer and not isinstance(value, int))
            or (low is not None and (value <= low if low_open else value < low))
            or (high is not None and value > high)
        )
        if bad:
            raise Invalid("out-of-range", {"value": value, "variant": variant, "low": low, "high": high})
        return value

    return check


def parse_due(value: Any) -> Any:
    _require_text(value, "due")
    if value == RECURRING:
        return value
    if DATE_RE.fullmatch(value):
        return parse_date(value)
    period = parse_period(value)
    if period is None:
        raise Invalid("invalid-due", {"value": value})
    return period


def parse_deadline(value: Any) -> Any:
    """A one-off due: a date or a period, never `recurring` (the due of a deadline extension)."""
    if value == RECURRING:
        raise Invalid("invalid-due", {"value": value, "variant": "extension"})
    return parse_due(value)


def last_day_of(due: date | Period) -> date:
    """The last day a due allows: a date itself, a period's last day."""
    return due.last_day if isinstance(due, Period) else due


def check_url(value: Any) -> Any:
    if isinstance(value, str) and not URL_RE.fullmatch(value):
        raise Invalid("invalid-url", {"value": value})
    return value


def check_reviewer(value: Any) -> Any:
    if isinstance(value, str) and not REVIEWER_RE.fullmatch(value):
        raise Invalid("invalid-reviewer", {"value": value})
    return value
