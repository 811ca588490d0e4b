"""The look of the Excel report form: fonts and cell styles, the checks Excel applies while a clerk
types (drop-down lists, numbers, dates), row heights and the A4 print setup."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.outputs.forms.layout import DATE_FORMAT, STATUS_CHOICES
from generator.vocabulary import STATUS_LABELS

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_UNUSED_FILL = PatternFill("solid", fgColor="BFBFBF")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FONT = Font(name="Times New Roman", size=11)
BOLD = Font(name="Times New Roman", size=11, bold=True)
TITLE = Font(name="Times New Roman", size=13, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# the looks of cells, registered once per workbook (one style assignment per cell keeps writing fast):
# name -> (locked, fill, number format)
_STYLES = {
    "text": (False, None, "@"),  # the clerk's text: stays text, `15/06` is not turned into a date
    "date": (False, None, DATE_FORMAT),
    "number": (False, None, "General"),
    "locked": (True, _LOCKED_FILL, "@"),  # the plan's wording
    "unused": (True, _UNUSED_FILL, "General"),  # not for this task (a supporter's status, a standing task's progress)
}


def use_styles(workbook: Workbook) -> None:
    """Times New Roman as the default font (column widths are measured in it: Excel and LibreOffice, which
    has no Calibri, then agree on them) and the cell styles of `_STYLES` plus `header`."""
    next(style for style in workbook._named_styles if style.name == "Normal").font = FONT
    workbook._fonts[0] = FONT
    for name, (locked, fill, number_format) in _STYLES.items():
        workbook.add_named_style(NamedStyle(name, font=FONT, border=_BORDER, alignment=WRAP, number_format=number_format,
                                            protection=Protection(locked=locked), **({"fill": fill} if fill else {})))
    workbook.add_named_style(NamedStyle("header", font=BOLD, border=_BORDER, fill=_HEADER_FILL,
                                        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))


def status_list(recurring: bool) -> DataValidation:
    labels = [STATUS_LABELS[s] for s in STATUS_CHOICES[recurring]]
    prompt = ("Nhiệm vụ thường xuyên: Đang thực hiện = có thực hiện trong kỳ." if recurring else
              "Đang thực hiện: ghi tiến độ. Hoàn thành: ghi ngày hoàn thành.")
    return DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                          showErrorMessage=True, showInputMessage=True, errorTitle="Tình trạng",
                          error="Chọn trong danh sách: " + ", ".join(labels) + ".", promptTitle="Tình trạng",
                          prompt=prompt)


def number_rule(maximum: int | None, message: str) -> DataValidation:
    rule = DataValidation(type="decimal", operator="between" if maximum is not None else "greaterThanOrEqual",
                          formula1="0", formula2=str(maximum) if maximum is not None else None, allow_blank=True,
                          showErrorMessage=True, errorTitle="Số không hợp lệ", error=message)
    return rule


def date_rule(ws: Worksheet, ranges: str | None, first: date, last: date | None, message: str) -> DataValidation:
    """A date check. A warning, not a stop: a date typed as text (15/06/2019 in an English Excel) stays
    text there, and `cells` reads it."""
    def excel(day: date) -> str:
        return f"DATE({day.year},{day.month},{day.day})"

    rule = DataValidation(type="date", operator="between" if last else "greaterThanOrEqual", formula1=excel(first),
                          formula2=excel(last) if last else None, allow_blank=True, showErrorMessage=True,
                          errorStyle="warning", errorTitle="Ngày", error=message)
    if ranges:
        rule.add(ranges)
        ws.add_data_validation(rule)
    return rule


def height(text: str | None, width: int) -> float | None:
    """Row height (points) showing the whole text wrapped at `width` characters; None: the default."""
    if not text:
        return None
    per_line = int(width * 1.15)  # characters of Vietnamese text per line, measured in LibreOffice
    lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
    return min(409, 14.5 * lines + 3) if lines > 1 else None


def print_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.print_options.gridLines = False
