"""The three file kinds as pydantic models (data contract, sections 3, 4, 6).

Input values are the strings produced by the strict reader, so every
scalar type here parses text itself and refuses what YAML's implicit typing
would have accepted (`0x10`, `1_000`, `.inf`, `2019-02-30`). Each refusal
is a `PydanticCustomError` whose type is a rule code of `rules.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

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


CURLY_QUOTES = "“”‘’„‟"  # what Word puts around a value typed in quotes


def _curly(value: str) -> str | None:
    """The value inside Word's curly quotes, or None when it is not wrapped in them."""
    if len(value) >= 2 and (value[0] in CURLY_QUOTES or value[-1] in CURLY_QUOTES):
        return value.strip(CURLY_QUOTES + "\"' ")
    return None


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG_RE.fullmatch(value):
        variant = {"variant": "curly-quotes"} if _curly(value) is not None else {}
        raise PydanticCustomError("invalid-slug", "invalid id",
                                  {"value": value, "suggestion": suggest_slug(value), **variant})
    return value


def suggest_slug(value: str) -> str:
    """`Công an TP` -> `cong-an-tp`: what the id probably should be."""
    plain = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "ma-co-quan"


def _task_id(value: Any) -> Any:
    if isinstance(value, str) and not TASK_ID_RE.fullmatch(value):
        inner = _curly(value)
        if inner is not None and TASK_ID_RE.fullmatch(inner):
            raise PydanticCustomError("invalid-task-id", "invalid task id",
                                      {"value": value, "variant": "curly-quotes", "suggestion": inner})
        raise PydanticCustomError("invalid-task-id", "invalid task id", {"value": value})
    return value


def _nonempty(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("empty-value", "empty", {})
    return value


def kind_of(value: Any) -> Words:
    """How a value was written (one value, a list, a mapping, nothing), in words."""
    name = {str: "text", list: "list", dict: "mapping", type(None): "empty"}.get(type(value), "other")
    return KINDS[name]


def _require_text(value: Any, expected: str) -> None:
    """Numbers and dates must be written as one plain value: a list or a mapping is a type problem."""
    if not isinstance(value, str):
        raise PydanticCustomError("wrong-type", "wrong type", {"variant": expected, "found": kind_of(value)})


_DAY_MONTH_YEAR = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


def parse_date(value: Any) -> Any:
    if value.__class__ is not str:
        _require_text(value, "date")
    match = DATE_RE.fullmatch(value)
    if not match:
        raise PydanticCustomError("invalid-date", "invalid date", {"value": value, **_date_form(value)})
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        variant = "no-day" if 1 <= month <= 12 else "no-month"
        raise PydanticCustomError("invalid-date", "invalid date", {
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
        raise PydanticCustomError("invalid-number", "invalid number", {"value": value, **_number_form(value)})
    whole, dot, _ = value.partition(".")
    if len(whole) - (whole[0] == "-") > NUMBER_DIGITS:  # no leading zeros: the digits tell the size
        raise PydanticCustomError("number-too-large", "number too large", {"value": value})
    return float(value) if dot else int(value)  # at most 15 digits before the point: always finite


def _range(low: float | None, high: float | None, *, low_open: bool = False, integer: bool = False):
    """A number validator with bounds, reporting `out-of-range` with the allowed span (a variant of the rule)."""
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
            raise PydanticCustomError("out-of-range", "out of range",
                                      {"value": value, "variant": variant, "low": low, "high": high})
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
        raise PydanticCustomError("invalid-due", "invalid due", {"value": value})
    return period


def parse_deadline(value: Any) -> Any:
    """A one-off due: a date or a period, never `recurring` (the due of a deadline extension)."""
    if value == RECURRING:
        raise PydanticCustomError("invalid-due", "invalid due", {"value": value, "variant": "extension"})
    return parse_due(value)


def last_day_of(due: date | Period) -> date:
    """The last day a due allows: a date itself, a period's last day."""
    return due.last_day if isinstance(due, Period) else due


def _url(value: Any) -> Any:
    if isinstance(value, str) and not URL_RE.fullmatch(value):
        raise PydanticCustomError("invalid-url", "invalid url", {"value": value})
    return value


def _reviewer(value: Any) -> Any:
    if isinstance(value, str) and not REVIEWER_RE.fullmatch(value):
        raise PydanticCustomError("invalid-reviewer", "invalid reviewer", {"value": value})
    return value


_STR = {"type": "string"}
_LIMIT = {"exclusiveMaximum": NUMBER_LIMIT}
_PERIOD = {**_STR, "pattern": r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$"}


class _Prose:
    """Marks a field of free text: an unquoted ` #` in it starts a YAML comment and cuts the text."""


PROSE = _Prose()
Text = Annotated[str, BeforeValidator(_nonempty), PROSE]
Line = Annotated[str, PROSE]  # optional free text
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema({**_STR, "pattern": SLUG_RE.pattern})]
TaskId = Annotated[str, BeforeValidator(_task_id),
                   WithJsonSchema({"anyOf": [{**_STR, "pattern": TASK_ID_RE.pattern}, {"type": "number"}]})]
Day = Annotated[date, PlainValidator(parse_date), WithJsonSchema({**_STR, "format": "date"})]
Percent = Annotated[float | int, PlainValidator(_range(0, 100)),
                    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100})]
NonNegative = Annotated[float | int, PlainValidator(_range(0, None)),
                        WithJsonSchema({"type": "number", "minimum": 0, **_LIMIT})]
Positive = Annotated[float | int, PlainValidator(_range(0, None, low_open=True)),
                     WithJsonSchema({"type": "number", "exclusiveMinimum": 0, **_LIMIT})]
DayOfMonth = Annotated[int, PlainValidator(_range(1, 28, integer=True)),
                       WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 28})]
