"""Strict reading of one YAML file (data contract, section 2).

The file is parsed into libyaml events (C parser, no implicit typing) and
the events are assembled here into plain Python values: dicts, lists and
strings. Doing the assembly ourselves lets us refuse what the contract
refuses (duplicate keys, anchors, aliases, merge keys, tags, several
documents, deep nesting) at the exact place it occurs, and keep the
position of every key and value for later messages.

Nothing here raises on bad input: `read_document` returns a `Document` or
a list of problems.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from generator.data.problems import Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
NULLS = frozenset(("", "~", "null", "Null", "NULL"))

# C0 and C1 controls except tab, LF, CR; DEL; bidirectional overrides.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# U+2028/U+2029 (pasted from Word or PDF) are line breaks to libyaml but not to editors: every
# line number after one would be off, so they are refused as hidden characters too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

Position = tuple[int, int]  # 1-based line, column


@dataclass(eq=False)
class Document:
    """A file read strictly: its data and where every part of it was written."""

    path: str  # as shown to users (relative to the data folder's parent)
    text: str
    data: Any
    # Positions are needed only to report a problem, so they are gathered on first use by reading
    # the text again: a copy of the data (same shape) and, per container of the copy,
    # {key or index: (mark of the key, mark of the value)} with 0-based marks.
    _copy: Any = field(repr=False, default=None)
    _positions: dict[int, dict[Any, tuple[Any, Any]]] | None = field(repr=False, default=None)

    def _index(self) -> tuple[Any, dict[int, dict[Any, tuple[Any, Any]]]]:
        if self._positions is None:
            builder = _Builder(self.path, track=True)
            builder.run(self.text)  # read once already: cannot fail
            self._copy, self._positions = builder.root, builder.positions
        return self._copy, self._positions

    def locate(self, loc: tuple | list = (), *, key: bool = False) -> Position:
        """Position of the value at `loc` (or of its key), or of the nearest parent that exists."""
        node, positions = self._index()
        position: Position = (1, 1)
        for i, part in enumerate(loc):
            marks = positions.get(id(node)) if isinstance(node, (dict, list)) else None
            if not marks or part not in marks:
                break
            key_mark, value_mark = marks[part]
            mark = key_mark if (key and i == len(loc) - 1) else value_mark
            position = (mark.line + 1, mark.column + 1)
            node = node.get(part) if isinstance(node, dict) else node[part]
        return position

    def has_key(self, loc: tuple | list) -> bool:
        """True when the last part of `loc` was written in the file (even with an empty value)."""
        node, positions = self._index()
        for part in loc[:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return False
        marks = positions.get(id(node)) if isinstance(node, (dict, list)) else None
        return bool(marks) and loc[-1] in marks



_BAD_KEY = object()  # a key that was not a plain scalar: its value is dropped
_COMPLEX = object()  # marks, on the stack, a container that is itself a (refused) key


def _text(value: str) -> str:
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def decode(raw: bytes, path: str, size: int | None = None) -> tuple[str | None, list[Problem]]:
    """Bytes to text, or the reasons the bytes are not acceptable text. `size` is the file's size when
    only its beginning was read (a file is never read past MAX_BYTES + 1)."""
    if len(raw) > MAX_BYTES:
        size = max(size or 0, len(raw))
        return None, [Problem("file-too-large", path, 1, 1, {"size": f"{size:,}".replace(",", ".")})]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [Problem("not-utf8", path, line, column, {"byte": f"0x{raw[exc.start]:02X}"})]
    problems = []
    for match in _FORBIDDEN.finditer(text):
        line, column = _line_column(text, match.start())
        rule = "bidi-character" if _BIDI.match(match.group()) else "control-character"
        problems.append(Problem(rule, path, line, column, {"char": f"U+{ord(match.group()):04X}"}))
    if problems:
        return None, problems
    return text, []


def _line_column(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def read_document(raw: bytes, path: str, size: int | None = None) -> tuple[Document | None, list[Problem]]:
    """Read one file strictly. Returns (document, []) or (None, problems)."""
    text, problems = decode(raw, path, size)
    if text is None:
        return None, problems
    builder = _Builder(path)
    try:
        builder.run(text)
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(_syntax_problem(exc, path, text))
    except yaml.YAMLError as exc:  # unmarked reader errors
        builder.problems.append(Problem("yaml-syntax", path, 1, 1, _syntax_params(str(exc))))
    except _Stop:
        pass
    if builder.problems:
        return None, builder.problems
    return Document(path, text, builder.root), []


class _Stop(Exception):
    """Reading cannot usefully go on (nesting too deep)."""


class _Builder:
    """Turns a libyaml event stream into values and positions."""

    def __init__(self, path: str, track: bool = False) -> None:
        self.path = path
        self.track = track  # record the position of every key and value
        self.problems: list[Problem] = []
        self.root: Any = None
        self.positions: dict[int, dict] = {}

    def _problem(self, rule: str, mark: Any, **params: Any) -> None:
        self.problems.append(Problem(rule, self.path, mark.line + 1, mark.column + 1, params))

    def run(self, text: str) -> None:
        parser = yaml.CBaseLoader(text)
        try:
            # anchors, aliases and tags need `&`, `*` or `!` somewhere, escapes a `\`: skip their checks when absent
            self._events(parser.get_event, "&" in text or "*" in text or "!" in text, "\\" in text)
        finally:
            parser.dispose()

    def _events(self, get_event, exotic: bool, escapes: bool) -> None:
        stack: list[tuple[Any, bool, dict, Any, Any]] = []
        current: Any = None  # the open container
        in_map = False  # current is a dict
        marks: dict = {}  # its positions
        key: Any = None  # in a dict: the key waiting for its value
        key_mark: Any = None
        documents = 0
        positions = self.positions
        track = self.track
        while True:
            event = get_event()
            kind = event.__class__
            if kind is ScalarEvent:
                if exotic:
                    self._exotic(event)
                value: Any = event.value
                plain = not event.style
                if plain and value in NULLS:
                    value = None
                elif not value.isascii():
                    value = _text(value)
                if escapes and event.style == '"':  # only double-quoted text has escapes, and the file has a `\`
                    self._escaped(value, event.start_mark)
                if in_map:
                    if key is None:  # this scalar is a key
                        if value is None:
                            value = ""
                        elif plain and value == "<<":
                            self._problem("merge-key", event.start_mark)
                        if value in marks:
                            first = marks[value]
                            first = (first[0] if track else first).line + 1
                            self._problem("duplicate-key", event.start_mark, key=value, first_line=first)
                        key, key_mark = value, event.start_mark
                        if not track:
                            marks[key] = key_mark
                        continue
                    if key is not _BAD_KEY:
                        if track:
                            marks[key] = (key_mark, event.start_mark)
                        if value is not None:
                            current[key] = value
                    key = None
                elif current is not None:
                    if track:
                        mark = event.start_mark
                        marks[len(current)] = (mark, mark)
                    current.append(value)
                else:
                    self.root = value
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                current, in_map, marks, key, key_mark = stack.pop()
                # the container just closed was a key's value, or itself a key whose value is to be dropped
                key = _BAD_KEY if key is _COMPLEX else None
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if exotic:
                    self._exotic(event)
                if len(stack) >= MAX_DEPTH:
                    self._problem("too-deep", event.start_mark, limit=MAX_DEPTH)
                    raise _Stop
                new: Any = {} if kind is MappingStartEvent else []
                new_marks: dict = {}
                here = event.start_mark
                if track:
                    positions[id(new)] = new_marks
                if in_map:
                    if key is None:
                        self._problem("complex-key", here)
                        key = _COMPLEX
                    elif key is not _BAD_KEY:
                        if track:
                            marks[key] = (key_mark, here)
                        current[key] = new
                elif current is not None:
                    if track:
                        marks[len(current)] = (here, here)
                    current.append(new)
                else:
                    self.root = new
                stack.append((current, in_map, marks, key, key_mark))
                current, in_map, marks, key, key_mark = new, kind is MappingStartEvent, new_marks, None, None
            elif kind is StreamEndEvent:
                return
            elif kind is AliasEvent:
                self._problem("alias", event.start_mark, name=event.anchor)
                # stand in for the missing value so the mapping stays well formed
                if in_map:
                    if key is None:
                        key, key_mark = _BAD_KEY, event.start_mark
                    else:
                        key = None
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._problem("multiple-documents", event.start_mark)
                    raise _Stop

    def _escaped(self, value: str, mark: Any) -> None:
        """A hidden character written as an escape (`"\\e"`, `"\\u202E"`): refused like one typed raw
        (the text itself was checked in `decode`), at the start of the value."""
        for char in dict.fromkeys(_FORBIDDEN.findall(value)):
            self._problem("escaped-control-character", mark, char=f"U+{ord(char):04X}")

    def _exotic(self, event: Any) -> None:
        if event.anchor is not None:
            self._problem("anchor", event.start_mark, name=event.anchor)
        if event.tag is not None:
            tag = event.tag
            if tag.startswith("tag:yaml.org,2002:"):
                tag = "!!" + tag[len("tag:yaml.org,2002:"):]
            self._problem("tag", event.start_mark, tag=tag)


# libyaml's problems, told the way a clerk can act on them
_SYNTAX_ADVICE: list[tuple[str, str, str, str]] = [
    ("mapping values are not allowed",
     "dấu `:` đặt sai chỗ.",
     "Nếu văn bản có dấu `: `, đặt cả văn bản trong ngoặc kép hoặc dùng khối `|`; kiểm tra thụt lề dòng trên.",
     "If the text contains `: `, quote it or use a `|` block; check the indentation above."),
    ("could not find expected ':'",
     "thiếu dấu `:` sau tên trường.",
     "Mỗi dòng có dạng `tên: giá trị`; văn bản nhiều dòng đặt trong khối `|`.",
     "Each line reads `name: value`; put multi-line text in a `|` block."),
    ("tab character",
     "dùng ký tự tab để thụt lề.",
     "Thay tab bằng dấu cách (2 dấu cách mỗi cấp).",
     "Indent with spaces, not tabs."),
    ("did not find expected key",
     "thụt lề không đúng hoặc thiếu tên trường.",
     "Các trường cùng cấp phải thẳng cột; kiểm tra dòng này và dòng trên.",
     "Keys at one level must line up; check this line and the one above."),
    ("did not find expected '-' indicator",
     "phần tử danh sách không thẳng cột.",
     "Các dòng `- ` của cùng một danh sách phải thẳng cột.",
     "Align the `- ` items of one list."),
    ("did not find expected node content",
     "thiếu giá trị.",
     "Điền giá trị sau dấu `:` hoặc `- `.",
     "Add the missing value."),
    ("found character that cannot start any token",
     "ký tự này không được đứng đầu một giá trị.",
     "Đặt giá trị trong ngoặc kép, ví dụ `\"@nguoi-duyet\"` hoặc `\"`…`\"`.",
     "Put the value in quotes."),
    ("found unknown escape character",
     "ký tự `\\` không hợp lệ trong ngoặc kép.",
     "Dùng ngoặc đơn `'…'` hoặc khối `|` cho văn bản có dấu `\\`.",
     "Use single quotes or a `|` block for text with backslashes."),
    ("found unexpected end of stream",
     "tệp kết thúc khi chưa đóng ngoặc kép hoặc ngoặc.",
     "Kiểm tra dấu ngoặc kép, ngoặc vuông, ngoặc nhọn chưa đóng.",
     "Look for an unclosed quote or bracket."),
    ("expected <block end>",
     "thụt lề không đúng.",
     "Các trường cùng cấp phải thẳng cột; dòng tiếp theo của văn bản dài đặt trong khối `|`.",
     "Keys at one level must line up; put long text in a `|` block."),
    ("expected ',' or ']'",
     "danh sách trong ngoặc vuông viết sai.",
     "Các phần tử cách nhau bằng dấu phẩy: `[cong-an-tp, vks-tp]`.",
     "Separate items with commas: `[a, b]`."),
    ("expected ',' or '}'",
     "cấu trúc trong ngoặc nhọn viết sai.",
     "Các cặp `tên: giá trị` cách nhau bằng dấu phẩy.",
     "Separate pairs with commas."),
    ("unacceptable character",
     "có ký tự không được phép.",
     "Xóa ký tự này.",
     "Delete the character."),
]


def _syntax_params(problem: str) -> dict[str, str]:
    for needle, detail, advice, advice_en in _SYNTAX_ADVICE:
        if needle in problem:
            return {"detail": detail, "detail_en": problem, "advice": advice, "advice_en": advice_en}
    return {"detail": problem, "detail_en": problem, "advice": "Kiểm tra thụt lề, dấu `:` và dấu ngoặc quanh vị trí này.",
            "advice_en": "Check the indentation, colons and quotes around here."}


# problems whose real cause is where libyaml's context starts (an opening quote, a key missing its space)
_AT_CONTEXT = ("found unexpected end of stream", "could not find expected ':'")


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and any(needle in problem for needle in _AT_CONTEXT):
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    if 0 < line <= len(lines) and lines[line - 1][column - 1: column] == "\t":
        problem = "found a tab character " + problem
    if "nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
        return Problem("too-deep", path, line, column, {"limit": MAX_DEPTH})
    return Problem("yaml-syntax", path, line, column, _syntax_params(problem))
