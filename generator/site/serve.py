"""`tiendo serve`: a live preview that follows the data.

The pages are prepared once, then a watcher re-prepares them whenever a file
under the data folder changes; MkDocs's own server notices the regenerated
pages, rebuilds and reloads the browser. Data with errors leaves the last
good pages in place and reports the problems.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from generator.data.problems import Problem
from generator.site.build import DataError, prepare


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            found[path] = (info.st_size, info.st_mtime_ns)
    return found


class Watcher(threading.Thread):
    """Polls the data folder and calls `changed()` after each change (debounced)."""

    def __init__(self, root: Path, changed: Callable[[], None], interval: float = 1.0) -> None:
        super().__init__(daemon=True, name="tiendo-watcher")
        self.root, self.changed, self.interval = root, changed, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        seen = snapshot(self.root)
        while not self.stopped.wait(self.interval):
            now = snapshot(self.root)
            if now != seen:
                seen = now
                self.changed()


def serve(data_dir: Path, config_file: Path, *, today: Callable[[], date], address: str,
          on_problems: Callable[[list[Problem]], None], on_rebuilt: Callable[[], None]) -> None:
    """Prepare the pages, then serve them with live reload until interrupted. Raises DataError at first."""
    config_file = config_file.resolve()
    with tempfile.TemporaryDirectory(prefix="tiendo-serve-") as work:
        # a preview of its own: the pages of `tiendo build` are left alone
        folders = {"docs_dir": Path(work) / "generated", "exports_into": Path(work) / "exports"}
        prepared = prepare(data_dir, config_file, today=today(), **folders)

        def rebuild() -> None:
            try:
                prepare(data_dir, config_file, today=today(), **folders)
            except DataError as exc:
                on_problems(exc.problems)
            else:
                on_rebuilt()

        watcher = Watcher(Path(data_dir), rebuild)
        watcher.start()
        try:
            mkdocs_serve(str(config_file), livereload=True, dev_addr=address, nav=prepared.nav,
                         docs_dir=str(prepared.generated))
        finally:
            watcher.stopped.set()
