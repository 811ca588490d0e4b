"""Building the site for a province-scale plan.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). Builds the
site once, in one run, and prints: the total time, MkDocs's own time, the time of
every other stage and its share of MkDocs's time, the number of pages, the
site's size, and the gzip size of a task page (shared assets excluded).

Targets: total <= 60 s on 2 cores; all but MkDocs <= 30% of MkDocs's time;
a task page <= 50 KB gzip.

    python benchmarks/build.py
"""

from __future__ import annotations

import gzip
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.data.synth import SynthConfig, write
from generator.site.build import build_site

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write(work / "data", SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
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
        print(f"task page gzip: median {gz[len(gz) // 2] / 1024:.1f} KB, largest {gz[-1] / 1024:.1f} KB "
              f"(target <= 50 KB)")


if __name__ == "__main__":
    main()
