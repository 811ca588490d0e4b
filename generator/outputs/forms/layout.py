"""Where everything is in the Excel report form: sheets, rows, columns and their Vietnamese names.

`writing` writes this layout and `reading` reads it back; both take it from here. Texts are
stored the way Excel stores them: a character a cell cannot hold as is (carriage return, control
characters) is written `_xHHHH_`, and a literal `_xHHHH_` gets `_x005F_` before it.
"""

from __future__ import annotations

import re

from generator.outputs.xlsx import CELL_LIMIT
from generator.vocabulary import CATEGORY_LABELS, ROLE_LABELS

GUIDE, REPORT, TASKS, DOCUMENTS, META = "Hướng dẫn", "Báo cáo", "Nhiệm vụ", "Văn bản", "_tiendo"
FORMAT, VERSION = "tiendo-bieu-mau", "1"
MAX_CELL = CELL_LIMIT  # characters one Excel cell holds
FIRST_ROW = 4  # first data row of the task and document sheets (row 3: headers)

# "Báo cáo": (key, label, note) from row FIRST_ROW on, value in column B
REPORT_FIELDS = [
    ("plan", "Kế hoạch", None), ("agency", "Cơ quan", None), ("period", "Kỳ báo cáo", None),
    ("as_of", "Ngày chốt số liệu", "Trong kỳ: từ {start} đến {end}"),
    ("submitted_on", "Ngày gửi báo cáo", "Hạn gửi: {due}"),
    ("reporter", "Người lập báo cáo", "Đơn vị, người lập"),
    ("summary", "Kết quả chung", "Kết quả chung trong kỳ"),
    ("obstacles", "Khó khăn, vướng mắc", "Khó khăn, vướng mắc chung"),
    ("proposals", "Kiến nghị, đề xuất", "Kiến nghị, đề xuất chung"),
]
REPORT_ROW = {key: FIRST_ROW + i for i, (key, _, _) in enumerate(REPORT_FIELDS)}
IDENTITY = ("plan", "agency", "period")
REVISIONS_TITLE_ROW = FIRST_ROW + len(REPORT_FIELDS) + 1  # then a header row, then one revision per row
SPARE_REVISIONS = 3
# "Nhiệm vụ": (key, header, width); locked: the first four; then one (name, value) pair per indicator
TASK_COLUMNS = [
    ("id", "Số hiệu", 7), ("title", "Nhiệm vụ", 36), ("role", "Vai trò", 9), ("due", "Thời hạn", 11),
    ("status", "Tình trạng", 15), ("progress", "Tiến độ (%)", 8), ("completed_on", "Ngày hoàn thành", 11),
    ("result", "Kết quả thực hiện", 40), ("obstacles", "Khó khăn, vướng mắc", 26),
    ("proposals", "Kiến nghị, đề xuất", 26),
]
TASK_COL = {key: i + 1 for i, (key, _, _) in enumerate(TASK_COLUMNS)}
TASK_HEADER = {key: header for key, header, _ in TASK_COLUMNS}
LEAD_KEYS = ("status", "progress", "completed_on")
TEXT_KEYS = ("result", "obstacles", "proposals")
INDICATOR_COL = len(TASK_COLUMNS) + 1  # name of the first indicator; its value is in the next column
DOC_COLUMNS = [("task", "Số hiệu nhiệm vụ", 12), ("number", "Số, ký hiệu văn bản", 20), ("date", "Ngày", 12),
               ("title", "Trích yếu", 60), ("url", "Đường dẫn (http, https)", 40)]
DOC_COL = {key: i + 1 for i, (key, _, _) in enumerate(DOC_COLUMNS)}
DOC_HEADER = {key: header for key, header, _ in DOC_COLUMNS}
# what the form calls each field of the report (messages of `tiendo validate` are told in these words)
FIELD_LABELS = {**{key: label for key, label, _ in REPORT_FIELDS}, **TASK_HEADER, "revisions": "Các lần sửa đổi",
                "reason": "Lý do sửa đổi", "indicators": "Số liệu", "documents": "Văn bản", "number": DOC_HEADER["number"],
                "url": DOC_HEADER["url"]}
SPARE_DOCUMENTS = 20
ROLES = {True: ROLE_LABELS["lead"], False: ROLE_LABELS["support"]}
RECURRING_DUE = CATEGORY_LABELS["recurring"]
# drop-down lists: one-off tasks choose among three statuses, standing tasks among two
STATUS_CHOICES = {False: ["not_started", "in_progress", "completed"], True: ["in_progress", "not_started"]}

DATE_FORMAT = "dd/mm/yyyy"

_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_UNESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """Text as an Excel cell stores it: `_x000D_` for CR and control characters, `_x005F_` before a
    literal `_xHHHH_` (what Excel itself writes; `unescape` reads it back)."""
    return _ESCAPE.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text)


def unescape(text: str) -> str:
    """Excel's `_xHHHH_` escapes back to characters."""
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text
