"""Showing problems: like a compiler on a terminal, as JSON, or as GitHub annotations.

Everything shown comes from the data (file names, keys, values, source lines), so it is shown as text,
never as instructions: hidden and control characters appear as visible escapes (`\x1b`, `\u202e`,
`\n`), so no line of data can start a GitHub workflow command (`::`) or drive the terminal, and
rich reads no markup or emoji codes in it. A report cannot flood a log either: a long source line
is clipped around its column and shown once however many problems it has, and at most MAX_PER_FILE
problems of one file are listed (text, annotations, job summary); the JSON lists them all, for tools.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from generator.data.files import read_regular
from generator.data.problems import Problem, count
from generator.formatting import vi_number

_LABEL = {"vi": {"error": "lỗi", "warning": "cảnh báo", "fix": "Cách sửa"},
          "en": {"error": "error", "warning": "warning", "fix": "Fix"}}
_MORE = {"vi": "… và {n} vấn đề khác trong tệp {file}: sửa các lỗi trên rồi chạy lại, hoặc xem tất cả bằng "
               "`tiendo validate --format json`.",
         "en": "… and {n} more problems in {file}: fix those above and run again, or list them all with "
               "`tiendo validate --format json`."}
MAX_PER_FILE = 50  # problems listed per file; GitHub itself shows only 10 error annotations per step
SOURCE_WIDTH = 120  # characters of a source line shown around the column

# Characters that are invisible or act on a terminal or a CI log: Unicode categories Cc (controls; tab
# is kept), Cf (format: bidirectional controls, zero-width characters, tags), Zl and Zp (line and
# paragraph separators), and lone surrogates (a file name that is not UTF-8).
_HIDDEN_RANGES = ((0x00, 0x08), (0x0A, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C),
                  (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E),
                  (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF),
                  (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
                  (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
                  (0xE0020, 0xE007F))


def _char_class(ranges) -> re.Pattern:
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


_HIDDEN = _char_class(_HIDDEN_RANGES)
_HIDDEN_IN_JSON = _char_class(r for r in _HIDDEN_RANGES if r[0] >= 0x20)  # json.dumps escapes the C0 ones
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def clean(text: str) -> str:
    """Text from the data, safe to print on a terminal or in a CI log: hidden characters made visible."""
    return _HIDDEN.sub(_visible, text)


def shown(value: object) -> str:
    """A value from the data or the command line (a name, a path, a code) inside a message printed with
    Rich markup: hidden characters made visible and brackets kept as written, never read as markup."""
    from rich.markup import escape

    return escape(clean(str(value)))


def sort(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def by_file(problems: list[Problem]) -> Iterator[tuple[str, list[Problem], int]]:
    """(file, its first MAX_PER_FILE problems in order, how many more), file by file."""
    for file, group in groupby(sort(problems), key=lambda p: p.file):
        found = list(group)
        yield file, found[:MAX_PER_FILE], max(0, len(found) - MAX_PER_FILE)


def more_line(hidden: int, file: str, lang: str) -> str:
    return _MORE.get(lang, _MORE["vi"]).format(n=vi_number(hidden) if lang != "en" else f"{hidden:,}",
                                               file=clean(file))


class SourceLines:
    """Reads the lines of the files problems point at (paths relative to `base`).

    Only regular files reached without a link are read, and only their first MAX_BYTES (a link or a
    special file is refused by the loader, and its target must not reach the log through this echo).
    Lines are split at LF only, as the positions are counted."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._cache: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str:
        if file not in self._cache:
            self._cache[file] = self._read(file)
        lines = self._cache[file]
        return lines[number - 1].removesuffix("\r") if 0 < number <= len(lines) else ""

    def _read(self, file: str) -> list[str]:
        path = os.path.abspath(os.path.join(self.base, file))
        if os.path.realpath(path) != path:  # a link on the way
            return []
        try:
            raw, _ = read_regular(path)
        except OSError:
            return []
        return raw.decode("utf-8", "replace").removeprefix("\ufeff").split("\n")


