"""The three file kinds as pydantic models (data contract, sections 3, 4, 6).

Input values are the strings produced by the strict reader; each scalar type
parses text itself (`scalars.py`) and refuses what YAML's implicit typing
would have accepted. Each refusal is a `PydanticCustomError` whose type is a
rule code of `rules.py`. `records.py` holds the same fields without pydantic:
most files are checked there, and only the files it cannot accept come here,
for pydantic's precise account of every problem.
"""

from __future__ import annotations

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

from generator.data.periods import Period
from generator.data.records import EntryRules, ExtensionRules, TaskRules
from generator.data.scalars import (  # noqa: F401 (also read from here by other modules)
    CURLY_QUOTES,
    DATE_RE,
    NUMBER_DIGITS,
    NUMBER_LIMIT,
    NUMBER_RE,
    RECURRING,
    REVIEWER_RE,
    SLUG_RE,
    TASK_ID_RE,
    URL_RE,
    Invalid,
    check_nonempty,
    check_reviewer,
    check_slug,
    check_task_id,
    check_url,
    kind_of,
    last_day_of,
    number_range,
    parse_date,
    parse_deadline,
    parse_due,
    suggest_slug,
)


def _pydantic(parse):
    """A parser of `scalars.py` as a pydantic validator: its refusal as an error whose type is the rule code."""

    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except Invalid as exc:
            raise PydanticCustomError(exc.rule, exc.rule, exc.params) from None

    return validate


_slug, _task_id, _nonempty = _pydantic(check_slug), _pydantic(check_task_id), _pydantic(check_nonempty)
_url, _reviewer, _date, _due, _deadline = (_pydantic(check_url), _pydantic(check_reviewer), _pydantic(parse_date),
                                           _pydantic(parse_due), _pydantic(parse_deadline))


def _range(*args, **kwargs):
    return _pydantic(number_range(*args, **kwargs))


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
Day = Annotated[date, PlainValidator(_date), WithJsonSchema({**_STR, "format": "date"})]
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
Due = Annotated[date | Period | str, PlainValidator(_due),
                WithJsonSchema({"anyOf": [{**_STR, "format": "date"}, _PERIOD, {"const": RECURRING}]})]
Deadline = Annotated[date | Period, PlainValidator(_deadline),
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


class Extension(ExtensionRules, _Model):
    due: Deadline = Field(description="Thời hạn mới: ngày hoặc kỳ (2019-Q2)")
    decided_on: Day = Field(description="Ngày quyết định gia hạn")
    decision: Line | None = Field(None, description="Văn bản quyết định gia hạn, ví dụ 45-TB/TU")
    reason: Line | None = Field(None, description="Lý do gia hạn")


class Task(TaskRules, _Model):
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


class Entry(EntryRules, _Model):
    task: TaskId = Field(description="Số hiệu nhiệm vụ")
    status: Status | None = Field(None, description="Tình trạng (chỉ cơ quan chủ trì)")
    progress: Percent | None = Field(None, description="Tiến độ, phần trăm (chỉ cơ quan chủ trì)")
    completed_on: Day | None = Field(None, description="Ngày hoàn thành (chỉ cơ quan chủ trì)")
    result: Markdown | None = Field(None, description="Kết quả thực hiện")
    obstacles: Markdown | None = Field(None, description="Khó khăn, vướng mắc")
    proposals: Markdown | None = Field(None, description="Kiến nghị, đề xuất")
    indicators: dict[Slug, NonNegative] = Field(default_factory=dict, description="Số liệu chỉ tiêu trong kỳ")
    documents: list[DocumentRef] = Field(default_factory=list, description="Văn bản làm căn cứ")


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
