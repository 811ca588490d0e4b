"""The catalogue of validation rules: every sentence tiendo says about the data.

Every problem tiendo reports names one of these codes. Codes are stable:
CI logs, pre-commit hooks and the agencies' guide refer to them, so a code
is never renamed or reused. Each rule carries its message and its hint
(how to fix it) in Vietnamese and English, and example values used by the
guide page to show what the message looks like.

A rule may have named **variants** for the different cases of one problem
(`progress-mismatch` for a completed task is not told like one in
progress): the code that finds the problem names the case in its `variant`
value, and the variant's texts replace the rule's `message` or `hint` or
fill one of its placeholders. The words that fill sentences (the kind of
value found, period and cycle names) are `Text` values too, so a problem
carries no language of its own: it is told in the reader's language only
when shown. Texts are templates: data from the files only ever goes into
their placeholders, never into a `Text`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the data cannot be published: exit code 1
    WARNING = "warning"  # shown, the exit code unchanged


class Stage(StrEnum):
    READ = "read"  # reading one file (YAML, encoding, hidden characters)
    SCHEMA = "schema"  # one file against its schema
    DATA = "data"  # the files against each other
    GIT = "git"  # ownership and changes against a base revision


class MissingParameter(KeyError):
    """A rule's text names a value (or a variant) the problem did not carry: a bug in the code that raised it."""


@dataclass(frozen=True)
class Text:
    """One text in both languages, with `{placeholders}` filled from the problem's values.

    A value that is itself a `Text` (a word or phrase that fills the sentence) is rendered first, in the
    same language; a phrase may use the other values, phrases included.
    """

    vi: str
    en: str

    def render(self, lang: str, params: dict[str, Any]) -> str:
        values = {key: value for key, value in params.items() if not isinstance(value, Text)}
        pending = {key: value for key, value in params.items() if isinstance(value, Text)}
        while pending:
            ready = [key for key, phrase in pending.items() if phrase._needs(lang) <= values.keys()]
            if not ready:
                key, phrase = next(iter(pending.items()))
                raise MissingParameter(f"{phrase._template(lang)!r} needs {sorted(phrase._needs(lang) - values.keys())}")
            for key in ready:
                values[key] = pending.pop(key)._format(lang, values)
        return self._format(lang, values)

    def _template(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def _needs(self, lang: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self._template(lang)) if name}

    def _format(self, lang: str, params: dict[str, Any]) -> str:
        template = self._template(lang)
        try:
            return template.format_map(params)
        except KeyError as exc:
            raise MissingParameter(f"{template!r} needs {exc.args[0]!r}") from None

    @property
    def placeholders(self) -> set[str]:
        return {name for text in (self.vi, self.en) for _, name, _, _ in string.Formatter().parse(text) if name}


Variant = dict[str, Text]  # `message` and `hint` replace the rule's own; any other name fills that placeholder


@dataclass(frozen=True, kw_only=True)
class Rule:
    code: str
    severity: Severity
    stage: Stage
    message: Text
    hint: Text | None = None  # how to fix it
    example: dict[str, Any] = field(default_factory=dict)  # values for the guide's sample message
    variants: dict[str, Variant] = field(default_factory=dict)

    def _texts(self, params: dict[str, Any]) -> tuple[Text, Text | None, dict[str, Any]]:
        name = params.get("variant")
        if name is None:
            return self.message, self.hint, params
        if name not in self.variants:
            raise MissingParameter(f"rule {self.code!r} has no variant {name!r}")
        variant = self.variants[name]
        fills = {key: text for key, text in variant.items() if key not in ("message", "hint")}
        return variant.get("message", self.message), variant.get("hint", self.hint), {**params, **fills}

    def render_message(self, lang: str, params: dict[str, Any]) -> str:
        message, _, values = self._texts(params)
        return message.render(lang, values)

    def render_hint(self, lang: str, params: dict[str, Any]) -> str:
        _, hint, values = self._texts(params)
        return hint.render(lang, values) if hint else ""


def _same(text: str) -> Text:
    """A word that reads the same in both languages (a code, a number)."""
    return Text(vi=text, en=text)


# --- words that fill the sentences --------------------------------------------------------

KINDS: dict[str, Text] = {  # what a value was written as
    "text": Text(vi="một giá trị đơn", en="a single value"),
    "list": Text(vi="một danh sách", en="a list"),
    "mapping": Text(vi="một nhóm trường", en="a mapping"),
    "empty": Text(vi="để trống", en="empty"),
    "other": Text(vi="giá trị khác", en="something else"),
}
CYCLES: dict[str, Text] = {
    "month": Text(vi="tháng", en="month"),
    "quarter": Text(vi="quý", en="quarter"),
    "half": Text(vi="6 tháng", en="half-year"),
    "year": Text(vi="năm", en="year"),
}
PLACES: dict[str, Text] = {  # the part of a file a key belongs to, by model name
    "AgenciesFile": Text(vi="tệp danh mục cơ quan", en="the agency list"),
    "Agency": Text(vi="một cơ quan", en="an agency"),
    "Plan": Text(vi="kế hoạch", en="the plan"),
    "Reporting": Text(vi="mục `reporting`", en="`reporting`"),
    "Group": Text(vi="một nhóm nhiệm vụ", en="a task group"),
    "Task": Text(vi="một nhiệm vụ", en="a task"),
    "Extension": Text(vi="một lần gia hạn (`extensions`)", en="a deadline extension"),
    "Indicator": Text(vi="một chỉ tiêu", en="an indicator"),
    "ReportHeader": Text(vi="mục `report` (thể thức báo cáo tổng hợp)", en="`report`"),
    "Signer": Text(vi="mục `signer` (người ký)", en="`signer`"),
    "Update": Text(vi="báo cáo", en="the report"),
    "Revision": Text(vi="một lần sửa đổi (`revisions`)", en="a revision"),
    "Entry": Text(vi="mục báo cáo nhiệm vụ", en="a task entry"),
    "DocumentRef": Text(vi="một văn bản (`documents`)", en="a document"),
    "": Text(vi="tệp", en="the file"),
}


def period_name(period: Any) -> Text:
    """A period (`periods.Period`) named the reading way, `Quý II/2019`; in English by its id, `2019-Q2`."""
    return Text(vi=period.label, en=period.id)


WHOLE_FILE = Text(vi="Nội dung tệp", en="The file's content")  # the `key` of a problem with the whole file