def excerpt(source: str, column: int, width: int = SOURCE_WIDTH) -> tuple[str, int]:
    """The source line around `column` (at most `width` characters, `…` where clipped), made safe to
    print, and the number of terminal cells before the column (where the caret goes)."""
    source = source.expandtabs(1)
    index = min(max(column - 1, 0), len(source))
    start = 0 if len(source) <= width else min(max(index - width // 2, 0), len(source) - width)
    end = start + width
    before = ("…" if start else "") + clean(source[start:index])
    return before + clean(source[index:end]) + ("…" if end < len(source) else ""), cell_len(before)


def summary_line(problems: list[Problem], files: int, lang: str) -> str:
    errors, warnings = count(problems)
    if lang == "en":
        if not problems:
            return f"All good: {files} files checked, no problems."
        return f"{errors} error(s), {warnings} warning(s) in {len({p.file for p in problems})} of {files} files."
    if not problems:
        return f"Dữ liệu hợp lệ: đã kiểm tra {files} tệp, không có lỗi."
    return f"Có {errors} lỗi, {warnings} cảnh báo trong {len({p.file for p in problems})}/{files} tệp."


def print_text(problems: list[Problem], sources: SourceLines, files: int, lang: str, console: Console) -> None:
    labels = _LABEL.get(lang, _LABEL["vi"])

    def show(*parts: tuple[str, str]) -> None:
        console.print(Text.assemble(*parts), soft_wrap=True, highlight=False)

    for file, shown, hidden in by_file(problems):
        previous_line = None
        for problem in shown:
            colour = "red" if problem.is_error else "yellow"
            show((f"{clean(file)}:{problem.line}:{problem.column}", "bold"), (": ", ""),
                 (labels[problem.severity], f"{colour} bold"), (" ", ""), (f"[{problem.rule}]", "dim"),
                 (" " + clean(problem.message(lang)), ""))
            source = sources.line(file, problem.line) if problem.line != previous_line else ""
            previous_line = problem.line
            if source:
                gutter = f"{problem.line:>5} | "
                line, offset = excerpt(source, problem.column)
                show((gutter, "dim"), (line, ""))
                show((" " * (len(gutter) - 2), ""), ("|", "dim"), (" " * (offset + 1), ""), ("^", colour))
            hint = problem.hint(lang)
            if hint:
                show((f"      {labels['fix']}:", "cyan"), (" " + clean(hint), ""))
            console.print()
        if hidden:
            show((more_line(hidden, file, lang), "bold"))
            console.print()
    console.print(summary_line(problems, files, lang), style="bold green" if not problems else "bold",
                  highlight=False, markup=False, emoji=False)


def to_json(problems: list[Problem], lang: str) -> str:
    """Every problem (no cap: for tools); hidden characters in the data as JSON escapes (`\\u202e`)."""
    text = json.dumps([p.as_dict(lang) for p in sort(problems)], ensure_ascii=False, indent=2)
    return _HIDDEN_IN_JSON.sub(lambda m: json.dumps(m.group())[1:-1], text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem], lang: str) -> Iterator[str]:
    """Workflow commands, at most MAX_PER_FILE per file; data is escaped so a report cannot forge one."""
    fix = _LABEL.get(lang, _LABEL["vi"])["fix"]
    for file, shown, _ in by_file(problems):
        where = _escape_property(clean(file))
        for p in shown:
            level = "error" if p.is_error else "warning"
            body = clean(p.message(lang))
            hint = p.hint(lang)
            if hint:
                body += "\n" + fix + ": " + clean(hint)
            yield (f"::{level} file={where},line={p.line},col={p.column},"
                   f"title={_escape_property(p.rule)}::{_escape_data(body)}")


_MARKDOWN = re.compile(r"([\\`*_\[\]()!~|])")


def _cell(text: str) -> str:
    """Data in a Markdown table cell: shown as written, never as a link, image, code or table syntax."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


MAX_SUMMARY = 1024 * 1024 - 4096


def github_summary(problems: list[Problem], files: int, lang: str) -> str:
    """A Markdown table of the problems for $GITHUB_STEP_SUMMARY (at most MAX_PER_FILE per file, and
    kept under GitHub's 1 MiB limit)."""
    labels = _LABEL.get(lang, _LABEL["vi"])
    head = "Kết quả kiểm tra dữ liệu" if lang != "en" else "Data check"
    lines = [f"### {head}", "", summary_line(problems, files, lang), ""]
    if problems:
        columns = ("Tệp", "Dòng", "Cột", "Mức", "Mã", "Nội dung", "Cách sửa") if lang != "en" else (
            "File", "Line", "Column", "Severity", "Rule", "Message", "Fix")
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    size = sum(len(line.encode()) + 1 for line in lines)
    rows = []
    for file, shown, hidden in by_file(problems):
        for p in shown:
            rows.append(f"| {_cell(p.file)} | {p.line} | {p.column} | {labels[p.severity]} | `{p.rule}` | "
                        f"{_cell(p.message(lang))} | {_cell(p.hint(lang))} |")
        if hidden:
            rows.append(f"| {_cell(file)} | | | | | {_cell(more_line(hidden, file, lang))} | |")
    for index, row in enumerate(rows):
        size += len(row.encode()) + 1
        if size > MAX_SUMMARY:
            rest = len(rows) - index
            lines.append("")
            lines.append(f"… và {rest} dòng khác (xem nhật ký)." if lang != "en" else f"… and {rest} more rows (see the log).")
            break
        lines.append(row)
    return "\n".join(lines) + "\n"
