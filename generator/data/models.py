"""The three file kinds as pydantic models (data contract, sections 3, 4, 6).

Input values are the strings produced by the strict reader, so every
scalar type here parses text itself and refuses what YAML's implicit typing
would have accepted (`0x10`, `1_000`, `.inf`, `2019-02-30`). Each refusal
is a `PydanticCustomError` whose type is a rule code of `rules.py`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.data.periods import Period, parse_period

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TASK_ID_RE = re.compile(r"^[0-9A-Za-z]+([.-][0-9A-Za-z]+)*$")
NUMBER_RE = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# a GitHub user `@name` (letters, digits, single hyphens), a team `@org/team`, or a plain e-mail address
REVIEWER_RE = re.compile(r"^(@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(/[A-Za-z0-9]+([._-][A-Za-z0-9]+)*)?"
                         r"|[A-Za-z0-9]+([._%+-][A-Za-z0-9]+)*@[A-Za-z0-9]+(-[A-Za-z0-9]+)*(\.[A-Za-z0-9]+(-[A-Za-z0-9]+)*)*\.[A-Za-z]{2,})$")
URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
RECURRING = "recurring"


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.fullmatch(value):
        raise PydanticCustomError("invalid-slug", "invalid id", {"value": value, "example": suggest_slug(value)})
    return value


def suggest_slug(value: str) -> str:
    """`Công an TP` -> `cong-an-tp`: what the id probably should be."""
    plain = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "ma-co-quan"


def _task_id(value: Any) -> Any:
    if isinstance(value, str) and not TASK_ID_RE.fullmatch(value):
        raise PydanticCustomError("invalid-task-id", "invalid task id", {"value": value})
    return value


def _nonempty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty-value", "empty", {})
    return value


_KINDS = {list: ("một danh sách", "a list"), dict: ("một nhóm trường", "a mapping"), type(None): ("để trống", "empty")}


def _require_text(value: Any, expected: str, expected_en: str, advice: str, advice_en: str) -> None:
    """Numbers and dates must be written as one plain value: a list or a mapping is a type problem."""
    if not isinstance(value, str):
        found, found_en = _KINDS.get(type(value), ("giá trị khác", "something else"))
        raise PydanticCustomError("wrong-type", "wrong type", {
            "expected": expected, "expected_en": expected_en, "found": found, "found_en": found_en,
            "advice": advice, "advice_en": advice_en})


def parse_date(value: Any) -> Any:
    _require_text(value, "một ngày dạng YYYY-MM-DD", "a YYYY-MM-DD date", "Ví dụ `2019-03-14`.", "E.g. `2019-03-14`.")
    match = DATE_RE.fullmatch(value)
    if not match:
        raise PydanticCustomError("invalid-date", "invalid date",
                                  {"value": value, "reason": "không đúng dạng YYYY-MM-DD",
                                   "reason_en": "not in YYYY-MM-DD form"})
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            reason, reason_en = f"tháng {month} năm {year} không có ngày {day}", "no such day"
        else:
            reason, reason_en = f"không có tháng {month}", "no such month"
        raise PydanticCustomError("invalid-date", "invalid date",
                                  {"value": value, "reason": reason, "reason_en": reason_en}) from None


def parse_number(value: Any) -> Any:
    _require_text(value, "một số", "a number", "Viết một số, ví dụ `40`.", "Write one number, e.g. `40`.")
    if not NUMBER_RE.fullmatch(value):
        raise PydanticCustomError("invalid-number", "invalid number", {"value": value})
    number = float(value)
    if not math.isfinite(number):
        raise PydanticCustomError("invalid-number", "invalid number", {"value": value})
    return int(value) if "." not in value else number


def _range(low: float | None, high: float | None, *, low_open: bool = False, integer: bool = False):
    """A number validator with bounds, reporting `out-of-range` with the allowed span in words."""
    if integer:
        allowed = f"số nguyên từ {low} đến {high}" if high is not None else f"số nguyên từ {low} trở lên"
        allowed_en = f"a whole number from {low} to {high}" if high is not None else f"a whole number >= {low}"
    elif low_open:
        allowed, allowed_en = f"lớn hơn {low}", f"greater than {low}"
    elif high is not None:
        allowed, allowed_en = f"từ {low} đến {high}", f"from {low} to {high}"
    else:
        allowed, allowed_en = f"từ {low} trở lên", f">= {low}"

    def check(value: Any) -> Any:
        value = parse_number(value)
        bad = (
            (integer and not isinstance(value, int))
            or (low is not None and (value <= low if low_open else value < low))
            or (high is not None and value > high)
        )
        if bad:
            raise PydanticCustomError("out-of-range", "out of range",
                                      {"value": value, "allowed": allowed, "allowed_en": allowed_en})
        return value

    return check


def parse_due(value: Any) -> Any:
    _require_text(value, "một ngày, một kỳ hoặc `recurring`", "a date, a period or `recurring`",
                  "Ví dụ `2018-12-31`, `2018-Q4` hoặc `recurring`.", "E.g. `2018-12-31`, `2018-Q4`, `recurring`.")
    if value == RECURRING:
        return value
    if DATE_RE.fullmatch(value):
        return parse_date(value)
    period = parse_period(value)
    if period is None:
        raise PydanticCustomError("invalid-due", "invalid due", {"value": value})
    return period


def _url(value: Any) -> Any:
    if isinstance(value, str) and not URL_RE.fullmatch(value):
        raise PydanticCustomError("invalid-url", "invalid url", {"value": value})
    return value


def _reviewer(value: Any) -> Any:
    if isinstance(value, str) and not REVIEWER_RE.fullmatch(value):
        raise PydanticCustomError("invalid-reviewer", "invalid reviewer", {"value": value})
    return value


_STR = {"type": "string"}
Text = Annotated[str, BeforeValidator(_nonempty)]
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema({**_STR, "pattern": SLUG_RE.pattern})]
TaskId = Annotated[str, BeforeValidator(_task_id),
                   WithJsonSchema({"anyOf": [{**_STR, "pattern": TASK_ID_RE.pattern}, {"type": "number"}]})]
Day = Annotated[date, PlainValidator(parse_date), WithJsonSchema({**_STR, "format": "date"})]
Percent = Annotated[float | int, PlainValidator(_range(0, 100)),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]
NonNegative = Annotated[float | int, PlainValidator(_range(0, None)),
                        WithJsonSchema({"type": "number", "minimum": 0})]
Positive = Annotated[float | int, PlainValidator(_range(0, None, low_open=True)),
                     WithJsonSchema({"type": "number", "exclusiveMinimum": 0})]
DayOfMonth = Annotated[int, PlainValidator(_range(1, 28, integer=True)),
                       WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 28})]
Count = Annotated[int, PlainValidator(_range(0, None, integer=True)),
                  WithJsonSchema({"type": "integer", "minimum": 0})]
Due = Annotated[date | Period | str, PlainValidator(parse_due),
                WithJsonSchema({"anyOf": [{**_STR, "format": "date"},
                                          {**_STR, "pattern": r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"},
                                          {"const": RECURRING}]})]
Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({**_STR, "pattern": "^https?://"})]
Reviewer = Annotated[str, BeforeValidator(_reviewer), WithJsonSchema({**_STR, "pattern": REVIEWER_RE.pattern})]
Markdown = Annotated[str, Field(description="Văn bản, có thể dùng Markdown")]

Status = Literal["not_started", "in_progress", "completed"]


def where(model: type[BaseModel]) -> tuple[str, str]:
    return _WHERE.get(model.__name__, ("tệp", "the file"))


_WHERE = {
    "AgenciesFile": ("tệp danh mục cơ quan", "the agency list"),
    "Agency": ("một cơ quan", "an agency"),
    "Plan": ("kế hoạch", "the plan"),
    "Reporting": ("mục `reporting`", "`reporting`"),
    "Group": ("một nhóm nhiệm vụ", "a task group"),
    "Task": ("một nhiệm vụ", "a task"),
    "Indicator": ("một chỉ tiêu", "an indicator"),
    "Update": ("báo cáo", "the report"),
    "Revision": ("một lần sửa đổi (`revisions`)", "a revision"),
    "Entry": ("mục báo cáo nhiệm vụ", "a task entry"),
    "DocumentRef": ("một văn bản (`documents`)", "a document"),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, hide_input_in_errors=True)


class Agency(_Model):
    id: Slug = Field(description="Mã cơ quan: chữ thường không dấu, số, gạch ngang")
    name: Text = Field(description="Tên đầy đủ của cơ quan")
    short_name: str | None = Field(None, description="Tên viết tắt")
    reviewers: list[Reviewer] = Field(default_factory=list,
                                      description="Tài khoản hoặc nhóm GitHub duyệt báo cáo của cơ quan")


class AgenciesFile(_Model):
    """Danh mục cơ quan (data/agencies.yaml)."""

    agencies: list[Agency] = Field(description="Danh sách cơ quan")


class Reporting(_Model):
    cycle: Literal["month", "quarter", "half", "year"] = Field(description="Chu kỳ báo cáo")
    cutoff_day: DayOfMonth | None = Field(None, description="Ngày chốt số liệu trong tháng cuối kỳ (1–28)")
    due_day: DayOfMonth = Field(20, description="Hạn nộp báo cáo (ngày trong tháng, 1–28)")
    lock_days: Count = Field(15, description="Số ngày sau hạn nộp mà báo cáo bị khóa")


class Group(_Model):
    id: TaskId = Field(description="Số hiệu nhóm, ví dụ \"1\"")
    title: Text = Field(description="Tên nhóm nhiệm vụ")


class Indicator(_Model):
    id: Slug = Field(description="Mã chỉ tiêu")
    name: Text = Field(description="Tên chỉ tiêu")
    unit: str | None = Field(None, description="Đơn vị tính")
    aggregate: Literal["sum", "last"] = Field(description="sum: cộng dồn các kỳ; last: lấy số mới nhất")
    target: NonNegative | None = Field(None, description="Chỉ tiêu phấn đấu")


class Task(_Model):
    id: TaskId = Field(description="Số hiệu nhiệm vụ, ví dụ \"2.3\"")
    group: TaskId | None = Field(None, description="Nhóm nhiệm vụ")
    title: Text = Field(description="Nội dung nhiệm vụ")
    lead: Slug = Field(description="Cơ quan chủ trì")
    support: list[Slug] = Field(default_factory=list, description="Cơ quan phối hợp")
    due: Due = Field(description="Thời hạn: ngày, kỳ (2018-Q4) hoặc recurring (thường xuyên)")
    weight: Positive = Field(1, description="Trọng số")
    indicators: list[Indicator] = Field(default_factory=list, description="Chỉ tiêu")

    @property
    def recurring(self) -> bool:
        return self.due == RECURRING

    @property
    def due_date(self) -> date | None:
        """The due date of a one-off task (a period means its last day)."""
        if isinstance(self.due, Period):
            return self.due.last_day
        return self.due if isinstance(self.due, date) else None


class Plan(_Model):
    """Kế hoạch (data/plans/<kế hoạch>/plan.yaml)."""

    id: Slug = Field(description="Mã kế hoạch, trùng tên thư mục")
    code: Text = Field(description="Số, ký hiệu văn bản, ví dụ 17-KH/TU")
    title: Text = Field(description="Tên kế hoạch")
    issued_by: Text = Field(description="Cơ quan ban hành")
    issued_on: Day = Field(description="Ngày ban hành")
    owner: Slug = Field(description="Cơ quan theo dõi kế hoạch")
    start: Day = Field(description="Ngày bắt đầu")
    end: Day = Field(description="Ngày kết thúc")
    reporting: Reporting = Field(description="Chế độ báo cáo")
    groups: list[Group] = Field(default_factory=list, description="Nhóm nhiệm vụ")
    tasks: list[Task] = Field(description="Nhiệm vụ")


class Revision(_Model):
    date: Day = Field(description="Ngày sửa đổi")
    reason: Text = Field(description="Lý do sửa đổi")


class DocumentRef(_Model):
    number: Text = Field(description="Số, ký hiệu văn bản")
    date: Day | None = Field(None, description="Ngày ban hành")
    title: str | None = Field(None, description="Trích yếu")
    url: Url | None = Field(None, description="Đường dẫn (http, https)")


class Entry(_Model):
    task: TaskId = Field(description="Số hiệu nhiệm vụ")
    status: Status | None = Field(None, description="Tình trạng (chỉ cơ quan chủ trì)")
    progress: Percent | None = Field(None, description="Tiến độ, phần trăm (chỉ cơ quan chủ trì)")
    completed_on: Day | None = Field(None, description="Ngày hoàn thành (chỉ cơ quan chủ trì)")
    result: Markdown | None = Field(None, description="Kết quả thực hiện")
    obstacles: Markdown | None = Field(None, description="Khó khăn, vướng mắc")
    proposals: Markdown | None = Field(None, description="Kiến nghị, đề xuất")
    indicators: dict[Slug, NonNegative] = Field(default_factory=dict, description="Số liệu chỉ tiêu trong kỳ")
    documents: list[DocumentRef] = Field(default_factory=list, description="Văn bản làm căn cứ")

    @property
    def has_text(self) -> bool:
        return bool(self.result or self.obstacles or self.proposals)


class Update(_Model):
    """Báo cáo của một cơ quan cho một kỳ (data/updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml)."""

    plan: Slug = Field(description="Mã kế hoạch, trùng tên thư mục")
    agency: Slug = Field(description="Mã cơ quan, trùng tên thư mục")
    period: str = Field(description="Kỳ báo cáo, trùng tên tệp, ví dụ 2019-Q1")
    as_of: Day = Field(description="Ngày chốt số liệu")
    submitted_on: Day = Field(description="Ngày gửi báo cáo")
    reporter: str | None = Field(None, description="Đơn vị, người lập báo cáo")
    summary: Markdown | None = Field(None, description="Kết quả chung")
    obstacles: Markdown | None = Field(None, description="Khó khăn, vướng mắc")
    proposals: Markdown | None = Field(None, description="Kiến nghị, đề xuất")
    revisions: list[Revision] = Field(default_factory=list, description="Các lần sửa đổi sau khi khóa")
    entries: list[Entry] = Field(description="Kết quả từng nhiệm vụ")
