"""What `tiendo export` costs beyond checking the data, on a province-scale set.

Writes a synthetic data set (60 agencies, 1,000 tasks, 20 quarters), then times, in one run and
alternating rounds, two whole processes started from the shell: `tiendo export --data DIR --out OUT`
and `tiendo validate --data DIR` (which export runs first). Prints the rows of each table, the
files' sizes, the times (best of N rounds, wall clock and CPU) and their ratio.

    python benchmarks/export.py [--rounds 3] [--agencies 60 --tasks 1000 --periods 20]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

from measure import TIENDO, run, sized, synthetic

from generator.data.synth import write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args = sized(parser, rounds=3).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data", Path(tmp) / "out"
        write(data, synthetic(args))
        best = {"export": (float("inf"), float("inf")), "validate": (float("inf"), float("inf"))}
        commands = {"export": [*TIENDO, "export", "--data", str(data), "--out", str(out)],
                    "validate": [*TIENDO, "validate", "--data", str(data)]}
        for _ in range(args.rounds):
            for name, command in commands.items():
                timed = run(command)
                best[name] = (min(best[name][0], timed.wall), min(best[name][1], timed.cpu))
        for path in sorted(out.iterdir()):
            rows = ""
            if path.suffix == ".csv":
                with path.open(encoding="utf-8-sig", newline="") as stream:
                    rows = f", {sum(1 for _ in csv.reader(stream)) - 1:,} rows"
            print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB{rows}")
        (export_wall, export_cpu), (validate_wall, validate_cpu) = best["export"], best["validate"]
        print(f"tiendo export: {export_wall:.2f} s wall, {export_cpu:.2f} s CPU; "
              f"tiendo validate: {validate_wall:.2f} s wall, {validate_cpu:.2f} s CPU")
        print(f"export/validate: {export_wall / validate_wall:.2f} wall, {export_cpu / validate_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
