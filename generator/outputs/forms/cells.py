"""What a clerk types in a cell, read as a report value: the way clerks type, or a message saying why not.

Numbers: number cells (a cell formatted `0%` holding 0.6 is 60), `60`, `60%`, `12,5`, `12.5`,
`1.234.567`, `1.234,5`; `4.120` is refused, since in Vietnamese it is four thousand one hundred
twenty and to a computer 4.12. Dates: date cells, `15/06/2019` (always day/month/year, as Vietnamese
clerks write it, also with `-` or `.`) and `2019-06-15`. Statuses: their Vietnamese names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.outputs.forms.layout import unescape
from generator.outputs.report_yaml import number_text
from generator.vocabulary import STATUS_LABELS

_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_INTEGER = re.compile(r"-?\d+")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")  # 12,5
_DECIMAL_POINT = re.compile(r"-?\d+\.(\d{1,2}|\d{4,})")  # 12.5, 4.12: never three digits after the point
_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3}){2,}(,\d+)?|-?\d{1,3}\.\d{3},\d+")  # 1.234.567 or 1.234,5
_AMBIGUOUS = re.compile(r"-?\d{1,3}\.\d{3}")  # 4.120: four thousand one hundred twenty, or 4,12?


@dataclass(frozen=True)
class CellError:
    """Why a cell cannot be read (the message, in Vietnamese)."""

    message: str


def shown(value: Any, limit: int = 60) -> str:
    text = " ".join(unescape(str(value)).split()) if value is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_of(cell) -> str | None | CellError:
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return unicodedata.normalize("NFC", unescape(value))
    if isinstance(value, bool):
        return CellError("ô cần văn bản, không phải giá trị đúng/sai.")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def date_of(cell) -> date | None | CellError:
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unescape(value).strip() if isinstance(value, str) else ""
    for pattern, order in ((_DAY_FIRST, (3, 2, 1)), (_ISO, (1, 2, 3))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                if not 1 <= month <= 12:
                    return CellError(f"`{text}` không phải ngày: không có tháng {month} (gõ ngày/tháng/năm).")
                return CellError(f"`{text}` không phải ngày: tháng {month} năm {year} không có ngày {day}.")
    return CellError(f"`{shown(value)}` không phải ngày; gõ ngày/tháng/năm, ví dụ 15/06/2019.")


def number_of(cell, percent: bool) -> int | float | None | CellError:
    """A number as a clerk types it. `percent`: a trailing `%` is allowed (progress, indicators in %)."""
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return CellError("ô cần một số, không phải giá trị đúng/sai.")
    if isinstance(value, (int, float)):
        if "%" in (cell.number_format or ""):  # 60% typed in Excel is stored as 0.6
            value = round(value * 100, 10)
        return int(value) if float(value).is_integer() else value
    if not isinstance(value, str):
        return CellError(f"`{shown(value)}` không phải một số; gõ một số, ví dụ 60.")
    text = re.sub(r"\s+", "", unescape(value).replace("\u00a0", ""))
    if text.endswith("%"):
        if not percent:
            return CellError(f"`{shown(value)}`: chỉ tiêu này không tính bằng phần trăm; gõ số, không kèm dấu %.")
        text = text[:-1]
    if _AMBIGUOUS.fullmatch(text):
        thousands, decimal = text.replace(".", ""), text.replace(".", ",").rstrip("0").rstrip(",")
        return CellError(f"`{text}` không rõ là {thousands} hay {decimal}: gõ {thousands} (không có dấu chấm) hoặc "
                         f"{decimal} (dấu phẩy thập phân).")
    if _INTEGER.fullmatch(text) or _DECIMAL_POINT.fullmatch(text):
        number = text
    elif _DECIMAL_COMMA.fullmatch(text):
        number = text.replace(",", ".")
    elif _GROUPED.fullmatch(text):
        number = text.replace(".", "").replace(",", ".")
    else:
        return CellError(f"`{shown(value)}` không phải một số; gõ một số, ví dụ 60 hoặc 12,5.")
    try:
        exact = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only decimal numbers
        return CellError(f"`{shown(value)}` không phải một số.")
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def status_of(cell, choices: list[str]) -> str | None | CellError:
    value = text_of(cell)
    if value is None or isinstance(value, CellError):
        return value
    wanted = " ".join(value.split()).casefold()
    for status in choices:
        if wanted in (STATUS_LABELS[status].casefold(), status):
            return status
    listed = ", ".join(STATUS_LABELS[s] for s in choices)
    return CellError(f"`{shown(value)}` không có trong danh sách tình trạng; chọn một trong: {listed}.")
