"""Building the site for a province-scale plan.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). Builds the
site once, in one run, and prints: the total time, MkDocs's own time, the time of
every other stage and its share of MkDocs's time, the number of pages, the
site's size, and the gzip size of a task page (shared assets excluded).

The compiled reports (`tiendo report`, one .docx per shown period) are timed three
ways: `tiendo report` for the latest period as a whole process; all periods written
in one process (the work of the build's report child, which runs beside MkDocs);
and the build's share, the time the build still waited for them after MkDocs.

Targets: total <= 60 s on 2 cores; all but MkDocs <= 30% of MkDocs's time;
a task page <= 50 KB gzip.

    python benchmarks/build.py
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.check import check
from generator.data.synth import SynthConfig, write
from generator.outputs.report import write_reports
from generator.outputs.report.job import ReportJob
from generator.site import build as site_build
from generator.site.build import build_site
from generator.stats.engine import compute_all

REPO = Path(__file__).resolve().parent.parent


class TimedReports(ReportJob):
    """The build's report job, counting how long the build waits for it after MkDocs."""

    waited = 0.0

    def files(self) -> list[Path]:
        start = time.perf_counter()
        try:
            return super().files()
        finally:
            TimedReports.waited += time.perf_counter() - start


def report_timings(data: Path, out: Path) -> None:
    """`tiendo report` (latest period) as a process; every period's report in one process."""
    env = {**os.environ, "TIENDO_TODAY": date.today().isoformat()}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "report", "--data", str(data), "--out", str(out / "one.docx")],
                   check=True, capture_output=True, env=env)
    one = time.perf_counter() - start
    dataset, _ = check(data, date.today())
    timelines = compute_all(dataset)
    start, cpu = time.perf_counter(), time.process_time()
    files = write_reports(dataset, timelines, out / "all")
    every, every_cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(f.stat().st_size for f in files)
    print(f"report: `tiendo report` for one period {one:.1f} s as a process; all {len(files)} periods "
          f"{every:.1f} s in one process ({every_cpu:.1f} s CPU, {every / len(files):.2f} s each), "
          f"{size / 1e6:.1f} MB of .docx")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write(work / "data", SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        report_timings(work / "data", work)
        site_build.ReportJob = TimedReports
        start = time.perf_counter()
        result = build_site(work / "data", REPO / "mkdocs.yml", work / "site", today=date.today(),
                            docs_dir=work / "generated")
        total = time.perf_counter() - start
        site = result.site_dir
        html = list(site.rglob("*.html"))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        task_pages = sorted((site / "nhiem-vu").glob("*/index.html"))
        gz = sorted(len(gzip.compress(p.read_bytes())) for p in task_pages)
        mkdocs = result.timings["mkdocs"]
        ours = total - mkdocs
        print(f"pages: {result.pages} Markdown, {len(html)} HTML; site: {size / 1e6:.1f} MB")
        print("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))
        print(f"total: {total:.1f} s (target <= 60 s); MkDocs: {mkdocs:.1f} s")
        print(f"all but MkDocs: {ours:.1f} s = {ours / mkdocs * 100:.0f}% of MkDocs's time (target <= 30%)")
        reports = len(list((site / "tai-ve").glob("*.docx")))
        print(f"reports in the build: {reports} .docx written beside MkDocs; the build waited {TimedReports.waited:.1f} s "
              f"for them after MkDocs ({TimedReports.waited / mkdocs * 100:.0f}% of MkDocs's time)")
        print(f"task page gzip: median {gz[len(gz) // 2] / 1024:.1f} KB, largest {gz[-1] / 1024:.1f} KB "
              f"(target <= 50 KB)")


if __name__ == "__main__":
    main()
