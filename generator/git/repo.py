"""Reading the data's git history: files at a revision, what changed, who changed it when.

Everything goes through the `git` command (no library binding): it is on every
machine that has the repository. Its output is read in the forms that no file
name or commit text can forge: NUL-separated lists (`-z`), object ids, and
objects read whole with their sizes (`cat-file --batch`). Revisions from users
are resolved to an object id first, behind `--end-of-options`, so none can be
taken for an option. Needs git 2.30 or later.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


def run_git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False,
                                timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"không chạy được git: {exc}") from exc
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} thất bại")
    return result.stdout


def toplevel(path: Path) -> Path | None:
    """The repository holding `path`, or None (a tarball, no git)."""
    try:
        return Path(run_git(path, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").removesuffix("\n"))
    except GitError:
        return None


def locate(data_dir: Path) -> tuple[Path, str]:
    """(repository root, the data folder's path inside it). Raises GitError outside a repository."""
    data_dir = data_dir.resolve()
    root = toplevel(data_dir)
    if root is None:
        raise GitError(f"{data_dir} không nằm trong một kho git")
    return root, data_dir.relative_to(root.resolve()).as_posix()


def resolve(repo: Path, revision: str) -> str:
    """The commit id a revision names. A revision is never read as an option, even one starting with `-`."""
    unknown = GitError(f"không tìm thấy phiên bản `{revision}` trong kho git")
    if not revision or revision.startswith("-"):
        raise unknown
    try:
        out = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except GitError:
        raise unknown from None
    return out.decode("ascii").strip()


def extract(repo: Path, revision: str, inside: str, destination: Path) -> Path:
    """Write the folder `inside` as it was at `revision` under `destination`; returns its copy.
    Only regular files are written: a symbolic link in the repository is not followed."""
    commit = resolve(repo, revision)
    target = destination / Path(inside).name
    target.mkdir(parents=True, exist_ok=True)
    try:
        archive = run_git(repo, "archive", "--format=tar", commit, "--", inside)
    except GitError:  # the folder did not exist yet at that revision
        return target
    prefix = inside.rstrip("/") + "/"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                relative = Path(member.name[len(prefix):])
                if ".." in relative.parts or relative.is_absolute():
                    continue
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(tar.extractfile(member).read())
    return target


def folders(repo: Path, revision: str, folder: str) -> list[str]:
    """The names of the folders directly inside `folder` at `revision` (none when it did not exist)."""
    out = run_git(repo, "ls-tree", "-z", "-d", "--name-only", "--end-of-options", resolve(repo, revision), "--",
                  folder.rstrip("/") + "/")
    return [path.rsplit("/", 1)[-1] for path in out.decode("utf-8", "replace").split("\0") if path]


SYMLINK = "120000"


@dataclass(frozen=True)
class Change:
    """One file changed between two trees, as `git diff --raw` tells it."""

    status: str  # A added, M modified, T type changed (e.g. a file replaced by a symbolic link), D deleted, R renamed
    path: str  # path inside the repository (the new one for a rename)
    old_path: str | None = None  # for a rename
    new_mode: str = ""  # 100644 file, 100755 executable, 120000 symbolic link, 160000 submodule; 000000 deleted
    old_blob: str = ""  # object ids; all zeros when absent (or not yet hashed, in the working tree)
    new_blob: str = ""

    @property
    def modified(self) -> bool:
        """The content or the kind of an existing file changed: every reader treats T as M."""
        return self.status in ("M", "T")

    @property
    def regular_file(self) -> bool:
        return self.new_mode in ("100644", "100755")


def _raw_changes(tokens: list[str], i: int) -> tuple[list[Change], int]:
    """The `--raw -z` records from NUL-split tokens at `i` (`:modes ids status`, then one path, two for R
    and C), and the index after them."""
    found = []
    while i < len(tokens) and tokens[i].lstrip("\n").startswith(":"):
        old_mode, new_mode, old_blob, new_blob, status = tokens[i].lstrip("\n")[1:].split(" ")
        code = status[:1]
        if code in "RC":
            old_path, path = tokens[i + 1], tokens[i + 2]
            i += 3
            change = Change("R", path, old_path, new_mode, old_blob, new_blob) if code == "R" else \
                Change("A", path, None, new_mode, "0" * len(old_blob), new_blob)  # a copy: its new path is added
        else:
            change = Change(code if code in "AMDT" else "M", tokens[i + 1], None, new_mode, old_blob, new_blob)
            i += 2
        found.append(change)
    return found, i


def changes(repo: Path, base: str, inside: str, head: str | None = None) -> list[Change]:
    """Files changed under `inside` from `base` to `head`, renames detected. Without `head`, the working
    tree, files not yet added to git included (so a report is checked before its first commit)."""
    revisions = [resolve(repo, base)] + ([resolve(repo, head)] if head is not None else [])
    out = run_git(repo, "diff", "--raw", "-z", "-M", "--no-abbrev", "--no-color", "--no-ext-diff",
                  "--end-of-options", *revisions, "--", inside)
    tokens = out.decode("utf-8", "replace").split("\0")
    found, _ = _raw_changes(tokens, 0)
    if head is None:
        untracked = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", inside)
        for path in untracked.decode("utf-8", "replace").split("\0"):
            if path:
                link = os.path.islink(os.path.join(repo, path))
                found.append(Change("A", path, None, SYMLINK if link else "100644", "0" * 40, "0" * 40))
    return found


@dataclass
class Commit:
    sha: str
    parent: str | None
    when: datetime
    author: str
    subject: str
    files: list[Change] = field(default_factory=list)


_HEADER = re.compile(r"([0-9a-f]{40,64})((?: [0-9a-f]{40,64})*)")
_AUTHOR = re.compile(rb"author (.*?) ?<[^>\n]*> ([0-9]+) ([+-])([0-9]{2})([0-9]{2})")


def history(repo: Path, inside: str, limit: int = 500) -> list[Commit]:
    """Commits that touched `inside`, newest first, with their files (first parent only).

    `git log -z` gives, per commit, a header made only of object ids and the changed files NUL-separated;
    the author, date and subject, which anyone can write (even with a NUL byte, in a commit made by hand),
    are then read from the commit objects themselves, so no text in a commit can split or forge a record."""
    out = run_git(repo, "log", f"--max-count={limit}", "--first-parent", "-M", "--raw", "-z", "--no-abbrev",
                  "--no-color", "--format=%H %P", "--", inside)
    tokens = out.decode("utf-8", "replace").split("\0")
    commits = []
    i = 0
    while i < len(tokens):
        header = _HEADER.fullmatch(tokens[i].strip())
        i += 1
        if header is None:
            continue
        sha, parents = header.groups()
        files, i = _raw_changes(tokens, i)
        commits.append(Commit(sha, parents.split()[0] if parents else None, datetime.min, "", "", files))
    objects = read_objects(repo, [c.sha for c in commits])
    for commit in commits:
        commit.author, commit.when, commit.subject = _read_commit(objects.get(commit.sha) or b"")
    return commits


def _printable(text: str) -> str:
    """Control characters (a terminal escape, a record separator, a NUL) shown as spaces."""
    return "".join(" " if ord(c) < 32 or 0x7F <= ord(c) < 0xA0 else c for c in text).strip()


def _read_commit(raw: bytes) -> tuple[str, datetime, str]:
    """The author's name, the author date and the subject (first paragraph, on one line) of a commit object."""
    head, _, message = raw.partition(b"\n\n")
    author, when = "", datetime.fromtimestamp(0, timezone.utc)
    for line in head.split(b"\n"):
        found = _AUTHOR.fullmatch(line)
        if found:
            name, seconds, sign, hours, minutes = found.groups()
            offset = timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == b"-" else 1)
            author = name.decode("utf-8", "replace")
            when = datetime.fromtimestamp(int(seconds), timezone(offset))
            break
    paragraph = message.decode("utf-8", "replace").lstrip("\n").split("\n\n", 1)[0]
    return _printable(author), when, _printable(" ".join(line.strip() for line in paragraph.splitlines()))


def read_objects(repo: Path, ids: list[str]) -> dict[str, bytes | None]:
    """Contents of many objects by id (None where missing), through one `git cat-file --batch`.
    Ids only, never `revision:path`: a path may hold a newline, which would split the request."""
    wanted = list(dict.fromkeys(i for i in ids if re.fullmatch(r"[0-9a-f]{40,64}", i) and i.strip("0")))
    if not wanted:
        return {}
    out = run_git(repo, "cat-file", "--batch", stdin="\n".join(wanted).encode() + b"\n")
    found: dict[str, bytes | None] = {}
    position = 0
    for object_id in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<id> missing"
            found[object_id] = None
            continue
        size = int(header[2])
        found[object_id] = out[position:position + size]
        position += size + 1
    return found
