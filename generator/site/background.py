"""Work done beside the engine: files of the site that no page needs to be rendered, written meanwhile.

The download tables, the compiled reports and the agencies' report forms are linked from pages by
name only, so they can be written while the pages are rendered and the engine builds the site.
`Background(works)` forks one child (the second core) that runs each `Work` in turn, each writing its
files into the child's folder at their paths in the site; `files()` waits for the child and lists
them; `close()` (or leaving the `with` block) stops the child if it still runs, waits for it (no
zombie process) and removes the folder. A work that fails makes `files()` raise `BackgroundError`
with what could not be written and why, so the build stops and the published site stays as it was.

Where fork is not available, or with `fork=False`, each work runs at once, in this process, in the
order given. The live preview forks too, from a process that runs threads: the child only writes files
(no output, no lock the other threads share besides the import lock, which fork resets).
"""

from __future__ import annotations

import multiprocessing
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class BackgroundError(Exception):
    """A work could not write its files."""


@dataclass(frozen=True)
class Work:
    what: str  # what it writes, for messages: "các tệp tải về"
    write: Callable[[Path], object]  # writes its files under the folder given


def _run(works: list[Work], folder: Path) -> str | None:
    """Run every work; the message of the first that fails (None when all succeed)."""
    for work in works:
        try:
            work.write(folder)
        except Exception as exc:  # any failure of a work: told to the user, never as a traceback
            return f"không ghi được {work.what}: {exc}"
    return None


def _child(works: list[Work], folder: Path, pipe) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it stops this child
    message = _run(works, folder)
    if message is not None:
        pipe.send(message)
        sys.exit(1)


class Background:
    def __init__(self, works: list[Work], *, fork: bool = True, folder: Path | None = None) -> None:
        """`folder`: where the works write (emptied first; removed by `close`); a temporary folder by default."""
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        self.folder = folder or Path(tempfile.mkdtemp(prefix="tiendo-tai-ve-"))
        self._process = None
        self._error: str | None = None
        try:
            context = multiprocessing.get_context("fork") if fork else None
        except ValueError:
            context = None
        if context is None:
            self._error = _run(works, self.folder)
            return
        self._pipe, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(works, self.folder, sender), daemon=True,
                                        name="tiendo-background")
        self._process.start()
        sender.close()

    def done(self) -> bool:
        """Whether the works have ended (`files` will not wait)."""
        return self._process is None or not self._process.is_alive()

    def files(self) -> list[Path]:
        """Wait for the works; every file written, relative to the folder. Raises BackgroundError."""
        if self._process is not None:
            self._process.join()
            code = self._process.exitcode
            if code != 0 and self._error is None:
                self._error = (self._pipe.recv() if self._pipe.poll() else
                               f"tiến trình ghi các tệp tải về dừng bất thường (mã {code})")
        if self._error is not None:
            raise BackgroundError(self._error)
        return sorted(p.relative_to(self.folder) for p in self.folder.rglob("*") if p.is_file())

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process.close()
            self._pipe.close()
            self._process = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *_) -> None:
        self.close()
