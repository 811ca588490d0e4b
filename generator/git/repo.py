"""Reading the data's git history: files at a revision, what changed, who changed it when.

Everything goes through the `git` command (no library binding): it is on every
machine that has the repository, and its output formats are stable.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


def run_git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"không chạy được git: {exc}") from exc
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} thất bại")
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def toplevel(path: Path) -> Path | None:
    """The repository holding `path`, or None (a tarball, no git)."""
    try:
        return Path(run_git(path, "rev-parse", "--show-toplevel").strip())
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
    try:
        return run_git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except GitError:
        raise GitError(f"không tìm thấy phiên bản `{revision}` trong kho git") from None


def extract(repo: Path, revision: str, inside: str, destination: Path) -> Path:
    """Write the folder `inside` as it was at `revision` under `destination`; returns its copy."""
    commit = resolve(repo, revision)
    target = destination / Path(inside).name
    target.mkdir(parents=True, exist_ok=True)
    try:
        archive = run_git(repo, "archive", "--format=tar", commit, "--", inside, binary=True)
    except GitError:  # the folder did not exist yet at that revision
        return target
    prefix = inside.rstrip("/") + "/"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                relative = Path(member.name[len(prefix):])
                if ".." in relative.parts:
                    continue
                path = target / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(tar.extractfile(member).read())
    return target


@dataclass(frozen=True)
class Change:
    status: str  # A added, M modified, D deleted, R renamed
    path: str  # path inside the repository (the new one for a rename)
    old_path: str | None = None  # for a rename


def changes(repo: Path, base: str, inside: str, head: str | None = None) -> list[Change]:
    """Files changed under `inside` from `base` to `head` (default: the working tree), renames detected."""
    args = ["diff", "--name-status", "-M", "--no-color", resolve(repo, base)]
    if head is not None:
        args.append(resolve(repo, head))
    out = run_git(repo, *args, "--", inside)
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        code = parts[0][:1]
        if code == "R":
            found.append(Change("R", parts[2], parts[1]))
        elif code in "AMD" and len(parts) > 1:
            found.append(Change(code, parts[1]))
        elif code in "CT" and len(parts) > 1:  # copies and type changes: the new path counts as added/modified
            found.append(Change("A" if code == "C" else "M", parts[-1]))
    return found


@dataclass
class Commit:
    sha: str
    parent: str | None
    when: datetime
    author: str
    subject: str
    files: list[Change] = field(default_factory=list)


_SEPARATOR = "\x1e"


def history(repo: Path, inside: str, limit: int = 500) -> list[Commit]:
    """Commits that touched `inside`, newest first, with their files (first parent only)."""
    fmt = f"{_SEPARATOR}%H%x00%P%x00%aI%x00%an%x00%s"
    out = run_git(repo, "log", f"--max-count={limit}", "--first-parent", "-M", "--name-status", f"--format={fmt}",
                  "--", inside)
    commits = []
    for chunk in out.split(_SEPARATOR)[1:]:
        header, _, body = chunk.partition("\n")
        sha, parents, when, author, subject = header.split("\x00")
        commit = Commit(sha, parents.split()[0] if parents else None, datetime.fromisoformat(when), author, subject)
        for line in body.splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            code = parts[0][:1]
            if code == "R":
                commit.files.append(Change("R", parts[2], parts[1]))
            else:
                commit.files.append(Change(code if code in "AMD" else "M", parts[-1]))
        commits.append(commit)
    return commits


def read_blobs(repo: Path, specs: list[str]) -> dict[str, bytes | None]:
    """Contents of many `revision:path` at once (None where missing), through one `git cat-file`."""
    if not specs:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input="\n".join(specs).encode() + b"\n",
                                capture_output=True, check=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"không đọc được lịch sử git: {exc}") from exc
    out = result.stdout
    found: dict[str, bytes | None] = {}
    position = 0
    for spec in specs:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 2 and header[1] == b"missing":
            found[spec] = None
            continue
        size = int(header[2])
        found[spec] = out[position:position + size]
        position += size + 1
    return found
