"""Problems found in the data: where, which rule, and the words for a clerk.

A problem stores the rule code and the values to fill in; the message is
rendered in the reader's language only when it is shown, so one run can
print Vietnamese on the console and English in a JSON file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.data.rules import RULES


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    file: str
    line: int = 1
    column: int = 1
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise KeyError(f"unknown rule code {self.rule!r}")

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str = "vi") -> str:
        return RULES[self.rule].render_message(lang, self.params)

    def hint(self, lang: str = "vi") -> str:
        return RULES[self.rule].render_hint(lang, self.params)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule)

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


def count(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def add_at(problems: list[Problem], rule: str, doc, loc: Iterable, *, at_key: bool = False, **params) -> None:
    """Add a problem of `rule` at the value (or, `at_key`, the key) found at `loc` in `doc` (a reader.Document)."""
    line, column = doc.locate(tuple(loc), key=at_key)
    problems.append(Problem(rule, doc.path, line, column, params))
