"""The site's compiled reports: one per shown period of each plan, written while MkDocs builds the pages.

`ReportJob(data)` forks a child (the second core) that computes the statistics and writes every report
into a temporary folder of its own; `files()` waits for it, `close()` waits and removes the folder.
Where fork is not available they are written at once.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from pathlib import Path

from generator.data.load import Dataset


def _write_all(data: Dataset, folder: Path) -> None:
    from generator.outputs.report import write_reports
    from generator.stats.engine import compute_all

    write_reports(data, compute_all(data), folder)


class ReportJob:
    def __init__(self, data: Dataset) -> None:
        self.folder = folder = Path(tempfile.mkdtemp(prefix="tiendo-bao-cao-"))
        self._process = None
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            _write_all(data, folder)
            return
        self._process = context.Process(target=_write_all, args=(data, folder), daemon=True)
        self._process.start()

    def wait(self) -> int:
        """Wait for the child; its exit code (0 when written inline)."""
        if self._process is None:
            return 0
        self._process.join()
        return self._process.exitcode

    def files(self) -> list[Path]:
        """The reports written (OSError when the child failed: the build stops, the old site stays)."""
        code = self.wait()
        if code != 0:
            raise OSError(f"không ghi được các báo cáo tổng hợp (.docx) (mã lỗi {code})")
        return sorted(self.folder.glob("*.docx"))

    def close(self) -> None:
        self.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
