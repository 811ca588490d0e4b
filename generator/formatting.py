"""Vietnamese formats for what people read: dates `29/12/2016`, numbers `1.234,5`."""

from __future__ import annotations

from datetime import date

from babel.numbers import format_decimal


def vi_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def vi_number(value: float | int | None, decimals: int | None = None) -> str:
    """1234.5 -> `1.234,5`; with `decimals`, exactly that many; None -> empty."""
    if value is None:
        return ""
    if decimals is None:
        pattern = "#,##0.###"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale="vi")


def vi_percent(value: float | None, decimals: int = 1) -> str:
    """A percentage already in 0..100: 44.8 -> `44,8%`; None -> `—`."""
    if value is None:
        return "—"
    return vi_number(value, decimals) + "%"
