"""Vietnamese formats for what people read: dates `29/12/2016`, numbers `1.234,5`.

Numbers follow CLDR's `vi` locale (grouping `.`, decimal `,`); the tests hold this
module to Babel's output. It formats directly because pages show hundreds of
thousands of numbers and Babel re-reads its locale data on every call.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_SWAP = str.maketrans({",": ".", ".": ","})
_STEPS = {n: Decimal(1).scaleb(-n) for n in range(7)}


def vi_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def vi_number(value: float | int | None, decimals: int | None = None) -> str:
    """1234.5 -> `1.234,5`; with `decimals`, exactly that many (else up to 3); None -> empty.
    Rounds half away from zero on the decimal value written (0,05 -> 0,1), as people do."""
    if value is None:
        return ""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    places = 3 if decimals is None else decimals
    exact = exact.quantize(_STEPS[places], rounding=ROUND_HALF_UP)
    text = f"{exact:,.{places}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return text.translate(_SWAP)


def vi_percent(value: float | None, decimals: int = 1) -> str:
    """A percentage already in 0..100: 44.8 -> `44,8%`; None -> `—`."""
    if value is None:
        return "—"
    return vi_number(value, decimals) + "%"
