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

Prints files, entries, the times (best of N rounds) and their ratios.
Targets: validate/compose <= 1.5 in process and as processes; startup <= 2.

    python benchmarks/validate.py [--rounds 5] [--agencies 60 --tasks 1000 --periods 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

from generator.check import check
from generator.data.synth import SynthConfig, write


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
TIENDO = [sys.executable, "-m", "generator"]


def process_time(command: list[str], rounds: int) -> float:
    """Best wall-clock time of `command` as a whole process."""
    best = float("inf")
    env = {**os.environ, "TIENDO_TODAY": date.today().isoformat()}
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        best = min(best, time.perf_counter() - t0)
    return best


def processes(root: Path, rounds: int) -> None:
    """Alternate each command with its baseline so both see the same machine load."""
    pairs = {
        "validate / bare compose": (TIENDO + ["validate", "--data", str(root)],
                                    [sys.executable, "-c", BARE_COMPOSE, str(root)], 1.5),
        "--version / import typer, rich": (TIENDO + ["--version"],
                                           [sys.executable, "-c", "import typer, rich"], 2.0),
        "validate --help / import typer, rich": (TIENDO + ["validate", "--help"],
                                                 [sys.executable, "-c", "import typer, rich"], 2.0),
    }
    print("whole processes:")
    for name, (command, baseline, target) in pairs.items():
        ours = base = float("inf")
        for _ in range(rounds):
            ours = min(ours, process_time(command, 1))
            base = min(base, process_time(baseline, 1))
        print(f"  {name}: {ours:.3f} s / {base:.3f} s = {ours / base:.2f} (target <= {target})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--periods", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        files = write(root, SynthConfig(agencies=args.agencies, tasks=args.tasks, periods=args.periods, seed=1))
        data, problems = check(root, date.today())
        entries = sum(len(u.model.entries) for u in data.updates)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        assert not problems, problems[:3]
        compose_times, check_times = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            bare_compose(root)
            t1 = time.perf_counter()
            check(root, date.today())
            t2 = time.perf_counter()
            compose_times.append(t1 - t0)
            check_times.append(t2 - t1)
        compose_best, check_best = min(compose_times), min(check_times)
        print(f"files: {files}  entries: {entries}  bytes: {size:,}")
        print(f"bare libyaml compose: {compose_best:.3f} s (best of {args.rounds})")
        print(f"tiendo validate:      {check_best:.3f} s (best of {args.rounds})")
        print(f"ratio validate/compose: {check_best / compose_best:.2f} (target <= 1.5)")
        processes(root, args.rounds)


if __name__ == "__main__":
    main()