_CATALOGUE: list[Rule] = [
    # --- reading the file ----------------------------------------------------
    Rule(code="file-too-large", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Tệp quá lớn ({size} byte); giới hạn là 1 MiB.",
                      en="The file is too large ({size} bytes); the limit is 1 MiB."),
         hint=Text(vi="Tách báo cáo thành nội dung ngắn gọn hơn; đưa tài liệu dài vào mục `documents` dưới dạng đường dẫn.",
                   en="Shorten the texts; link long documents under `documents` instead."),
         example={"size": "1.250.000"}),
    Rule(code="not-utf8", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Tệp không phải văn bản UTF-8 (byte không hợp lệ {byte}).",
                      en="The file is not UTF-8 text (invalid byte {byte})."),
         hint=Text(vi="Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8).",
                   en="Save the file again as UTF-8."),
         example={"byte": "0xE1"}),
    Rule(code="control-character", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Có ký tự điều khiển ẩn {char} trong tệp.",
                      en="The file contains the hidden control character {char}."),
         hint=Text(vi="Xóa ký tự này (thường do sao chép từ Word hoặc PDF); chỉ được dùng tab, xuống dòng.",
                   en="Delete it (it often comes from copying out of Word or PDF)."),
         example={"char": "U+000B"}),
    Rule(code="bidi-character", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Có ký tự đảo chiều văn bản {char}, có thể làm nội dung hiển thị khác với nội dung thật.",
                      en="The file contains the bidirectional control {char}, which can make text display differently from what it says."),
         hint=Text(vi="Xóa ký tự này; tiếng Việt không cần ký tự đảo chiều.",
                   en="Delete it; Vietnamese text never needs it."),
         example={"char": "U+202E"}),
    # libyaml's problem (English) is `problem`; the reader names the case as a variant
    Rule(code="yaml-syntax", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Lỗi cú pháp YAML: {detail}",
                      en="YAML syntax error: {detail}"),
         hint=Text(vi="Kiểm tra thụt lề, dấu `:` và dấu ngoặc quanh vị trí này.",
                   en="Check the indentation, colons and quotes around here."),
         example={"variant": "missing-colon", "problem": "could not find expected ':'"},
         variants={
             "colon-in-text": {
                 "detail": Text(vi="dấu `:` đặt sai chỗ.", en="a colon is out of place."),
                 "hint": Text(vi="Nếu văn bản có dấu `: `, đặt cả văn bản trong ngoặc kép hoặc dùng khối `|`; kiểm tra thụt lề dòng trên.",
                              en="If the text contains `: `, quote it or use a `|` block; check the indentation above.")},
             "missing-colon": {
                 "detail": Text(vi="thiếu dấu `:` sau tên trường.", en="a colon is missing after a key."),
                 "hint": Text(vi="Mỗi dòng có dạng `tên: giá trị`; văn bản nhiều dòng đặt trong khối `|`.",
                              en="Each line reads `name: value`; put multi-line text in a `|` block.")},
             "tab": {
                 "detail": Text(vi="dùng ký tự tab để thụt lề.", en="a tab is used for indentation."),
                 "hint": Text(vi="Thay tab bằng dấu cách (2 dấu cách mỗi cấp).",
                              en="Indent with spaces, not tabs.")},
             "key-expected": {
                 "detail": Text(vi="thụt lề không đúng hoặc thiếu tên trường.",
                                en="the indentation is wrong or a key is missing."),
                 "hint": Text(vi="Các trường cùng cấp phải thẳng cột; kiểm tra dòng này và dòng trên.",
                              en="Keys at one level must line up; check this line and the one above.")},
             "item-expected": {
                 "detail": Text(vi="phần tử danh sách không thẳng cột.", en="list items do not line up."),
                 "hint": Text(vi="Các dòng `- ` của cùng một danh sách phải thẳng cột.",
                              en="Align the `- ` items of one list.")},
             "value-expected": {
                 "detail": Text(vi="thiếu giá trị.", en="a value is missing."),
                 "hint": Text(vi="Điền giá trị sau dấu `:` hoặc `- `.", en="Add the missing value.")},
             "bad-start": {
                 "detail": Text(vi="ký tự này không được đứng đầu một giá trị.",
                                en="this character cannot start a value."),
                 "hint": Text(vi="Đặt giá trị trong ngoặc kép, ví dụ `\"@nguoi-duyet\"` hoặc `\"`…`\"`.",
                              en="Put the value in quotes.")},
             "anchor-sign": {
                 "detail": Text(vi="dấu `*` hoặc `&` ở đầu giá trị là ký hiệu của YAML.",
                                en="a `*` or `&` at the start of a value is YAML syntax."),
                 "hint": Text(vi="Đặt cả văn bản trong ngoặc kép hoặc dùng khối `|` (ví dụ chữ in đậm `**…**` ở đầu dòng).",
                              en="Quote the text or use a `|` block (for example `**bold**` at the start).")},
             "backslash": {
                 "detail": Text(vi="ký tự `\\` không hợp lệ trong ngoặc kép.",
                                en="a backslash is not valid inside double quotes."),
                 "hint": Text(vi="Dùng ngoặc đơn `'…'` hoặc khối `|` cho văn bản có dấu `\\`.",
                              en="Use single quotes or a `|` block for text with backslashes.")},
             "unclosed": {
                 "detail": Text(vi="tệp kết thúc khi chưa đóng ngoặc kép hoặc ngoặc.",
                                en="the file ends inside an open quote or bracket."),
                 "hint": Text(vi="Kiểm tra dấu ngoặc kép, ngoặc vuông, ngoặc nhọn chưa đóng.",
                              en="Look for an unclosed quote or bracket.")},
             "block-end": {
                 "detail": Text(vi="thụt lề không đúng.", en="the indentation is wrong."),
                 "hint": Text(vi="Các trường cùng cấp phải thẳng cột; dòng tiếp theo của văn bản dài đặt trong khối `|`.",
                              en="Keys at one level must line up; put long text in a `|` block.")},
             "flow-list": {
                 "detail": Text(vi="danh sách trong ngoặc vuông viết sai.", en="a list in brackets is malformed."),
                 "hint": Text(vi="Các phần tử cách nhau bằng dấu phẩy: `[co-quan-a, co-quan-b]`.",
                              en="Separate items with commas: `[a, b]`.")},
             "flow-mapping": {
                 "detail": Text(vi="cấu trúc trong ngoặc nhọn viết sai.", en="a mapping in braces is malformed."),
                 "hint": Text(vi="Các cặp `tên: giá trị` cách nhau bằng dấu phẩy.", en="Separate pairs with commas.")},
             "bad-character": {
                 "detail": Text(vi="có ký tự không được phép.", en="a character is not allowed here."),
                 "hint": Text(vi="Xóa ký tự này.", en="Delete the character.")},
             "other": {
                 "detail": Text(vi="cấu trúc YAML không đọc được ở vị trí này.", en="{problem}.")},
         }),
    Rule(code="multiple-documents", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Tệp chứa nhiều hơn một tài liệu YAML (dấu `---`).",
                      en="The file holds more than one YAML document (`---`)."),
         hint=Text(vi="Mỗi tệp chỉ chứa một báo cáo; xóa dòng `---` hoặc tách thành tệp riêng.",
                   en="Keep one document per file: remove the `---` line or split the file.")),
    Rule(code="duplicate-key", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Trường `{key}` xuất hiện hai lần (lần đầu ở dòng {first_line}).",
                      en="The key `{key}` appears twice (first on line {first_line})."),
         hint=Text(vi="Gộp nội dung vào một trường `{key}` duy nhất.",
                   en="Merge both into a single `{key}`."),
         example={"key": "result", "first_line": 12}),
    Rule(code="anchor", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Không dùng neo YAML (`&{name}`).",
                      en="YAML anchors (`&{name}`) are not allowed."),
         hint=Text(vi="Viết đầy đủ nội dung thay cho neo `&` và tham chiếu `*`.",
                   en="Write the content out in full instead of `&` anchors and `*` aliases."),
         example={"name": "mau"}),
    Rule(code="alias", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Không dùng tham chiếu YAML (`*{name}`).",
                      en="YAML aliases (`*{name}`) are not allowed."),
         hint=Text(vi="Chép đầy đủ nội dung vào đây thay cho `*{name}`; nếu là văn bản bắt đầu bằng `*`, đặt nó trong ngoặc kép.",
                   en="Write the content out in full; if this is text starting with `*`, put it in quotes."),
         example={"name": "mau"}),
    Rule(code="merge-key", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Không dùng khóa gộp YAML `<<`.",
                      en="YAML merge keys `<<` are not allowed."),
         hint=Text(vi="Viết đầy đủ từng trường thay cho `<<`.",
                   en="Write each key out instead of `<<`.")),
    Rule(code="tag", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Không dùng thẻ YAML `{tag}`.",
                      en="YAML tags (`{tag}`) are not allowed."),
         hint=Text(vi="Xóa `{tag}`; nếu là văn bản bắt đầu bằng `!`, đặt nó trong ngoặc kép.",
                   en="Remove `{tag}`; if this is text starting with `!`, put it in quotes."),
         example={"tag": "!include"}),
    Rule(code="too-deep", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Cấu trúc lồng nhau quá sâu (hơn {limit} cấp).",
                      en="Nesting is too deep (more than {limit} levels)."),
         hint=Text(vi="Kiểm tra lại thụt lề; báo cáo không cần lồng sâu như vậy.",
                   en="Check the indentation; no report needs such nesting."),
         example={"limit": 20}),
    Rule(code="complex-key", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Tên trường phải là một chữ, không phải danh sách hay cấu trúc.",
                      en="A key must be plain text, not a list or mapping."),
         hint=Text(vi="Viết tên trường dạng `tên: giá trị`.",
                   en="Write keys as `name: value`.")),
    Rule(code="special-file", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="`{name}` là {kind}, không phải tệp hay thư mục thật, nên tiendo không đọc.",
                      en="`{name}` is {kind_en}, not a real file or folder, so tiendo does not read it."),
         hint=Text(vi="Thay bằng chính tệp (hoặc thư mục) chứa nội dung, hoặc xóa nó khỏi thư mục dữ liệu.",
                   en="Replace it with the real file (or folder) holding the content, or remove it."),
         example={"name": "data/updates/ke-hoach/co-quan-a/2019-Q1.yaml", "kind": "một liên kết (symlink)",
               "kind_en": "a symbolic link"}),
    Rule(code="escaped-control-character", severity=Severity.ERROR, stage=Stage.READ,
         message=Text(vi="Văn bản trong ngoặc kép có mã thoát `\\…` tạo ra ký tự ẩn {char} (ký tự điều khiển hoặc đảo chiều văn bản).",
                      en="The double-quoted text has a `\\…` escape that makes the hidden character {char} (a control or bidirectional character)."),
         hint=Text(vi="Xóa mã thoát này (dạng `\\x07`, `\\e`, `\\u202E`); muốn xuống dòng trong văn bản, dùng khối `|`.",
                   en="Remove the escape (such as `\\x07`, `\\e`, `\\u202E`); for several lines use a `|` block."),
         example={"char": "U+202E"}),
    # --- one file against its schema -----------------------------------------
    Rule(code="unknown-key", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Trường `{key}` không có trong mẫu {where}.",
                      en="Unknown key `{key}` in {where}."),
         hint=Text(vi="Các trường được dùng ở đây: {known}.",
                   en="Keys allowed here: {known}."),
         example={"key": "progres", "where": PLACES["Entry"], "variant": "close", "suggestion": "progress",
                  "known": "`task`, `status`, `progress`"},
         variants={
             "close": {"hint": Text(vi="Có phải ý bạn là `{suggestion}`?", en="Did you mean `{suggestion}`?")},
             "vietnamese": {"hint": Text(vi="Tên trường viết bằng tiếng Anh: thay `{key}` bằng `{suggestion}`.",
                                         en="Keys are written in English: `{key}` is `{suggestion}`.")},
         }),
    Rule(code="missing-key", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Thiếu trường bắt buộc `{key}`.",
                      en="The required key `{key}` is missing."),
         hint=Text(vi="Thêm dòng `{key}: …` ({about}).",
                   en="Add `{key}: …` ({about_en})."),
         example={"key": "as_of", "about": "ngày chốt số liệu, dạng YYYY-MM-DD", "about_en": "the data cut-off date, YYYY-MM-DD"}),
    # `found` is one of KINDS; the variant names what was expected
    Rule(code="wrong-type", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{key}` phải là {expected}, nhưng ở đây là {found}.",
                      en="`{key}` must be {expected}, but here it is {found}."),
         example={"key": "support", "variant": "list", "found": KINDS["text"], "detail": "Input should be a valid list"},
         variants={
             "text": {"expected": Text(vi="một đoạn văn bản", en="text"),
                      "hint": Text(vi="Viết giá trị ngay sau dấu `:`; văn bản nhiều dòng dùng khối `|`.",
                                   en="Write the value after the colon; use a `|` block for several lines.")},
             "list": {"expected": Text(vi="một danh sách", en="a list"),
                      "hint": Text(vi="Viết dạng `[co-quan-a, co-quan-b]` hoặc mỗi phần tử một dòng bắt đầu bằng `- `.",
                                   en="Write `[a, b]` or one `- ` item per line.")},
             "mapping": {"expected": Text(vi="một nhóm trường `tên: giá trị`", en="a mapping"),
                         "hint": Text(vi="Viết các trường con thụt vào 2 dấu cách dưới dòng này.",
                                      en="Write the sub-keys indented below this line.")},
             "fields": {"expected": Text(vi="một nhóm trường `tên: giá trị`", en="a mapping"),
                        "hint": Text(vi="Viết các trường con thụt vào 2 dấu cách; phần tử danh sách bắt đầu bằng `- `.",
                                     en="Write the sub-keys indented below; list items start with `- `.")},
             "date": {"expected": Text(vi="một ngày dạng YYYY-MM-DD", en="a YYYY-MM-DD date"),
                      "hint": Text(vi="Ví dụ `2019-03-14`.", en="E.g. `2019-03-14`.")},
             "number": {"expected": Text(vi="một số", en="a number"),
                        "hint": Text(vi="Viết một số, ví dụ `40`.", en="Write one number, e.g. `40`.")},
             "due": {"expected": Text(vi="một ngày, một kỳ hoặc `recurring`", en="a date, a period or `recurring`"),
                     "hint": Text(vi="Ví dụ `2018-12-31`, `2018-Q4` hoặc `recurring`.",
                                  en="E.g. `2018-12-31`, `2018-Q4`, `recurring`.")},
             # a check of the schema library that tiendo does not word itself; `detail` is its English text
             "other": {"expected": Text(vi="một giá trị khác", en="another value ({detail})"),
                       "hint": Text(vi="Xem mẫu của loại tệp này trong trang Hợp đồng dữ liệu.",
                                    en="See this file kind's template on the data contract page.")},
         }),
    Rule(code="empty-value", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{key}` không được để trống.",
                      en="`{key}` must not be empty."),
         hint=Text(vi="Điền nội dung cho `{key}`.",
                   en="Fill in `{key}`."),
         example={"key": "name"}),
    Rule(code="invalid-slug", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Mã `{value}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang.",
                      en="The id `{value}` is invalid: use lowercase ASCII letters, digits and hyphens."),
         hint=Text(vi="Ví dụ: `{suggestion}`.",
                   en="For example `{suggestion}`."),
         example={"value": "Cơ quan A", "suggestion": "co-quan-a"},
         variants={"curly-quotes": {
             "message": Text(vi="Mã `{value}` nằm trong dấu ngoặc kép cong (“ ” hoặc ‘ ’) do Word tự đổi.",
                             en="The id `{value}` is wrapped in curly quotes (“ ” or ‘ ’) that Word put in."),
             "hint": Text(vi="Dùng ngoặc kép thẳng (\") hoặc bỏ ngoặc: `{suggestion}`.",
                          en="Use straight quotes (\") or none: `{suggestion}`.")}}),
    Rule(code="invalid-reviewer", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{value}` không phải tài khoản GitHub (`@ten`), nhóm (`@to-chuc/nhom`) hay thư điện tử.",
                      en="`{value}` is not a GitHub user (`@name`), team (`@org/team`) or e-mail address."),
         hint=Text(vi="Viết dạng `\"@to-chuc/nhom\"` (đặt trong ngoặc kép vì bắt đầu bằng `@`).",
                   en="Write `\"@org/team\"` (quoted, since it starts with `@`)."),
         example={"value": "co-quan-a"}),
    Rule(code="invalid-task-id", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Số hiệu nhiệm vụ `{value}` không hợp lệ.",
                      en="The task id `{value}` is invalid."),
         hint=Text(vi="Dùng chữ số và chữ cái, ngăn cách bằng dấu chấm hoặc gạch ngang, ví dụ `\"2.3\"` hoặc `\"1.10a\"`.",
                   en="Use letters and digits separated by dots or hyphens, e.g. `\"2.3\"`."),
         example={"value": "“2.3”", "variant": "curly-quotes", "suggestion": "2.3"},
         variants={"curly-quotes": {
             "message": Text(vi="Số hiệu `{value}` nằm trong dấu ngoặc kép cong (“ ” hoặc ‘ ’) do Word tự đổi, "
                                "không phải ngoặc kép thẳng.",
                             en="The id `{value}` is wrapped in curly quotes (“ ” or ‘ ’) that Word put in, "
                                "not straight quotes."),
             "hint": Text(vi="Gõ lại bằng ngoặc kép thẳng: `\"{suggestion}\"`.",
                          en="Type it again with straight quotes: `\"{suggestion}\"`.")}}),
    Rule(code="invalid-date", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{value}` không phải ngày hợp lệ ({reason}).",
                      en="`{value}` is not a valid date ({reason})."),
         hint=Text(vi="Viết ngày theo dạng YYYY-MM-DD, ví dụ `2019-03-14` cho ngày 14/03/2019.",
                   en="Write dates as YYYY-MM-DD, e.g. `2019-03-14`."),
         example={"value": "15/06/2019", "variant": "day-month-year", "suggestion": "2019-06-15",
                  "day": 15, "month": 6, "year": 2019},
         variants={
             "form": {"reason": Text(vi="không đúng dạng YYYY-MM-DD", en="not in YYYY-MM-DD form")},
             "day-month-year": {
                 "reason": Text(vi="viết theo kiểu ngày/tháng/năm", en="written day/month/year"),
                 "hint": Text(vi="Viết năm-tháng-ngày: `{suggestion}`.", en="Write year-month-day: `{suggestion}`.")},
             "no-day": {"reason": Text(vi="tháng {month} năm {year} không có ngày {day}",
                                       en="month {month} of {year} has no day {day}")},
             "no-month": {"reason": Text(vi="không có tháng {month}", en="there is no month {month}")},
         }),
    Rule(code="invalid-number", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{value}` không phải số hợp lệ.",
                      en="`{value}` is not a valid number."),
         hint=Text(vi="Viết số thập phân thông thường với dấu chấm thập phân, không có số 0 ở đầu, không dấu phân cách nghìn: `12`, `12.5`, `1250`.",
                   en="Write a plain decimal number: `12`, `12.5`, `1250`."),
         example={"value": "1.250,5", "variant": "grouped", "suggestion": "1250.5"},
         variants={
             "percent": {"hint": Text(vi="Bỏ dấu `%`: viết `{suggestion}`.", en="Leave out `%`: write `{suggestion}`.")},
             "grouped": {"hint": Text(vi="Không dùng dấu chấm phân cách hàng nghìn, dấu thập phân là dấu chấm: "
                                         "viết `{suggestion}`.",
                                      en="No thousands separators, and a decimal point: write `{suggestion}`.")},
             "decimal-comma": {"hint": Text(vi="Dấu thập phân là dấu chấm: viết `{suggestion}`.",
                                            en="Use a decimal point: write `{suggestion}`.")},
         }),
    Rule(code="number-too-large", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{key}` = {value} quá lớn: mọi số phải nhỏ hơn 10^15 (một triệu tỷ).",
                      en="`{key}` = {value} is too large: every number must be below 10^15."),
         hint=Text(vi="Số lớn như vậy thường do gõ nhầm (thừa chữ số, dán nhầm số hiệu); kiểm tra lại giá trị.",
                   en="Such a number is usually a typing accident (extra digits, a pasted id); check the value."),
         example={"key": "so-tien-thu-hoi", "value": "12000000000000000"}),
    Rule(code="out-of-range", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{key}` = {value} nằm ngoài khoảng cho phép ({allowed}).",
                      en="`{key}` = {value} is out of range ({allowed})."),
         hint=Text(vi="Sửa giá trị cho đúng khoảng {allowed}.",
                   en="Use a value {allowed}."),
         example={"key": "progress", "value": "120", "variant": "between", "low": 0, "high": 100},
         variants={
             "between": {"allowed": Text(vi="từ {low} đến {high}", en="from {low} to {high}")},
             "at-least": {"allowed": Text(vi="từ {low} trở lên", en=">= {low}")},
             "above": {"allowed": Text(vi="lớn hơn {low}", en="greater than {low}")},
             "whole-between": {"allowed": Text(vi="số nguyên từ {low} đến {high}",
                                               en="a whole number from {low} to {high}")},
             "whole-at-least": {"allowed": Text(vi="số nguyên từ {low} trở lên", en="a whole number >= {low}")},
         }),
    Rule(code="invalid-choice", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="`{key}` không nhận giá trị `{value}`.",
                      en="`{key}` cannot be `{value}`."),
         hint=Text(vi="Chọn một trong: {choices}.",
                   en="Choose one of: {choices}."),
         example={"key": "status", "value": "đang thực hiện", "variant": "vietnamese-status", "suggestion": "in_progress",
                  "choices": "`not_started`, `in_progress`, `completed`"},
         variants={"vietnamese-status": {
             "message": Text(vi="Trạng thái `status` ghi bằng mã tiếng Anh, không ghi `{value}`.",
                             en="`status` is written as an English code, not `{value}`."),
             "hint": Text(vi="Viết `status: {suggestion}`.", en="Write `status: {suggestion}`.")}}),
    Rule(code="invalid-due", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Hạn `{value}` không hợp lệ.",
                      en="The due value `{value}` is invalid."),
         hint=Text(vi="Viết một ngày (`2018-12-31`), một kỳ (`2018-Q4`, `2018-H2`, `2018-12`, `2018`) hoặc `recurring` cho nhiệm vụ thường xuyên.",
                   en="Use a date (`2018-12-31`), a period (`2018-Q4`) or `recurring`."),
         example={"value": "cuối năm"},
         variants={"extension": {
             "message": Text(vi="Thời hạn gia hạn `{value}` không hợp lệ: gia hạn là lùi đến một ngày hoặc một kỳ.",
                             en="The extended due `{value}` is invalid: an extension moves the due to a date or a period."),
             "hint": Text(vi="Viết một ngày (`2019-06-30`) hoặc một kỳ (`2019-Q2`); nhiệm vụ thường xuyên không gia hạn.",
                          en="Use a date (`2019-06-30`) or a period (`2019-Q2`); standing tasks have no extensions.")}}),
    Rule(code="invalid-url", severity=Severity.ERROR, stage=Stage.SCHEMA,
         message=Text(vi="Đường dẫn `{value}` không hợp lệ: chỉ chấp nhận địa chỉ http:// hoặc https://.",
                      en="The link `{value}` is invalid: only http:// and https:// addresses are accepted."),
         hint=Text(vi="Dán địa chỉ đầy đủ bắt đầu bằng `https://`.",
                   en="Paste the full address starting with `https://`."),
         example={"value": "javascript:alert(1)"}),
    # --- the data as a whole ---------------------------------------------------
    Rule(code="missing-file", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Không tìm thấy tệp {expected}.",
                      en="The file {expected} was not found."),
         hint=Text(vi="{advice}",
                   en="{advice_en}"),
         example={"expected": "data/agencies.yaml", "advice": "Tạo tệp danh mục cơ quan theo mẫu.",
                  "advice_en": "Create the agency list."}),
    Rule(code="unexpected-file", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Tệp `{name}` không nằm đúng chỗ nên sẽ không được đọc.",
                      en="`{name}` is not where tiendo looks, so it would be ignored."),
         hint=Text(vi="{advice}",
                   en="{advice_en}"),
         example={"name": "2019-Q1.yml",
                  "advice": "Báo cáo phải đặt tại `data/updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml` (đuôi `.yaml`).",
                  "advice_en": "Reports live at `data/updates/<plan>/<agency>/<period>.yaml`."}),
    Rule(code="duplicate-id", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Mã `{value}` bị trùng (đã dùng ở dòng {first_line}).",
                      en="The id `{value}` is used twice (first on line {first_line})."),
         hint=Text(vi="Mỗi {what} phải có mã riêng.",
                   en="Each {what} needs its own id."),
         example={"value": "2.3", "first_line": 40, "variant": "task"},
         variants={
             "agency": {"what": Text(vi="cơ quan", en="agency")},
             "group": {"what": Text(vi="nhóm", en="group")},
             "task": {"what": Text(vi="nhiệm vụ", en="task")},
             "indicator": {"what": Text(vi="chỉ tiêu của nhiệm vụ", en="indicator of the task")},
         }),
    Rule(code="folder-mismatch", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`{key}: {value}` không khớp với {place} `{expected}`.",
                      en="`{key}: {value}` does not match the {place} `{expected}`."),
         hint=Text(vi="Sửa `{key}` thành `{expected}`, hoặc chuyển tệp vào đúng thư mục.",
                   en="Set `{key}` to `{expected}` or move the file."),
         example={"key": "agency", "value": "co-quan", "variant": "agency", "expected": "co-quan-a"},
         variants={
             "plan-id": {"place": Text(vi="tên thư mục kế hoạch", en="plan folder name")},
             "plan": {"place": Text(vi="thư mục kế hoạch", en="plan folder")},
             "agency": {"place": Text(vi="thư mục cơ quan", en="agency folder")},
             "period": {"place": Text(vi="tên tệp", en="file name")},
         }),
    Rule(code="unknown-agency", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Không có cơ quan mã `{value}` trong danh mục `agencies.yaml`.",
                      en="There is no agency `{value}` in `agencies.yaml`."),
         hint=Text(vi="Kiểm tra lại mã cơ quan: dùng đúng mã `id` trong `agencies.yaml`, hoặc thêm cơ quan vào danh mục.",
                   en="Check the agency id: use an `id` of `agencies.yaml`, or add the agency there."),
         example={"value": "co-quan", "variant": "close", "suggestion": "co-quan-a"},
         variants={"close": {"hint": Text(vi="Có phải ý bạn là `{suggestion}`?", en="Did you mean `{suggestion}`?")}}),
    Rule(code="unknown-plan", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Không có kế hoạch mã `{value}` trong `data/plans/`.",
                      en="There is no plan `{value}` in `data/plans/`."),
         hint=Text(vi="Kiểm tra lại mã kế hoạch: đó là tên một thư mục trong `data/plans/`.",
                   en="Check the plan id: it is the name of a folder in `data/plans/`."),
         example={"value": "kh1", "variant": "close", "suggestion": "kh-01"},
         variants={"close": {"hint": Text(vi="Có phải ý bạn là `{suggestion}`?", en="Did you mean `{suggestion}`?")}}),
    Rule(code="unknown-group", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ thuộc nhóm `{value}`, nhưng kế hoạch không có nhóm này.",
                      en="The task belongs to group `{value}`, which the plan does not define."),
         hint=Text(vi="Chọn một nhóm có trong `groups`: {choices}.",
                   en="Use one of the plan's groups: {choices}."),
         example={"value": "5", "choices": "`1`, `2`, `3`, `4`"},
         variants={"no-groups": {"hint": Text(vi="Kế hoạch chưa có mục `groups`: thêm nhóm vào `groups` hoặc xóa dòng `group`.",
                                              en="The plan has no `groups`: add the group there or remove `group`.")}}),
    Rule(code="missing-group", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Kế hoạch có chia nhóm nên nhiệm vụ `{task}` phải ghi `group`.",
                      en="The plan has groups, so task `{task}` needs a `group`."),
         hint=Text(vi="Thêm `group: \"…\"` với một trong: {choices}.",
                   en="Add `group:` with one of: {choices}."),
         example={"task": "2.3", "choices": "`1`, `2`, `3`, `4`"}),
    Rule(code="support-includes-lead", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Cơ quan chủ trì `{value}` không được đồng thời là cơ quan phối hợp.",
                      en="The lead agency `{value}` cannot also be a supporting agency."),
         hint=Text(vi="Xóa `{value}` khỏi danh sách `support`.",
                   en="Remove `{value}` from `support`."),
         example={"value": "co-quan-a"}),
    Rule(code="duplicate-support", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Cơ quan phối hợp `{value}` được ghi hai lần.",
                      en="The supporting agency `{value}` is listed twice."),
         hint=Text(vi="Chỉ ghi mỗi cơ quan một lần.",
                   en="List each agency once."),
         example={"value": "co-quan-b"}),
    Rule(code="end-before-start", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày kết thúc `end` ({end}) trước ngày bắt đầu `start` ({start}).",
                      en="`end` ({end}) is before `start` ({start})."),
         hint=Text(vi="Kiểm tra lại hai ngày này.",
                   en="Check both dates."),
         example={"end": "31/12/2016", "start": "01/01/2017"}),
    Rule(code="due-day-not-after-cutoff", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Hạn nộp `due_day` ({due_day}) phải sau ngày chốt số liệu `cutoff_day` ({cutoff_day}).",
                      en="`due_day` ({due_day}) must be after `cutoff_day` ({cutoff_day})."),
         hint=Text(vi="Ví dụ `cutoff_day: 14` và `due_day: 20`.",
                   en="For example `cutoff_day: 14` and `due_day: 20`."),
         example={"due_day": 10, "cutoff_day": 14}),
    Rule(code="assigned-outside-plan", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày giao nhiệm vụ `assigned` ({value}) nằm ngoài thời gian của kế hoạch (từ {start} đến {end}).",
                      en="`assigned` ({value}) is outside the plan's time span ({start} to {end})."),
         hint=Text(vi="Nhiệm vụ giao thêm có ngày giao trong thời gian kế hoạch; nhiệm vụ có từ đầu kế hoạch thì xóa dòng `assigned`.",
                   en="A task given later has its day within the plan; for a task of the plan from its start, remove `assigned`."),
         example={"value": "13/03/2016", "start": "01/01/2017", "end": "31/12/2020"}),
    Rule(code="due-before-assigned", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Thời hạn của nhiệm vụ `{task}` ({due}) trước ngày giao nhiệm vụ ({assigned}).",
                      en="Task `{task}` is due ({due}) before it was given ({assigned})."),
         hint=Text(vi="Kiểm tra lại `due` và `assigned`: thời hạn không thể trước ngày giao.",
                   en="Check `due` and `assigned`: a task cannot be due before it is given."),
         example={"task": "5.1", "due": "Quý IV/2018 (31/12/2018)", "assigned": "13/03/2019"}),
    Rule(code="extension-on-recurring", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` là nhiệm vụ thường xuyên, không có thời hạn nên không gia hạn (`extensions`).",
                      en="Task `{task}` is a standing task with no due date, so it has no `extensions`."),
         hint=Text(vi="Xóa mục `extensions`; nếu nhiệm vụ có thời hạn, ghi `due` là một ngày hoặc một kỳ.",
                   en="Remove `extensions`; if the task has a due date, give `due` as a date or a period."),
         example={"task": "1.1"}),
    Rule(code="extension-not-later", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Lần gia hạn thứ {number} của nhiệm vụ `{task}` đặt thời hạn {due}, không sau thời hạn trước đó {previous}.",
                      en="Extension {number} of task `{task}` sets the due to {due}, not later than the due before it, {previous}."),
         hint=Text(vi="Gia hạn là lùi thời hạn về sau: kiểm tra lại `due` của lần gia hạn này.",
                   en="An extension moves the due later: check this extension's `due`."),
         example={"number": 1, "task": "2.3", "due": "30/09/2018", "previous": "Quý IV/2018 (31/12/2018)"}),
    Rule(code="extension-decided-too-early", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày quyết định gia hạn `decided_on` ({value}) trước ngày bắt đầu kế hoạch ({start}).",
                      en="The extension's `decided_on` ({value}) is before the plan's start ({start})."),
         hint=Text(vi="Ghi ngày ban hành văn bản quyết định gia hạn; kiểm tra lại năm, tháng.",
                   en="Give the date of the decision; check the year and month."),
         example={"value": "28/12/2016", "start": "01/01/2017", "assigned": "13/03/2019"},
         variants={"assigned": {
             "message": Text(vi="Ngày quyết định gia hạn `decided_on` ({value}) trước ngày giao nhiệm vụ ({assigned}).",
                             en="The extension's `decided_on` ({value}) is before the task was given ({assigned})."),
         }}),
    Rule(code="extension-out-of-order", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Lần gia hạn thứ {number} quyết định ngày {value}, không sau lần gia hạn trước ({previous}).",
                      en="Extension {number} was decided on {value}, not after the one before it ({previous})."),
         hint=Text(vi="Ghi các lần gia hạn theo thứ tự thời gian, cũ trước mới sau, mỗi lần một ngày quyết định khác nhau.",
                   en="List extensions oldest first, each decided on a later day than the one before."),
         example={"number": 2, "value": "20/12/2018", "previous": "28/12/2018"}),
    Rule(code="invalid-period", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`{value}` không phải kỳ báo cáo của kế hoạch ({reason}).",
                      en="`{value}` is not a reporting period of the plan ({reason})."),
         hint=Text(vi="Kỳ báo cáo của kế hoạch này có dạng `{example}`, từ {first} đến {last}.",
                   en="This plan's periods look like `{example}`, from {first} to {last}."),
         example={"value": "2019-03", "variant": "cycle", "cycle": CYCLES["quarter"], "other": CYCLES["month"],
                  "example": "2019-Q1",
                  "first": "Quý I/2017 (`2017-Q1`)", "last": "Quý IV/2020 (`2020-Q4`)"},
         variants={
             "form": {"reason": Text(vi="sai định dạng", en="not a period id")},
             "cycle": {"reason": Text(vi="kế hoạch báo cáo theo {cycle}, không theo {other}",
                                      en="the plan reports by {cycle}, not by {other}")},
             "outside": {"reason": Text(vi="ngoài thời gian của kế hoạch", en="outside the plan's time span")},
         }),
    Rule(code="as-of-outside-window", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày chốt số liệu `as_of` ({value}) nằm ngoài kỳ báo cáo {period} (từ {window_start} đến {window_end}).",
                      en="`as_of` ({value}) is outside {period} ({window_start} to {window_end})."),
         hint=Text(vi="Ghi ngày chốt số liệu trong {period}, thường là {window_end}.",
                   en="Use a date within {period}, usually {window_end}."),
         example={"value": "14/12/2018", "period": "Quý I/2019", "window_start": "15/12/2018", "window_end": "14/03/2019"}),
    Rule(code="date-in-future", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`{key}` ({value}) là một ngày trong tương lai.",
                      en="`{key}` ({value}) is in the future."),
         hint=Text(vi="Chỉ ghi những gì đã xảy ra; kiểm tra lại năm, tháng.",
                   en="Record only what has happened; check the year and month."),
         example={"key": "submitted_on", "value": "18/03/2029"}),
    Rule(code="submitted-before-as-of", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày gửi `submitted_on` ({value}) trước ngày chốt số liệu `as_of` ({as_of}).",
                      en="`submitted_on` ({value}) is before `as_of` ({as_of})."),
         hint=Text(vi="Báo cáo chỉ có thể gửi sau khi chốt số liệu; kiểm tra lại hai ngày.",
                   en="A report is sent after its cut-off; check both dates."),
         example={"value": "10/03/2019", "as_of": "14/03/2019"}),
    Rule(code="duplicate-entry", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` đã được báo cáo ở dòng {first_line} của tệp này.",
                      en="Task `{task}` is already reported on line {first_line} of this file."),
         hint=Text(vi="Gộp hai mục thành một: mỗi nhiệm vụ một mục trong mỗi báo cáo.",
                   en="Merge both: one entry per task per report."),
         example={"task": "2.3", "first_line": 20}),
    Rule(code="unknown-task", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Kế hoạch `{plan}` không có nhiệm vụ `{task}`.",
                      en="Plan `{plan}` has no task `{task}`."),
         hint=Text(vi="Kiểm tra lại số hiệu nhiệm vụ trong kế hoạch (`plan.yaml`).",
                   en="Check the task id in the plan (`plan.yaml`)."),
         example={"plan": "kh-01", "task": "2.30", "variant": "close", "suggestion": "2.3"},
         variants={"close": {"hint": Text(vi="Có phải ý bạn là `{suggestion}`?", en="Did you mean `{suggestion}`?")}}),
    Rule(code="task-not-assigned", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="{agency} không chủ trì cũng không phối hợp nhiệm vụ `{task}`.",
                      en="{agency} neither leads nor supports task `{task}`."),
         hint=Text(vi="Chỉ báo cáo nhiệm vụ được giao. Nhiệm vụ của cơ quan: {assigned}.",
                   en="Report only assigned tasks. This agency's tasks: {assigned}."),
         example={"agency": "Cơ quan A", "task": "3.1", "assigned": "`2.1`, `2.4`"},
         variants={"none": {"hint": Text(vi="Cơ quan này không chủ trì hay phối hợp nhiệm vụ nào của kế hoạch; kiểm tra lại thư mục báo cáo.",
                                         en="This agency has no task in the plan; check the report's folder.")}}),
    Rule(code="entry-before-assigned", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` được giao ngày {assigned}, sau ngày chốt số liệu của báo cáo này ({as_of}).",
                      en="Task `{task}` was given on {assigned}, after this report's `as_of` ({as_of})."),
         hint=Text(vi="Nhiệm vụ chưa có ở kỳ này: xóa mục này và báo cáo nhiệm vụ từ kỳ có ngày chốt số liệu sau ngày giao.",
                   en="The task did not exist yet: remove the entry and report it from the first period after it was given."),
         example={"task": "5.1", "assigned": "13/03/2019", "as_of": "14/12/2018"}),
    Rule(code="lead-only-field", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`{key}` chỉ do cơ quan chủ trì ({lead}) báo cáo; {agency} là cơ quan phối hợp.",
                      en="Only the lead agency ({lead}) reports `{key}`; {agency} supports this task."),
         hint=Text(vi="Xóa dòng `{key}`; ghi kết quả phối hợp vào `result`.",
                   en="Remove `{key}`; describe your contribution in `result`."),
         example={"key": "status", "lead": "Cơ quan A", "agency": "Cơ quan B"}),
    Rule(code="missing-status", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Cơ quan chủ trì phải ghi `status` cho nhiệm vụ `{task}`.",
                      en="The lead must give a `status` for task `{task}`."),
         hint=Text(vi="Thêm `status: not_started`, `in_progress` hoặc `completed`.",
                   en="Add `status: not_started`, `in_progress` or `completed`."),
         example={"task": "2.3"}),
    Rule(code="completed-on-required", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` đã hoàn thành nhưng thiếu ngày hoàn thành `completed_on`.",
                      en="Task `{task}` is completed but `completed_on` is missing."),
         hint=Text(vi="Thêm `completed_on: YYYY-MM-DD` (ngày ban hành văn bản hoặc ngày kết thúc công việc).",
                   en="Add `completed_on: YYYY-MM-DD`."),
         example={"task": "2.3"}),
    Rule(code="completed-on-not-allowed", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`completed_on` chỉ dùng khi `status: completed`.",
                      en="`completed_on` is only allowed with `status: completed`."),
         hint=Text(vi="Xóa `completed_on`, hoặc đổi `status` thành `completed` nếu nhiệm vụ đã xong.",
                   en="Remove `completed_on`, or set `status: completed`.")),
    Rule(code="completed-on-out-of-range", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Ngày hoàn thành {value} sau ngày chốt số liệu {as_of}.",
                      en="The completion date {value} is after `as_of` ({as_of})."),
         hint=Text(vi="Ngày hoàn thành phải trong khoảng từ ngày bắt đầu kế hoạch ({start}) đến ngày chốt số liệu ({as_of}).",
                   en="It must lie between the plan's start ({start}) and `as_of` ({as_of})."),
         example={"value": "20/03/2019", "variant": "after-as-of", "start": "01/01/2017", "as_of": "14/03/2019"},
         variants={
             "after-as-of": {},
             "before-start": {"message": Text(vi="Ngày hoàn thành {value} trước ngày bắt đầu kế hoạch {start}.",
                                              en="The completion date {value} is before the plan's start ({start}).")},
         }),
    Rule(code="progress-mismatch", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="`progress: {value}` không khớp với `status: {status}`: {reason}.",
                      en="`progress: {value}` does not fit `status: {status}`: {reason}."),
         example={"value": "100", "status": "in_progress", "variant": "in_progress-full"},
         variants={
             "completed": {
                 "reason": Text(vi="đã hoàn thành thì tiến độ là 100 (hoặc bỏ trống)", en="completed means 100 or absent"),
                 "hint": Text(vi="Ghi `progress: 100` hoặc xóa dòng `progress`; nếu chưa xong, đổi `status: in_progress`.",
                              en="Use 100 or remove `progress`; if not done, use `status: in_progress`.")},
             "in_progress-full": {
                 "reason": Text(vi="đang thực hiện thì tiến độ phải lớn hơn 0 và nhỏ hơn 100",
                                en="in progress needs 0 < progress < 100"),
                 "hint": Text(vi="Nếu đã xong, ghi `status: completed` và `completed_on`.",
                              en="If done, use `status: completed` with `completed_on`.")},
             "in_progress-zero": {
                 "reason": Text(vi="đang thực hiện thì tiến độ phải lớn hơn 0 và nhỏ hơn 100",
                                en="in progress needs 0 < progress < 100"),
                 "hint": Text(vi="Nếu chưa bắt đầu, ghi `status: not_started`.",
                              en="If not begun, use `status: not_started`.")},
             "not_started": {
                 "reason": Text(vi="chưa bắt đầu thì tiến độ là 0 (hoặc bỏ trống)", en="not started means 0 or absent"),
                 "hint": Text(vi="Nếu đã triển khai, ghi `status: in_progress`.", en="If begun, use `status: in_progress`.")},
         }),
    Rule(code="progress-required", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` đang thực hiện phải ghi `progress` (phần trăm khối lượng đã làm).",
                      en="Task `{task}` is in progress, so `progress` is required."),
         hint=Text(vi="Thêm `progress: <số từ 1 đến 99>`.",
                   en="Add `progress:` between 1 and 99."),
         example={"task": "2.3"}),
    Rule(code="recurring-field", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` là nhiệm vụ thường xuyên nên không có {what}.",
                      en="Task `{task}` is a standing task, so it has no {what}."),
         hint=Text(vi="Xóa dòng này; chỉ ghi `status` và kết quả thực hiện trong kỳ.",
                   en="Remove it; give `status` and the period's results only."),
         example={"task": "1.1", "variant": "progress"},
         variants={
             "status": {"what": Text(vi="trạng thái `completed`", en="`completed` status"),
                        "hint": Text(vi="Nhiệm vụ thường xuyên dùng `status: in_progress` (đã thực hiện trong kỳ) hoặc `not_started`.",
                                     en="Standing tasks use `in_progress` (carried out this period) or `not_started`.")},
             "progress": {"what": _same("`progress`")},
             "completed_on": {"what": _same("`completed_on`")},
         }),
    Rule(code="unknown-indicator", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` không có chỉ tiêu `{value}`.",
                      en="Task `{task}` has no indicator `{value}`."),
         hint=Text(vi="Các chỉ tiêu của nhiệm vụ: {known}.",
                   en="The task's indicators: {known}."),
         example={"task": "3.2", "value": "so-cuoc", "variant": "close", "suggestion": "so-cuoc-thanh-tra",
                  "known": "`so-cuoc-thanh-tra`"},
         variants={
             "close": {"hint": Text(vi="Có phải ý bạn là `{suggestion}`?", en="Did you mean `{suggestion}`?")},
             "none": {"hint": Text(vi="Nhiệm vụ này không có chỉ tiêu; xóa mục `indicators`.",
                                   en="This task has no indicators; remove `indicators`.")},
         }),
    Rule(code="indicator-lead-only", severity=Severity.ERROR, stage=Stage.DATA,
         message=Text(vi="Chỉ tiêu `{value}` lấy số liệu mới nhất của cơ quan chủ trì, nên chỉ cơ quan chủ trì được báo cáo.",
                      en="Indicator `{value}` takes the lead's latest value, so only the lead may report it."),
         hint=Text(vi="Xóa chỉ tiêu này khỏi báo cáo của cơ quan phối hợp; gửi số liệu cho cơ quan chủ trì tổng hợp.",
                   en="Remove it; send the figure to the lead agency instead."),
         example={"value": "ty-le-thi-hanh-an"}),
    # --- warnings that protect the figures ----------------------------------------------
    Rule(code="progress-decreased", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Tiến độ nhiệm vụ `{task}` giảm từ {before} ({previous}) xuống {after} mà không có giải trình.",
                      en="Progress on task `{task}` fell from {before} ({previous}) to {after} without explanation."),
         hint=Text(vi="Nếu đúng, thêm mục `revisions` (ngày, lý do) hoặc giải thích trong `result`/`obstacles`; nếu gõ nhầm, sửa lại số.",
                   en="If correct, add a `revisions` item or explain in `result`/`obstacles`; otherwise fix the figure."),
         example={"task": "2.3", "before": "60%", "previous": "Quý IV/2018", "after": "40%"}),
    Rule(code="reopened", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` đã báo cáo hoàn thành ở {previous} nhưng nay lại là chưa hoàn thành, không có giải trình.",
                      en="Task `{task}` was reported completed in {previous} but is now not completed, without explanation."),
         hint=Text(vi="Nếu đúng, thêm mục `revisions` hoặc giải thích trong `result`/`obstacles`.",
                   en="If correct, add a `revisions` item or explain in `result`/`obstacles`."),
         example={"task": "2.3", "previous": "Quý IV/2018"}),
    Rule(code="stale-report", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Nhiệm vụ `{task}` chưa hoàn thành mà cơ quan chủ trì báo cáo lần cuối ở {last} (kỳ mới nhất: {latest}).",
                      en="Task `{task}` is not completed and its lead last reported it in {last} (latest period: {latest})."),
         hint=Text(vi="Cơ quan chủ trì cần cập nhật tiến độ nhiệm vụ này trong báo cáo {latest}.",
                   en="The lead should report on it in {latest}."),
         example={"task": "4.2", "last": "Quý II/2018", "latest": "Quý I/2019"}),
    Rule(code="ambiguous-number", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="`{key}: {value}` được đọc là số thập phân {read}, không phải {meant}: trong tệp, dấu chấm là dấu thập phân.",
                      en="`{key}: {value}` is read as the decimal number {read}, not {meant}: in the file a dot is a decimal point."),
         hint=Text(vi="Nếu là {meant}, viết `{key}: {meant}` (không dùng dấu chấm phân cách hàng nghìn); "
                      "nếu đúng là số thập phân, viết `{key}: {decimal}` cho khỏi nhầm.",
                   en="If you meant {meant}, write `{key}: {meant}` (no thousands separator); "
                      "if it is a decimal, write `{key}: {decimal}`."),
         example={"key": "so-cuoc-thanh-tra", "value": "4.120", "read": Text(vi="4,12", en="4.12"), "meant": "4120",
                  "decimal": "4.12"}),
    Rule(code="text-after-hash", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Văn bản của `{key}` bị cắt ở dấu `#`: phần `{dropped}` bị coi là chú thích và bỏ đi, chỉ còn `{kept}`.",
                      en="The text of `{key}` is cut at `#`: `{dropped}` is read as a comment and dropped, leaving `{kept}`."),
         hint=Text(vi="Đặt cả văn bản trong ngoặc kép: `{key}: {quoted}`, hoặc viết `{key}: |` rồi xuống dòng, "
                      "thụt vào 2 dấu cách và viết văn bản.",
                   en="Put the whole text in quotes: `{key}: {quoted}`, or write `{key}: |` and the text on the next "
                      "line, indented by 2 spaces."),
         example={"key": "result", "kept": "Đã xử lý", "dropped": "#3 vụ việc", "quoted": "\"Đã xử lý #3 vụ việc\""}),
    Rule(code="repeated-values", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Số liệu chỉ tiêu của nhiệm vụ `{task}` ({values}) giống hệt báo cáo {previous} của cơ quan: "
                         "nếu chép lại từ báo cáo kỳ trước, số liệu bị cộng hai lần.",
                      en="The indicator values of task `{task}` ({values}) are the same as in the agency's {previous} "
                         "report: copied from it, they would be counted twice."),
         hint=Text(vi="Chỉ tiêu cộng dồn ghi số phát sinh trong kỳ này, không ghi số lũy kế hay số của kỳ trước; "
                      "nếu trong kỳ không phát sinh, ghi `0`.",
                   en="Summed indicators take this period's new figures, not a running total or last period's; "
                      "write `0` when there was nothing new."),
         example={"task": "3.2", "values": "`so-cuoc-thanh-tra: 12`", "previous": "Quý IV/2018"}),
    Rule(code="repeated-text", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="`{key}` của nhiệm vụ `{task}` giống hệt báo cáo {previous} của cơ quan (có thể chép lại từ báo cáo kỳ trước).",
                      en="`{key}` of task `{task}` is the same as in the agency's {previous} report (perhaps copied from it)."),
         hint=Text(vi="Ghi nội dung của riêng kỳ này; nếu không có gì mới, xóa dòng `{key}`.",
                   en="Write what happened this period; if nothing is new, remove `{key}`."),
         example={"key": "result", "task": "2.3", "previous": "Quý IV/2018"}),
    Rule(code="empty-report", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Báo cáo {period} không có nội dung mới: không có văn bản, số liệu chỉ tiêu, văn bản làm căn cứ, "
                         "cũng không có trạng thái hay tiến độ nào khác báo cáo {previous}.",
                      en="The {period} report says nothing new: no text, indicator value or document, and no status "
                         "or progress that differs from the {previous} report."),
         hint=Text(vi="Ghi kết quả thực hiện trong kỳ (`summary`, hoặc `result` của từng nhiệm vụ), số liệu và tiến độ mới; "
                      "nếu trong kỳ không có gì mới, ghi rõ điều đó trong `summary`.",
                   en="Give the period's results (`summary`, or each task's `result`), new figures and progress; "
                      "if nothing happened, say so in `summary`."),
         example={"period": "Quý I/2019", "previous": "Quý IV/2018"},
         variants={"first": {
             "message": Text(vi="Báo cáo {period} không có nội dung: không có văn bản, số liệu chỉ tiêu, văn bản làm căn cứ, "
                                "trạng thái hay tiến độ nào.",
                             en="The {period} report is empty: no text, indicator value, document, status or progress.")}}),
    Rule(code="stray-file", severity=Severity.WARNING, stage=Stage.DATA,
         message=Text(vi="Tệp `{name}` không phải tệp YAML nên tiendo không đọc.",
                      en="`{name}` is not a YAML file, so tiendo does not read it."),
         hint=Text(vi="tiendo chỉ đọc `agencies.yaml`, `plans/<kế hoạch>/plan.yaml` và `updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml`. "
                      "Văn bản kèm theo (Word, PDF): đăng lên trang của cơ quan rồi ghi đường dẫn vào mục `documents`; tệp không cần: xóa đi.",
                   en="tiendo reads only `agencies.yaml`, `plans/<plan>/plan.yaml` and `updates/<plan>/<agency>/<period>.yaml`. "
                      "Publish attached documents elsewhere and link them under `documents`; delete files not needed."),
         example={"name": "data/updates/ke-hoach/co-quan-a/bao-cao.docx"}),
    # --- ownership and change control -------------------------------------------------
    Rule(code="codeowners-drift", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="`{file}` không khớp với người duyệt (`reviewers`) trong `agencies.yaml`.",
                      en="`{file}` does not match the reviewers in `agencies.yaml`."),
         hint=Text(vi="Chạy `tiendo codeowners` để tạo lại tệp rồi đưa thay đổi vào cùng pull request.",
                   en="Run `tiendo codeowners` and commit the result with this change."),
         example={"file": ".github/CODEOWNERS"}),
    Rule(code="report-deleted", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="Báo cáo `{file}` đã gửi nay bị xóa.",
                      en="The submitted report `{file}` was deleted."),
         hint=Text(vi="Không xóa báo cáo đã gửi; muốn sửa nội dung thì sửa tệp và thêm mục `revisions` (ngày, lý do).",
                   en="Do not delete a submitted report; edit it and add a `revisions` item instead."),
         example={"file": "data/updates/kh-01/co-quan-a/2018-Q4.yaml"}),
    Rule(code="report-renamed", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="Báo cáo `{old}` đã gửi bị đổi tên hoặc chuyển thành `{file}`.",
                      en="The submitted report `{old}` was renamed or moved to `{file}`."),
         hint=Text(vi="Giữ nguyên tên và chỗ của báo cáo đã gửi; nếu ghi nhầm kỳ hay cơ quan, báo Ban Nội chính để xử lý.",
                   en="Keep submitted reports where they are; ask the tracking office if one was filed wrongly."),
         example={"old": "data/updates/kh-01/co-quan-a/2018-Q4.yaml",
               "file": "data/updates/kh-01/co-quan-a/2019-Q1.yaml"}),
    Rule(code="locked-report-changed", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="Báo cáo kỳ {period} đã khóa từ {locked} ({lock_days} ngày sau hạn gửi {due}) nhưng bị sửa mà không có mục `revisions` mới.",
                      en="The {period} report is locked since {locked} ({lock_days} days after its due date {due}) but was changed without a new `revisions` item."),
         hint=Text(vi="Thêm vào cuối mục `revisions` một dòng `- date: <hôm nay>` và `reason: <lý do sửa>`.",
                   en="Add a `revisions` item (`date`, `reason`) explaining the change."),
         example={"period": "Quý IV/2018", "locked": "04/01/2019", "lock_days": 15, "due": "20/12/2018"}),
    Rule(code="locked-figures-changed", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="Sửa đổi này làm thay đổi số liệu đã công bố của {count} kỳ đã khóa của Kế hoạch {plan}: {changes}.",
                      en="This change rewrites the published figures of {count} locked period(s) of Plan {plan}: {changes}."),
         hint=Text(vi="Không sửa số liệu đã công bố: nhiệm vụ mới giao thì ghi thêm `assigned: <ngày giao>` (nhiệm vụ chỉ được tính từ kỳ được giao trở đi); "
                      "đổi hạn thì giữ `due` cũ và thêm mục `extensions` (`due` mới, `decided_on` ngày quyết định, `decision` số văn bản).",
                   en="Do not rewrite published figures: give a new task `assigned: <date given>` (counted from then on); "
                      "for a new deadline keep `due` and add an `extensions` item (`due`, `decided_on`, `decision`)."),
         example={"count": 2, "plan": "01-KH/TU",
                  "changes": "Quý I/2019 – Quý II/2019 (2 kỳ): Số nhiệm vụ 34 → 35, Nhiệm vụ có thời hạn 29 → 30, "
                             "Quá hạn 5 → 6, Tỷ lệ quá hạn 17,2% → 20,0% (và 3 số liệu khác)"}),
    Rule(code="backdated-report", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="Báo cáo mới thêm ghi ngày gửi `submitted_on` là {submitted_on}, trước hôm nay ({today}) {days} ngày; "
                         "báo cáo mới không được ghi lùi ngày gửi quá {lock_days} ngày.",
                      en="This new report says it was submitted on {submitted_on}, {days} days before today ({today}); "
                         "a new report may not be dated more than {lock_days} days back."),
         hint=Text(vi="Ghi `submitted_on` là ngày thực gửi báo cáo (hôm nay); báo cáo gửi muộn vẫn được nhận và được tính là gửi trễ hạn.",
                   en="Write the day the report is actually submitted (today); a late report is still accepted and counted as late."),
         example={"submitted_on": "20/03/2019", "today": "15/06/2019", "days": 87, "lock_days": 15}),
    Rule(code="not-a-regular-file", severity=Severity.ERROR, stage=Stage.GIT,
         message=Text(vi="`{file}` là liên kết (symbolic link) hoặc kho con, không phải một tệp thường.",
                      en="`{file}` is a symbolic link or a submodule, not a regular file."),
         hint=Text(vi="Thay bằng một tệp YAML thường chứa chính nội dung báo cáo; dữ liệu không được trỏ tới tệp khác.",
                   en="Replace it with a regular YAML file holding the content itself."),
         example={"file": "data/updates/kh-01/co-quan-a/2018-Q4.yaml"}),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _CATALOGUE}
