"""Checking a data folder: load and validate it, then compare it with git (ownership, change control).

This is what `tiendo validate` runs, and the first step of every command that reads the data.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from generator.data.load import Dataset, load
from generator.data.problems import Problem, has_errors
from generator.data.validate import validate
from generator.git.codeowners import drift

if TYPE_CHECKING:
    from generator.git.changes import Comparison


def check(root, today: date, base: str | None = None) -> tuple[Dataset, list[Problem]]:
    """Load and validate a data folder: every problem of every file. With `base` (a git revision),
    also the change-control rules against it (raises gitrepo.GitError when git cannot answer)."""
    data, problems, _ = check_change(root, today, base)
    return data, problems


def check_change(root, today: date, base: str | None = None) -> tuple[Dataset, list[Problem], Comparison | None]:
    """`check`, and with `base` what git says the change touches (asked once, for the rules and `focus`)."""
    data, problems = load(root)
    problems += validate(data, today)
    computable = not has_errors(problems)
    problems += drift(data, data.root.parent, data.root.name)
    comparison = None
    if base is not None:
        from generator.git.changes import change_control, compare  # git itself: only against a base revision

        comparison = compare(data, base)
        problems += change_control(data, comparison, today, computable)
    return data, problems, comparison


def focus(data: Dataset, problems: list[Problem], comparison: Comparison) -> tuple[list[Problem], int]:
    """What a change's author needs to see (contract section 10): every error, and warnings only in the
    files the change touches; with the number of warnings left out."""
    touched = comparison.touched(data)
    shown = [p for p in problems if p.is_error or p.file in touched]
    return shown, len(problems) - len(shown)
