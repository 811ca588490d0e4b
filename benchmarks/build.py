"""Building the site for a province-scale plan, with each engine, and the live preview's save-to-page time.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). Runs the whole
`tiendo build --engine E` command as a process, from a fresh copy of the site settings
(mkdocs.yml, docs/), once per engine; Zensical a second time on the same pages, with the
cache its first build left (as a machine that keeps `.cache/` between builds would). Prints
for each build: the total time, the engine's own time, the time of every other stage and its
share of the engine's time, the CPU time of the command and its children (what it costs when
other work shares the machine), the number of pages, the site's size, the search index's size and
the gzip size of a task page (shared assets excluded); then the ratios between the engines, measured
in this run, and the start tags (`<x`) per page of each kind of generated page.

The download files (tables, compiled reports, report forms) are written by a child process beside
the engine; the build's wait for them after the engine is its stage "exports (after …)". The
compiled reports are also timed alone: `tiendo report` for the latest period as a whole process, and
all periods written in one process.

The live preview: `tiendo serve` as a process; after its first page, a lead's report of the latest
period is saved three times (its result text, then its progress, then its text again) and the time
from each save to the rebuilt task page is measured (polling it every 0.1 s), then to the download
table holding the change, with the CPU time the preview spent in between.

`--against REV` runs each measurement also with the code of git revision REV (its generator, its
mkdocs.yml and docs/), alternating the two `--runs` times, so both see the same machine load; the
ratios are this code's / REV's.

Targets: total <= 45 s on 2 cores; all but the engine <= 30% of the engine's time;
a task page <= 50 KB gzip.

    python benchmarks/build.py [--engine mkdocs|zensical|both] [--against REV] [--runs N] [--no-serve]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from measure import TIENDO, run

from generator.check import check
from generator.data.synth import SynthConfig, write
from generator.outputs.report import write_reports
from generator.stats.engine import compute_all

REPO = Path(__file__).resolve().parent.parent
KINDS = [("nhiem-vu/index.md", "task list"), ("nhiem-vu/", "task"), ("co-quan/index.md", "agency list"),
         ("co-quan/", "agency"), ("ky-bao-cao/index.md", "period list"), ("ky-bao-cao/", "period"),
         ("chi-tieu/", "indicators"), ("kho-khan-kien-nghi/", "obstacles"), ("index.md", "dashboard")]


@dataclass
class Code:
    """The code a measurement runs: this checkout, or a git revision unpacked beside the data."""

    label: str
    root: Path

    def env(self) -> dict:
        return {"PYTHONPATH": str(self.root)}


@dataclass
class Run:
    label: str
    total: float
    cpu: float
    stages: dict[str, float]
    engine: float
    site: Path


def project(work: Path, name: str, code: Code) -> Path:
    """A copy of the code's site settings and hand-written pages, as in a data repository."""
    root = work / name
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(code.root / "docs", root / "docs", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(code.root / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(root: Path, data: Path, engine: str, label: str, code: Code) -> Run:
    done = run([*TIENDO, "build", "--data", str(data), "--engine", engine], cwd=root, env=code.env())
    total, cpu = done.wall, done.cpu
    times = done.stdout.split("Thời gian:", 1)[1]
    stages = {name.strip(): float(seconds) for name, seconds in re.findall(r"([^,]+?) ([\d.]+) s", times)}
    return Run(label, total, cpu, stages, stages[engine], root / "site")


def describe(run: Run) -> None:
    site = run.site
    html = list(site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = next((p for p in (site / "search/search_index.json", site / "search.json") if p.is_file()), None)
    gz = sorted(len(gzip.compress(p.read_bytes())) for p in (site / "nhiem-vu").glob("*/index.html"))
    ours = run.total - run.engine
    print(f"{run.label}:")
    print(f"  pages: {len(html)} HTML; site: {size / 1e6:.1f} MB; search index: "
          f"{index.stat().st_size / 1e6 if index else 0:.1f} MB")
    print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.stages.items()))
    print(f"  total: {run.total:.1f} s (target <= 45 s), CPU {run.cpu:.1f} s; the engine: {run.engine:.1f} s")
    print(f"  all but the engine: {ours:.1f} s = {ours / run.engine * 100:.0f}% of the engine's time (target <= 30%)")
    print(f"  task page gzip: median {gz[len(gz) // 2] / 1024:.1f} KB, largest {gz[-1] / 1024:.1f} KB "
          f"(target <= 50 KB)")


def tags(generated: Path) -> dict[str, tuple[int, int]]:
    """Start tags in the generated pages, per kind: (pages, tags)."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in generated.rglob("*.md"):
        relative = path.relative_to(generated).as_posix()
        kind = next((name for prefix, name in KINDS if relative.startswith(prefix)), "other")
        found[kind][0] += 1
        found[kind][1] += len(re.findall(r"<[a-zA-Z]", path.read_text(encoding="utf-8")))
    return {kind: (pages, count) for kind, (pages, count) in found.items()}


def report_timings(data: Path, out: Path) -> None:
    """`tiendo report` (latest period) as a process; every period's report in one process."""
    one = run([*TIENDO, "report", "--data", str(data), "--out", str(out / "one.docx")]).wall
    dataset, _ = check(data, date.today())
    timelines = compute_all(dataset)
    start, cpu = time.perf_counter(), time.process_time()
    files = write_reports(dataset, timelines, out / "all")
    every, every_cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(f.stat().st_size for f in files)
    print(f"report: `tiendo report` for one period {one:.1f} s as a process; all {len(files)} periods "
          f"{every:.1f} s in one process ({every_cpu:.1f} s CPU, {every / len(files):.2f} s each), "
          f"{size / 1e6:.1f} MB of .docx")


# --- the live preview ------------------------------------------------------------------------------------


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait(url: str, pattern: str, process: subprocess.Popen, limit: float = 600) -> float:
    start = time.perf_counter()
    while not re.search(pattern, _get(url)):
        if process.poll() is not None or time.perf_counter() - start > limit:
            sys.exit(f"the preview never showed {pattern!r} at {url}")
        time.sleep(0.1)
    return time.perf_counter()


def _cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def serve_timings(work: Path, data: Path, code: Code) -> list[tuple[str, float, float, float]]:
    """(change, save-to-page, save-to-downloads, CPU) for each save, with `code`'s `tiendo serve`."""
    root = project(work, f"serve-{code.label}", code)
    shutil.copytree(data, root / "data")
    report = root / "data/updates/ke-hoach-mau/co-quan-001/2021-Q4.yaml"
    text = report.read_text(encoding="utf-8")
    entry = re.search(r"- task: '?([\d.]+)'?\n  result: (.*)\n  status: in_progress\n  progress: (\d+)\n", text)
    task, progress = entry.group(1), int(entry.group(3))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([*TIENDO, "serve", "--data", "data", "--address",
                                f"127.0.0.1:{port}"], cwd=root, env={**os.environ, **code.env()}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    results = []
    try:
        _wait(f"{base}nhiem-vu/{task}/", re.escape("Kết quả kỳ"), process)
        _wait(f"{base}tai-ve/tiendo-entries.csv", "ke-hoach-mau", process)
        for n, change in enumerate(["result text", "progress", "result text"]):
            current = report.read_text(encoding="utf-8")
            if change == "progress":
                progress += 1
                current = re.sub(rf"(- task: '?{re.escape(task)}'?\n  result: .*\n  status: in_progress\n  progress: )\d+",
                                 rf"\g<1>{progress}", current, count=1)
                page = rf"Tiến độ</th><td[^>]*>(?:<span[^>]*></span> )?{progress}%"
                table = rf"2021-Q4,[^,\n]*,co-quan-001,[^,\n]*,{re.escape(task)},[^\n]*,{progress},"
            else:
                line = re.search(rf"- task: '?{re.escape(task)}'?\n  result: (.*)\n", current).group(0)
                current = current.replace(line, f"- task: '{task}'\n  result: Đã sửa lần {n}.\n", 1)
                page = table = f"Đã sửa lần {n}"
            cpu = _cpu(process.pid)
            report.write_text(current, encoding="utf-8")
            saved = time.perf_counter()
            shown = _wait(f"{base}nhiem-vu/{task}/", page, process) - saved
            downloads = _wait(f"{base}tai-ve/tiendo-entries.csv", table, process) - saved
            results.append((change, shown, downloads, _cpu(process.pid) - cpu))
    finally:
        process.terminate()
        process.wait(timeout=60)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["mkdocs", "zensical", "both"], default="both")
    parser.add_argument("--against", metavar="REV", help="also measure the code of this git revision, alternating")
    parser.add_argument("--runs", type=int, default=1, help="how many times to measure each (default 1)")
    parser.add_argument("--no-serve", action="store_true", help="leave out the live preview")
    args = parser.parse_args()
    engines = ["mkdocs", "zensical"] if args.engine == "both" else [args.engine]
    if "zensical" in engines and importlib.util.find_spec("zensical") is None:
        sys.exit("Zensical is not installed: pip install -e '.[zensical]'")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        write(data, SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        codes = [Code("this code", REPO)]
        if args.against:
            codes.append(Code(args.against, work / "against"))
            codes[1].root.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.against], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(codes[1].root)], input=archive, check=True)
        runs: dict[tuple[str, str], list[Run]] = defaultdict(list)
        counted: dict[str, dict] = {}
        for n in range(args.runs):
            for engine in engines:
                for code in codes:
                    root = project(work, f"{engine}-{code.label}", code)
                    label = f"{engine}, whole command, {code.label} (run {n + 1})"
                    runs[engine, code.label].append(build(root, data, engine, label, code))
                    describe(runs[engine, code.label][-1])
                    if code.label not in counted:
                        counted[code.label] = tags(root / "docs/generated")
                    if engine == "zensical" and code is codes[0]:
                        runs["cached", code.label].append(build(root, data, engine, "zensical again, with its cache",
                                                                code))
                        describe(runs["cached", code.label][-1])
        here = codes[0].label
        if len(engines) == 2:
            mkdocs, zensical, cached = runs["mkdocs", here][-1], runs["zensical", here][-1], runs["cached", here][-1]
            print("ratios, Zensical / MkDocs (below 1: Zensical is faster):")
            print(f"  whole command: {zensical.total / mkdocs.total:.2f}; with its cache: "
                  f"{cached.total / mkdocs.total:.2f}")
            print(f"  CPU time of the whole command: {zensical.cpu / mkdocs.cpu:.2f}; with its cache: "
                  f"{cached.cpu / mkdocs.cpu:.2f}")
            print(f"  the engine alone: {zensical.engine / mkdocs.engine:.2f}; with its cache: "
                  f"{cached.engine / mkdocs.engine:.2f}")
        if len(codes) == 2:
            print(f"ratios, this code / {args.against}, mean of {args.runs} alternating run(s):")
            for engine in engines:
                mine, theirs = runs[engine, here], runs[engine, args.against]
                for what, value in (("whole command", lambda r: r.total), ("CPU", lambda r: r.cpu),
                                    ("engine", lambda r: r.engine)):
                    a, b = (sum(map(value, r)) / len(r) for r in (mine, theirs))
                    print(f"  {engine}, {what}: {a:.1f} s / {b:.1f} s = {a / b:.2f}")
        print("start tags per page, by kind of generated page" + (f" ({args.against} -> this code)"
                                                                 if len(codes) == 2 else ""))
        for kind in sorted(counted[here], key=lambda k: -counted[here][k][1]):
            cells = [f"{t / p:,.0f}" for p, t in (c.get(kind, (1, 0)) for c in counted.values())]
            print(f"  {kind}: {counted[here][kind][0]} pages, {' -> '.join(reversed(cells))} tags per page")
        print(f"  all pages: {' -> '.join(f'{sum(t for _, t in c.values()):,}' for c in reversed(counted.values()))}")
        if not args.no_serve:
            timings: dict[str, list] = defaultdict(list)
            for _ in range(args.runs):
                for code in codes:
                    timings[code.label] += serve_timings(work, data, code)
            for label, found in timings.items():
                print(f"tiendo serve, {label}: save -> rebuilt task page, save -> download table, preview's CPU")
                for change, page, downloads, cpu in found:
                    print(f"  {change}: {page:.1f} s, {downloads:.1f} s, CPU {cpu:.1f} s")
        report_timings(data, work)


if __name__ == "__main__":
    main()
