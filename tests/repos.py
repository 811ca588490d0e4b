"""Real git repositories for the tests of change control, diff and history (no mocks: git itself runs)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES


def git(repo: Path, *args: str, when: str = "2019-03-20T09:00:00+07:00", author: str = "Văn thư CATP",
        stdin: bytes | None = None) -> str:
    """Run git in `repo` as `author` at `when` (so commits are reproducible); returns its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "vt@example.gov.vn",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "vt@example.gov.vn",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, input=stdin)
    return result.stdout.decode("utf-8")


def make_repo(root: Path, fixture: str = "base", data: str = "data") -> Path:
    """A repository at `root` whose first commit holds tests/fixtures/<fixture> as `<data>/`."""
    shutil.copytree(FIXTURES / fixture, root / data)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Dữ liệu ban đầu", author="Ban Nội chính")
    return root
