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

# The bytes that can begin a _FORBIDDEN character in UTF-8: C0 controls and DEL are themselves, C1
# controls are \xc2\x80-\xc2\x9f, the others \xe2\x80... and \xe2\x81... . Text whose bytes all lie
# outside them (most files: Vietnamese letters begin with \xc3-\xc6 or \xe1) is not searched.
_SUSPECT = frozenset((*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xE2))
_INNOCENT = bytes(b for b in range(256) if b not in _SUSPECT)  # deleted by bytes.translate: the suspects remain

Position = tuple[int, int]  # 1-based line, column


@dataclass(frozen=True)
class CutText:
    """An unquoted one-line value followed on its line by ` #`: YAML keeps `kept` and drops the rest as a comment."""

    loc: tuple  # where the value is (keys and list indexes)
    line: int  # 1-based position of the value
    column: int
    kept: str  # the value as read
    written: str  # the whole line from the value on: what the writer most likely meant


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
    cut_texts: list[CutText] = field(default_factory=list)  # values a ` #` on their line cut short

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
    if not raw.translate(None, _INNOCENT):  # no byte that can start a forbidden character: none to look for
        return text, []
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
    return Document(path, text, builder.root, cut_texts=builder.cut_texts), []


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
        self.cut_texts: list[CutText] = []
        self._lines: list[str] | None = None  # the text's lines, split only when a ` #` may cut a value

    def _problem(self, rule: str, mark: Any, **params: Any) -> None:
        self.problems.append(Problem(rule, self.path, mark.line + 1, mark.column + 1, params))

    def run(self, text: str) -> None:
        parser = yaml.CBaseLoader(text)
        # a comment after a value needs a blank and `#`: the first reading looks for cut values only then
        if not self.track and (" #" in text or "\t#" in text):
            self._lines = text.split("\n")
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
        lines = self._lines
        is_nfc = unicodedata.is_normalized
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
                elif not value.isascii() and not is_nfc("NFC", value):  # text in one Unicode form (NFC)
                    value = unicodedata.normalize("NFC", value)
                if lines is not None and plain and value is not None and not (in_map and key is None):
                    self._cut_text(event, value, lines, stack, current, in_map, key)
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

    def _cut_text(self, event: Any, value: str, lines: list[str], stack: list, current: Any, in_map: bool,
                  key: Any) -> None:
        """Record a one-line plain value that a ` #` later on its line cut short (contract section 9)."""
        start, end = event.start_mark, event.end_mark
        if start.line != end.line:
            return
        rest = lines[end.line][end.column:].rstrip("\r")
        if not rest[:1].isspace() or not rest.lstrip().startswith("#"):
            return
        if current is None:  # the whole file is one value
            return
        loc: list[Any] = []
        for parent, parent_in_map, _, parent_key, _ in stack:
            if parent is not None:
                loc.append(parent_key if parent_in_map else len(parent) - 1)
        loc.append(key if in_map else len(current))
        if any(part is _BAD_KEY or part is _COMPLEX for part in loc):
            return
        written = lines[start.line][start.column:].rstrip("\r").rstrip()
        self.cut_texts.append(CutText(tuple(loc), start.line + 1, start.column + 1, value, written))

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


# libyaml's problems, by the variant of `yaml-syntax` that tells each the way a clerk can act on it
_SYNTAX_VARIANTS: list[tuple[str, str]] = [
    ("mapping values are not allowed", "colon-in-text"),
    ("could not find expected ':'", "missing-colon"),
    ("tab character", "tab"),
    ("did not find expected key", "key-expected"),
    ("did not find expected '-' indicator", "item-expected"),
    ("did not find expected node content", "value-expected"),
    ("found character that cannot start any token", "bad-start"),
    ("did not find expected alphabetic or numeric character", "anchor-sign"),
    ("found unknown escape character", "backslash"),
    ("found unexpected end of stream", "unclosed"),
    ("expected <block end>", "block-end"),
    ("expected ',' or ']'", "flow-list"),
    ("expected ',' or '}'", "flow-mapping"),
    ("unacceptable character", "bad-character"),
]


def _syntax_params(problem: str) -> dict[str, str]:
    variant = next((name for needle, name in _SYNTAX_VARIANTS if needle in problem), "other")
    return {"variant": variant, "problem": problem}


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
