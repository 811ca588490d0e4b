"""Checking a data folder: load and validate it, then compare it with git (ownership, change control).

This is what `tiendo validate` runs, and the first step of every command that reads the data.
"""

from __future__ import annotations

from datetime import date

from generator.data.load import Dataset, load
from generator.data.problems import Problem, has_errors
from generator.data.validate import validate
from generator.git.codeowners import drift


def check(root, today: date, base: str | None = None) -> tuple[Dataset, list[Problem]]:
    """Load and validate a data folder: every problem of every file. With `base` (a git revision),
    also the change-control rules against it (raises gitrepo.GitError when git cannot answer)."""
    data, problems = load(root)
    problems += validate(data, today)
    computable = not has_errors(problems)
    problems += drift(data, data.root.parent, data.root.name)
    if base is not None:
        from generator.git.changes import change_control  # git itself: only against a base revision

        problems += change_control(data, base, today, computable)
    return data, problems


def focus(data: Dataset, problems: list[Problem], base: str) -> tuple[list[Problem], int]:
    """What a change's author needs to see (contract section 10): every error, and warnings only in the
    files the change touches; with the number of warnings left out."""
    from generator.git.changes import touched_files

    touched = touched_files(data, base)
    shown = [p for p in problems if p.is_error or p.file in touched]
    return shown, len(problems) - len(shown)
