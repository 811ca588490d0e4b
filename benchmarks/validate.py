"""How much `tiendo validate` costs beyond reading the YAML at all.

Writes a province-scale synthetic data set (60 agencies, 1,000 tasks, 20
quarters), then times, in one run and alternating rounds:

- a bare libyaml compose of every file (`yaml.compose(..., CBaseLoader)`),
  the least any YAML-based checker must do;
- the full check: strict reading, schemas, cross-file rules.

Prints files, entries, both times (best of N rounds) and their ratio.
Target: ratio <= 1.5.

    python benchmarks/validate.py [--rounds 5] [--agencies 60 --tasks 1000 --periods 20]
"""

from __future__ import annotations

import argparse
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


if __name__ == "__main__":
    main()