Count = Annotated[int, PlainValidator(_range(0, None, integer=True)),
                  WithJsonSchema({"type": "integer", "minimum": 0, **_LIMIT})]
Due = Annotated[date | Period | str, PlainValidator(parse_due),
                WithJsonSchema({"anyOf": [{**_STR, "format": "date"}, _PERIOD, {"const": RECURRING}]})]
Deadline = Annotated[date | Period, PlainValidator(parse_deadline),
                     WithJsonSchema({"anyOf": [{**_STR, "format": "date"}, _PERIOD]})]
Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({**_STR, "pattern": "^https?://"})]
Reviewer = Annotated[str, BeforeValidator(_reviewer), WithJsonSchema({**_STR, "pattern": REVIEWER_RE.pattern})]
Markdown = Annotated[str, Field(description="Văn bản, có thể dùng Markdown"), PROSE]

Status = Literal["not_started", "in_progress", "completed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, hide_input_in_errors=True)


class Agency(_Model):
    id: Slug = Field(description="Mã cơ quan: chữ thường không dấu, số, gạch ngang")
    name: Text = Field(description="Tên đầy đủ của cơ quan")
    short_name: Line | None = Field(None, description="Tên viết tắt")
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
    unit: Line | None = Field(None, description="Đơn vị tính")
    aggregate: Literal["sum", "last"] = Field(description="sum: cộng dồn các kỳ; last: lấy số mới nhất")
    target: NonNegative | None = Field(None, description="Chỉ tiêu phấn đấu")


class Extension(_Model):
    due: Deadline = Field(description="Thời hạn mới: ngày hoặc kỳ (2019-Q2)")
    decided_on: Day = Field(description="Ngày quyết định gia hạn")
    decision: Line | None = Field(None, description="Văn bản quyết định gia hạn, ví dụ 45-TB/TU")
    reason: Line | None = Field(None, description="Lý do gia hạn")

    @property
    def due_date(self) -> date:
        return last_day_of(self.due)


@dataclass(frozen=True)
class DeadlineStep:
    """One deadline of a task as decided over time: the plan's own, then each extension."""

    due: date | Period  # as written: a date or a period
    due_date: date  # the last day it allows
    decided_on: date | None = None  # None for the plan's own deadline
    decision: str | None = None
    reason: str | None = None


class Task(_Model):
    id: TaskId = Field(description="Số hiệu nhiệm vụ, ví dụ \"2.3\"")
    group: TaskId | None = Field(None, description="Nhóm nhiệm vụ")
    title: Text = Field(description="Nội dung nhiệm vụ")
    lead: Slug = Field(description="Cơ quan chủ trì")
    support: list[Slug] = Field(default_factory=list, description="Cơ quan phối hợp")
    due: Due = Field(description="Thời hạn: ngày, kỳ (2018-Q4) hoặc recurring (thường xuyên)")
    weight: Positive = Field(1, description="Trọng số")
    assigned: Day | None = Field(None, description="Ngày giao nhiệm vụ (bỏ trống: có từ ngày bắt đầu kế hoạch)")
    extensions: list[Extension] = Field(default_factory=list,
                                        description="Các lần gia hạn, cũ trước mới sau (chỉ nhiệm vụ có thời hạn)")
    indicators: list[Indicator] = Field(default_factory=list, description="Chỉ tiêu")

    @property
    def recurring(self) -> bool:
        return self.due == RECURRING

    @property
    def due_date(self) -> date | None:
        """The plan's own due date of a one-off task (a period means its last day), before any extension."""
        return None if self.recurring else last_day_of(self.due)

    def counted_at(self, reference: date) -> bool:
        """Whether the task takes part in the figures of a period with reference date R(P) (contract §7)."""
        return self.assigned is None or self.assigned <= reference

    def due_at(self, reference: date) -> date | None:
        """The due date in force at `reference`: the last extension decided by then, else the plan's own.

        None for a recurring task. Extensions are validated to be decided in increasing order.
        """
        if self.recurring:
            return None
        due = self.due_date
        for extension in self.extensions:
            if extension.decided_on > reference:
                break
            due = extension.due_date
        return due

    @property
    def deadline_history(self) -> list[DeadlineStep]:
        """The plan's own deadline, then each extension (empty for a recurring task)."""
        if self.recurring:
            return []
        return [DeadlineStep(self.due, self.due_date), *(
            DeadlineStep(e.due, e.due_date, e.decided_on, e.decision, e.reason) for e in self.extensions)]


class Signer(_Model):
    on_behalf: Line | None = Field(None, description="Thẩm quyền ký, ví dụ T/M BAN NỘI CHÍNH")
    title: Line | None = Field(None, description="Chức vụ, ví dụ TRƯỞNG BAN")
    name: Line | None = Field(None, description="Họ và tên người ký")


class ReportHeader(_Model):
    """Thể thức của báo cáo tổng hợp (contract v1.1, sections 4 and 11)."""

    style: Literal["party", "state"] = Field(
        "party", description="party: văn bản của Đảng (HD 36-HD/VPTW); state: văn bản hành chính (NĐ 30/2020/NĐ-CP)")
    parent: Text | None = Field(None, description="Cơ quan cấp trên, ví dụ Đảng bộ thành phố Đà Nẵng")
    issuer: Text = Field(description="Cơ quan ban hành báo cáo tổng hợp")
    symbol: Text = Field(description="Ký hiệu văn bản, ví dụ BC/BNCTU")
    place: Text = Field(description="Địa danh, ví dụ Đà Nẵng")
    recipients: list[Text] = Field(default_factory=list, description="Nơi nhận")
    signer: Signer | None = Field(None, description="Người ký")


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
    report: ReportHeader | None = Field(None, description="Thể thức báo cáo tổng hợp (tùy chọn)")


class Revision(_Model):
    date: Day = Field(description="Ngày sửa đổi")
    reason: Text = Field(description="Lý do sửa đổi")


class DocumentRef(_Model):
    number: Text = Field(description="Số, ký hiệu văn bản")
    date: Day | None = Field(None, description="Ngày ban hành")
    title: Line | None = Field(None, description="Trích yếu")
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
    reporter: Line | None = Field(None, description="Đơn vị, người lập báo cáo")
    summary: Markdown | None = Field(None, description="Kết quả chung")
    obstacles: Markdown | None = Field(None, description="Khó khăn, vướng mắc")
    proposals: Markdown | None = Field(None, description="Kiến nghị, đề xuất")
    revisions: list[Revision] = Field(default_factory=list, description="Các lần sửa đổi sau khi khóa")
    entries: list[Entry] = Field(description="Kết quả từng nhiệm vụ")


def is_prose(model: type[BaseModel], loc: tuple) -> bool:
    """Whether the value at `loc` in a file of `model` is a field of free text (`Text`, `Line`, `Markdown`)."""
    annotation: Any = model
    for part in loc:
        annotation = _inner(annotation, part)
        if annotation is None:
            return False
    return _marked(annotation)


def _inner(annotation: Any, part: Any) -> Any:
    """The annotation of `part` (a field name or a list index) inside `annotation`, or None."""
    for option in _options(annotation):
        if isinstance(part, int) and get_origin(option) is list:
            return get_args(option)[0]
        if isinstance(part, str) and isinstance(option, type) and issubclass(option, BaseModel):
            info = option.model_fields.get(part)
            if info is None:
                return None
            # pydantic keeps a field's Annotated metadata apart from its type: put them together again
            return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return None


def _options(annotation: Any) -> list[Any]:
    """`X | None` and `Annotated[X, ...]` unwrapped into the types they allow."""
    if get_origin(annotation) is Annotated:
        return _options(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return [inner for arg in get_args(annotation) for inner in _options(arg)]
    return [annotation]


def _marked(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(meta is PROSE for meta in annotation.__metadata__) or _marked(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return any(_marked(arg) for arg in get_args(annotation))
    return False
