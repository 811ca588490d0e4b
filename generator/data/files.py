"""What is under a data folder, and reading one of its files: nothing followed, nothing skipped, nothing unbounded.

A pull request can put anything under `data/`: a link to `/proc/self/environ` (the CI runner's
environment in the log), to `/dev/zero` (all memory), or to a copy outside the folder (a locked
report changed later with no change to review); a FIFO; a Word file next to the reports. So the
folder is walked without following links, anything but a regular file or folder is refused and
never opened, a YAML file tiendo would not read is an error, and any other file a warning.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.problems import Problem
from generator.data.reader import MAX_BYTES

YAML_SUFFIXES = (".yaml", ".yml")
# Git's own files: they keep an empty folder in git or set how git treats the files, and are not data.
GIT_FILES = frozenset((".git", ".gitkeep", ".keep", ".gitignore", ".gitattributes"))
# Where the data folder is a git repository of its own (a submodule), git keeps its store: not walked.
GIT_FOLDER = ".git"

_LINK = ("một liên kết (symlink)", "a symbolic link")
_SPECIAL = ("một tệp đặc biệt (FIFO, socket hay thiết bị)", "a special file (FIFO, socket or device)")


@dataclass
class Found:
    """What is under the data folder: the YAML files to read, the plan folders, and what tiendo refused."""

    yaml: list[tuple[str, ...]] = field(default_factory=list)  # YAML files to read, as path parts
    plan_folders: list[str] = field(default_factory=list)
    refused: set[tuple[str, ...]] = field(default_factory=set)  # links and special files


def shown_path(root: Path, parts: tuple[str, ...]) -> str:
    """How a file under the data folder is named to users: `data/updates/...`."""
    return "/".join((root.name, *parts))


def discover(root: Path, problems: list[Problem]) -> Found:
    """Every entry under `root`, as `lstat` sees it (`os.scandir` never follows a link).

    Regular YAML files are to be read; a link (to a file or a folder) or a special file (FIFO, socket,
    device) is an error (`special-file`); a YAML file that is hidden or in a hidden folder is an error
    (`unexpected-file`); any other file is a warning (`stray-file`), except git's own files. Files come
    in sorted order, each folder's files before its subfolders.
    """
    found = Found()
    folders: list[tuple[str, ...]] = [()]
    while folders:
        base = folders.pop()
        try:
            with os.scandir(os.path.join(root, *base)) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(unreadable(shown_path(root, base), exc))
            continue
        subfolders = []
        for entry in entries:
            parts = (*base, entry.name)
            if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
                found.refused.add(parts)
                shown = shown_path(root, parts)
                vi, en = _LINK if entry.is_symlink() else _SPECIAL
                problems.append(Problem("special-file", shown, 1, 1, {"name": shown, "kind": vi, "kind_en": en}))
            elif entry.is_dir(follow_symlinks=False):
                if entry.name != GIT_FOLDER:
                    subfolders.append(parts)
                    if base == ("plans",) and not _hidden(parts):
                        found.plan_folders.append(entry.name)
            elif not entry.name.lower().endswith(YAML_SUFFIXES):
                if entry.name not in GIT_FILES:
                    shown = shown_path(root, parts)
                    problems.append(Problem("stray-file", shown, 1, 1, {"name": shown}))
            elif _hidden(parts):
                problems.append(misplaced(root, parts, hidden=True))
            else:
                found.yaml.append(parts)
        folders.extend(reversed(subfolders))
    return found


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") for part in parts)


def misplaced(root: Path, parts: tuple[str, ...], hidden: bool = False) -> Problem:
    """A YAML file tiendo would not read: reported rather than silently skipped."""
    if hidden:
        advice = ("Tên tệp hoặc thư mục bắt đầu bằng dấu chấm là tệp ẩn, tiendo không đọc; bỏ dấu chấm ở đầu "
                  "tên và đặt tệp đúng chỗ, hoặc xóa tệp nếu không cần.")
        advice_en = ("A name starting with a dot is hidden and tiendo does not read it; drop the leading dot and "
                     "put the file where it belongs, or delete it.")
    elif len(parts) == 4 and parts[0] == "updates":
        stem = parts[3].rsplit(".", 1)[0]
        advice, advice_en = f"Đổi tên tệp thành `{stem}.yaml`.", f"Rename it to `{stem}.yaml`."
    else:
        advice = ("Báo cáo đặt tại `updates/<kế hoạch>/<cơ quan>/<kỳ>.yaml`; kế hoạch tại "
                  "`plans/<kế hoạch>/plan.yaml`; danh mục cơ quan là `agencies.yaml`.")
        advice_en = ("Reports go to `updates/<plan>/<agency>/<period>.yaml`, plans to "
                     "`plans/<plan>/plan.yaml`, the agency list to `agencies.yaml`.")
    shown = shown_path(root, parts)
    return Problem("unexpected-file", shown, 1, 1, {"name": shown, "advice": advice, "advice_en": advice_en})


def unreadable(shown: str, exc: OSError) -> Problem:
    return Problem("missing-file", shown, 1, 1, {
        "expected": shown, "advice": f"Không đọc được: {exc.strerror}.", "advice_en": f"It cannot be read: {exc.strerror}."})


# never through a link (O_NOFOLLOW), never waiting on a FIFO (O_NONBLOCK)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_regular(path: str, limit: int = MAX_BYTES) -> tuple[bytes, int]:
    """The first `limit` + 1 bytes of a regular file, and its size; raises OSError for anything else
    (a link, a FIFO, a device), so a file is never read whole whatever its size."""
    with open(os.open(path, _OPEN_FLAGS), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "không phải tệp thông thường")
        # a buffer of the file's size, not of the limit: 1 MiB per small file tripled the reading time
        return handle.read(min(info.st_size, limit) + 1), info.st_size
