"""Building the site for a province-scale plan, with each engine.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). Runs the whole
`tiendo build --engine E` command as a process, from a fresh copy of the site settings
(mkdocs.yml, docs/), once per engine; Zensical a second time on the same pages, with the
cache its first build left (as a machine that keeps `.cache/` between builds would). Prints
for each build: the total time, the engine's own time, the time of every other stage and its
share of the engine's time, the CPU time of the command and its children (what it costs when
other work shares the machine), the number of pages, the site's size and the gzip size of a task
page (shared assets excluded); then the ratios between the engines, measured in this run.

Targets: total <= 60 s on 2 cores; all but the engine <= 30% of the engine's time;
a task page <= 50 KB gzip.

    python benchmarks/build.py [--engine mkdocs|zensical|both]   (default: both)
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.data.synth import SynthConfig, write

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    label: str
    total: float
    cpu: float
    stages: dict[str, float]
    engine: float
    site: Path


def project(work: Path, name: str) -> Path:
    """A copy of the site settings and hand-written pages, as in a data repository."""
    root = work / name
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(root: Path, data: Path, engine: str, label: str) -> Run:
    command = [sys.executable, "-m", "generator", "build", "--data", str(data), "--engine", engine]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "400"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, encoding="utf-8")
    total = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        sys.exit(f"{label}: tiendo build failed\n{done.stdout}\n{done.stderr}")
    times = done.stdout.split("Thời gian:", 1)[1]
    stages = {name.strip(): float(seconds) for name, seconds in re.findall(r"([^,]+?) ([\d.]+) s", times)}
    return Run(label, total, cpu, stages, stages[engine], root / "site")


def describe(run: Run) -> None:
    site = run.site
    html = list(site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    gz = sorted(len(gzip.compress(p.read_bytes())) for p in (site / "nhiem-vu").glob("*/index.html"))
    ours = run.total - run.engine
    print(f"{run.label}:")
    print(f"  pages: {len(html)} HTML; site: {size / 1e6:.1f} MB")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.stages.items()))
    print(f"  total: {run.total:.1f} s (target <= 60 s), CPU {run.cpu:.1f} s; the engine: {run.engine:.1f} s")
    print(f"  all but the engine: {ours:.1f} s = {ours / run.engine * 100:.0f}% of the engine's time (target <= 30%)")
    print(f"  task page gzip: median {gz[len(gz) // 2] / 1024:.1f} KB, largest {gz[-1] / 1024:.1f} KB "
          f"(target <= 50 KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["mkdocs", "zensical", "both"], default="both")
    engines = ["mkdocs", "zensical"] if (choice := parser.parse_args().engine) == "both" else [choice]
    if "zensical" in engines and importlib.util.find_spec("zensical") is None:
        sys.exit("Zensical is not installed: pip install -e '.[zensical]'")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        write(data, SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        runs = {}
        for engine in engines:
            root = project(work, engine)
            runs[engine] = build(root, data, engine, f"{engine}, whole command")
            describe(runs[engine])
            if engine == "zensical":
                runs["cached"] = build(root, data, engine, "zensical again, with its cache")
                describe(runs["cached"])
        if len(engines) == 2:
            mkdocs, zensical, cached = runs["mkdocs"], runs["zensical"], runs["cached"]
            print("ratios, Zensical / MkDocs (below 1: Zensical is faster):")
            print(f"  whole command: {zensical.total / mkdocs.total:.2f}; with its cache: "
                  f"{cached.total / mkdocs.total:.2f}")
            print(f"  CPU time of the whole command: {zensical.cpu / mkdocs.cpu:.2f}; with its cache: "
                  f"{cached.cpu / mkdocs.cpu:.2f}")
            print(f"  the engine alone: {zensical.engine / mkdocs.engine:.2f}; with its cache: "
                  f"{cached.engine / mkdocs.engine:.2f}")


if __name__ == "__main__":
    main()
