"""`tiendo serve`: a live preview that follows the data.

The pages are prepared once, then a watcher prepares them again whenever a file under the data folder
changes. Each time the data is validated and computed whole, but a page is rendered again only when
its inputs changed (`GeneratedFolder`), so a report's change rewrites the pages that show it: its
agency's, its tasks', the periods whose figures it moves, the dashboard, the lists. MkDocs's own
server then rebuilds "dirty", only the pages whose Markdown changed (`preview_hooks` keeps the search
index whole), and reloads the browser. The download files follow, after the pages. Data with errors
leaves the last good pages in place and reports the problems.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.utils.yaml import yaml_load

from generator.data.problems import Problem
from generator.site import preview_hooks
from generator.site.background import Background, BackgroundError
from generator.site.build import DataError, Prepared, generated_folder, prepare

log = logging.getLogger("tiendo.serve")


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
    """Polls the data folder; calls `changed()` after each change, `tick()` at every other poll."""

    def __init__(self, root: Path, changed: Callable[[], None], tick: Callable[[], None] = lambda: None,
                 interval: float = 1.0) -> None:
        super().__init__(daemon=True, name="tiendo-watcher")
        self.root, self.changed, self.tick, self.interval = root, changed, tick, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        seen = snapshot(self.root)
        while not self.stopped.wait(self.interval):
            now = snapshot(self.root)
            if now != seen:
                seen = now
                self.changed()
            else:
                self.tick()


class Preview:
    """The preview's generated docs folder: the pages, prepared again after each change of the data, and
    the download files, written after them by a child process (background.py) so the pages never wait.

    A change that comes while the download files are being written stops that child: its files would be
    out of date. The files land in the docs folder when the child of the latest data has finished.
    """

    def __init__(self, data_dir: Path, config_file: Path, work: Path, today: Callable[[], date]) -> None:
        self.data_dir, self.config_file, self.today = data_dir, config_file, today
        self.folder = generated_folder(config_file, work / "generated")
        self.nav: list = []  # the navigation MkDocs reads at each rebuild, kept up to date in place
        self.downloads: Background | None = None  # the download files being written

    def update(self) -> Prepared:
        """Prepare the pages (raises DataError), then start writing the download files."""
        prepared = prepare(self.data_dir, self.config_file, today=self.today(), folder=self.folder)
        if prepared.nav != self.nav:  # every page shows the navigation: build them all again
            self.nav[:] = prepared.nav
            for page in self.folder.out.rglob("*.md"):
                os.utime(page)
        self.close()
        self.downloads = Background(prepared.works)
        return prepared

    def land(self) -> bool:
        """Put the download files into the docs folder once written; whether they were. Raises BackgroundError."""
        if self.downloads is None or not self.downloads.done():
            return False
        try:
            files = {path.as_posix(): self.downloads.folder / path for path in self.downloads.files()}
            self.folder.write_files(files)
            for gone in self.folder.kept - files.keys():
                (self.folder.out / gone).unlink(missing_ok=True)
            self.folder.kept = set(files)
        finally:
            self.close()
        return True

    def close(self) -> None:
        if self.downloads is not None:
            self.downloads.close()
            self.downloads = None


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve(data_dir: Path, config_file: Path, *, today: Callable[[], date], address: str,
          on_problems: Callable[[list[Problem]], None], on_rebuilt: Callable[[], None]) -> None:
    """Prepare the pages, then serve them with live reload until interrupted. Raises DataError at first."""
    config_file = config_file.resolve()
    with tempfile.TemporaryDirectory(prefix="tiendo-serve-") as work:
        # a preview of its own: the pages of `tiendo build` are left alone
        preview = Preview(data_dir, config_file, Path(work), today)
        preview.update()

        def rebuild() -> None:
            try:
                preview.update()
            except DataError as exc:
                on_problems(exc.problems)
            else:
                on_rebuilt()

        def tick() -> None:
            try:
                preview.land()
            except BackgroundError as exc:
                log.error(str(exc))

        watcher = Watcher(Path(data_dir), rebuild, tick)
        watcher.start()
        quiet = _NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        try:
            mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=address, nav=preview.nav,
                         docs_dir=str(preview.folder.out), hooks=[*_hooks(config_file), preview_hooks.__file__])
        finally:
            watcher.stopped.set()
            watcher.join()
            preview.close()
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


def _hooks(config_file: Path) -> list[str]:
    """The hooks mkdocs.yml names (kept: the preview's are added to them)."""
    with config_file.open("rb") as handle:
        hooks = (yaml_load(handle) or {}).get("hooks") or []
    return [str(hook) for hook in hooks]
