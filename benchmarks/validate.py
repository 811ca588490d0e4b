"""How much `tiendo validate` costs beyond reading the YAML at all.

Writes a province-scale synthetic data set (60 agencies, 1,000 tasks, 20
quarters), then times, in one run and alternating rounds:

- a bare libyaml compose of every file (`yaml.compose(..., CBaseLoader)`),
  the least any YAML-based checker must do;
- the full check: strict reading, schemas, cross-file rules.

Then the same as a user meets it, whole processes started from the shell:

- `tiendo validate --data DIR` against a bare `python -c` process that imports
  PyYAML and composes every file;
- `tiendo --version` and `tiendo validate --help` against
  `python -c "import typer, rich"` (what any typer command pays to start).

Prints files, entries, the times (best of N rounds) and their ratios, each
twice: wall-clock time, and CPU time (user + system, of the child that reads
reports on the second core too), steadier than the wall clock on a machine
that others share.
Targets: validate/compose <= 1.5 in process and as processes; startup <= 2.

    python benchmarks/validate.py [--rounds 5] [--agencies 60 --tasks 1000 --periods 20]
"""

from __future__ import annotations

import argparse
import compileall
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml
from measure import TIENDO, run, sized, synthetic

import generator
from generator.check import check
from generator.data import worker
from generator.data.synth import write


def bare_compose(root: Path) -> int:
    nodes = 0
    for path in sorted(root.rglob("*.yaml")):
        if yaml.compose(path.read_bytes(), Loader=yaml.CBaseLoader) is not None:
            nodes += 1
    return nodes


BARE_COMPOSE = """
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.compose(path.read_bytes(), Loader=yaml.CBaseLoader)
"""
# tiendo as it runs on one core: no child process reading reports (generator/data/worker.py)
ONE_CORE = [sys.executable, "-c", ("import sys; from generator.data import worker; worker.MIN_REPORTS = 10**9; "
                                   "from generator.cli import main; sys.argv[0] = 'tiendo'; main()")]


def run_once(command: list[str]) -> tuple[float, float]:
    timed = run(command)
    return timed.wall, timed.cpu


def ratios(name: str, ours: list[tuple[float, float]], base: list[tuple[float, float]], target: float) -> None:
    """Best of the rounds, wall clock and CPU time, and the ratio of each."""
    wall, base_wall = min(w for w, _ in ours), min(w for w, _ in base)
    cpu, base_cpu = min(c for _, c in ours), min(c for _, c in base)
    print(f"  {name} (target <= {target}):\n"
          f"    wall {wall:.3f} s / {base_wall:.3f} s = {wall / base_wall:.2f}   "
          f"cpu {cpu:.3f} s / {base_cpu:.3f} s = {cpu / base_cpu:.2f}")


def processes(root: Path, rounds: int) -> None:
    """Alternate each command with its baseline so both see the same machine load."""
    pairs = {
        "validate / bare compose": (TIENDO + ["validate", "--data", str(root)],
                                    [sys.executable, "-c", BARE_COMPOSE, str(root)], 1.5),
        "validate on one core / bare compose": (ONE_CORE + ["validate", "--data", str(root)],
                                                [sys.executable, "-c", BARE_COMPOSE, str(root)], 1.5),
        "--version / import typer, rich": (TIENDO + ["--version"],
                                           [sys.executable, "-c", "import typer, rich"], 2.0),
        "validate --help / import typer, rich": (TIENDO + ["validate", "--help"],
                                                 [sys.executable, "-c", "import typer, rich"], 2.0),
    }
    print("whole processes:")
    for name, (command, baseline, target) in pairs.items():
        ours, base = [], []
        for _ in range(rounds):
            ours.append(run_once(command))
            base.append(run_once(baseline))
        ratios(name, ours, base, target)


def main() -> None:
    parser = argparse.ArgumentParser()
    args = sized(parser, rounds=5).parse_args()
    # An installed tiendo has its modules compiled (pip does it): so has this checkout, even where
    # PYTHONDONTWRITEBYTECODE keeps Python from writing them, or each process would compile them again.
    compileall.compile_dir(Path(generator.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        files = write(root, synthetic(args))
        data, problems = check(root, date.today())
        entries = sum(len(u.values.entries) for u in data.updates)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        assert not problems, problems[:3]
        compose_times, check_times, one_core_times = [], [], []
        for _ in range(args.rounds):
            compose_times.append(timed(bare_compose, root))
            check_times.append(timed(check, root, date.today()))
            one_core_times.append(timed(one_core_check, root))
        print(f"files: {files}  entries: {entries}  bytes: {size:,}")
        print(f"in process, best of {args.rounds}: bare libyaml compose against the full check")
        ratios("check / compose", check_times, compose_times, 1.5)
        ratios("check on one core / compose", one_core_times, compose_times, 1.5)
        processes(root, args.rounds)


def one_core_check(root: Path) -> None:
    minimum, worker.MIN_REPORTS = worker.MIN_REPORTS, 10**9
    try:
        check(root, date.today())
    finally:
        worker.MIN_REPORTS = minimum


def timed(function, *args) -> tuple[float, float]:
    """Wall-clock and CPU time of one call, the CPU time of the child it forks to read reports included."""
    t0, c0, children = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    function(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - c0 + (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return time.perf_counter() - t0, cpu


if __name__ == "__main__":
    main()
