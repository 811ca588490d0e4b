"""Showing problems: like a compiler on a terminal, as JSON, or as GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from generator.data.problems import Problem, count

_LABEL = {"vi": {"error": "lỗi", "warning": "cảnh báo", "fix": "Cách sửa"},
          "en": {"error": "error", "warning": "warning", "fix": "Fix"}}


def sort(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


class SourceLines:
    """Reads the lines of the files problems point at (paths relative to `base`)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._cache: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str:
        if file not in self._cache:
            try:
                text = (self.base / file).read_bytes().decode("utf-8", "replace")
            except OSError:
                text = ""
            self._cache[file] = text.lstrip("\ufeff").splitlines()
        lines = self._cache[file]
        return lines[number - 1] if 0 < number <= len(lines) else ""


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
    for problem in sort(problems):
        colour = "red" if problem.is_error else "yellow"
        console.print(
            f"[bold]{escape(problem.file)}:{problem.line}:{problem.column}[/bold]: "
            f"[{colour} bold]{labels[problem.severity]}[/] [dim]\\[{problem.rule}][/dim] {escape(problem.message(lang))}",
            highlight=False, soft_wrap=True,
        )
        source = sources.line(problem.file, problem.line)
        if source:
            gutter = f"{problem.line:>5} | "
            console.print(f"[dim]{gutter}[/dim]{escape(source.expandtabs(1))}", highlight=False, soft_wrap=True)
            console.print(" " * (len(gutter) - 2) + "[dim]|[/dim] " + " " * (problem.column - 1) + f"[{colour}]^[/]",
                          highlight=False)
        hint = problem.hint(lang)
        if hint:
            console.print(f"      [cyan]{labels['fix']}:[/cyan] {escape(hint)}", highlight=False, soft_wrap=True)
        console.print()
    console.print(summary_line(problems, files, lang), style="bold green" if not problems else "bold",
                  highlight=False)


def to_json(problems: list[Problem], lang: str) -> str:
    return json.dumps([p.as_dict(lang) for p in sort(problems)], ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem], lang: str) -> Iterator[str]:
    """Workflow commands; data is escaped so a report cannot forge a command."""
    for p in sort(problems):
        level = "error" if p.is_error else "warning"
        title = f"{p.rule}"
        body = p.message(lang)
        hint = p.hint(lang)
        if hint:
            body += "\n" + _LABEL.get(lang, _LABEL["vi"])["fix"] + ": " + hint
        yield (f"::{level} file={_escape_property(p.file)},line={p.line},col={p.column},"
               f"title={_escape_property(title)}::{_escape_data(body)}")


def _cell(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\r", " ").replace("\n", "<br>"))


MAX_SUMMARY = 1024 * 1024 - 4096


def github_summary(problems: list[Problem], files: int, lang: str) -> str:
    """A Markdown table of every problem for $GITHUB_STEP_SUMMARY (kept under its 1 MiB limit)."""
    labels = _LABEL.get(lang, _LABEL["vi"])
    head = "Kết quả kiểm tra dữ liệu" if lang != "en" else "Data check"
    lines = [f"### {head}", "", summary_line(problems, files, lang), ""]
    if problems:
        columns = ("Tệp", "Dòng", "Cột", "Mức", "Mã", "Nội dung", "Cách sửa") if lang != "en" else (
            "File", "Line", "Column", "Severity", "Rule", "Message", "Fix")
        lines += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    size = sum(len(line.encode()) + 1 for line in lines)
    for shown, p in enumerate(sort(problems)):
        row = (f"| `{_cell(p.file)}` | {p.line} | {p.column} | {labels[p.severity]} | `{p.rule}` | "
               f"{_cell(p.message(lang))} | {_cell(p.hint(lang))} |")
        size += len(row.encode()) + 1
        if size > MAX_SUMMARY:
            rest = len(problems) - shown
            lines.append("")
            lines.append(f"… và {rest} vấn đề khác (xem nhật ký)." if lang != "en" else f"… and {rest} more (see the log).")
            break
        lines.append(row)
    return "\n".join(lines) + "\n"
