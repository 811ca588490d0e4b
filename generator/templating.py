"""The one place Jinja2 environments are made: templates live in `generator/templates/`.

Every environment is strict (`StrictUndefined`: a missing value fails loudly) and knows the
Vietnamese formats (`vdate`, `num`, `pct`) and labels (`category`, `status`, and `label` for any
statistics key, from generator.vocabulary). Where the output goes decides the escaping: HTML pages
autoescape; Markdown and YAML outputs pass their own escaping filter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.formatting import vi_date, vi_number, vi_percent
from generator.vocabulary import CATEGORY_LABELS, STATUS_LABELS, label

TEMPLATES = Path(__file__).parent / "templates"


def _number(value, decimals: int | None = None) -> str:
    return vi_number(value, decimals) if value is not None else "—"


def _date(value: date | str | None) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return vi_date(value) if value else "—"


def environment(*, autoescape: bool, filters: dict[str, Callable[..., Any]] | None = None) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=autoescape, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({
        "vdate": _date, "num": _number, "pct": vi_percent,
        "category": lambda c: CATEGORY_LABELS.get(c, c), "status": lambda s: STATUS_LABELS.get(s, s),
        "label": label,
    })
    env.filters.update(filters or {})
    return env
