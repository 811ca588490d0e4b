"""What a hostile pull request can cost `tiendo validate --format github` (what CI runs).

Writes a synthetic data set (8 agencies, a plan of 1,000 tasks), adds one
report built to amplify, and runs the whole command as a process:

- wide line: one line of a report holds 5,000 unknown keys (about 43 KB):
  5,000 problems pointing into the same line;
- unknown tasks: one report names 45,000 tasks the plan does not have:
  45,000 "did you mean" searches among the plan's task ids.

Prints, for each, the wall-clock and CPU time and the bytes written to stdout and
stderr (the CI log), next to the same command on the data without the
hostile report.

    python benchmarks/hostile.py [--timeout 600]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from measure import TIENDO, run

from generator.data.synth import SynthConfig, write

REPORT = "updates/ke-hoach-mau/co-quan-001/{period}.yaml"
HEAD = "plan: ke-hoach-mau\nagency: co-quan-001\nperiod: {period}\nas_of: {as_of}\nsubmitted_on: {as_of}\n"


def wide_line(keys: int) -> str:
    pairs = ", ".join(f"k{i}: 1" for i in range(keys))
    return f"entries:\n  - {{task: '1.1', {pairs}}}\n"


def unknown_tasks(count: int) -> str:
    return "entries:\n" + "".join(f"  - task: '9.{i}'\n" for i in range(count))


def validate(root: Path, out: Path, timeout: float) -> tuple[float, float, int, int, str]:
    """(wall-clock seconds, CPU seconds, stdout bytes, stderr bytes, exit code) of
    `tiendo validate --format github`; CPU time depends less on what else the machine runs."""
    stdout, stderr = out / "stdout", out / "stderr"
    with open(stdout, "wb") as o, open(stderr, "wb") as e:
        timed = run([*TIENDO, "validate", "--data", str(root), "--format", "github"], check=False,
                    timeout=timeout, stdout=o, stderr=e)
    code = f"killed after {timeout:.0f} s" if timed.returncode is None else str(timed.returncode)
    return timed.wall, timed.cpu, stdout.stat().st_size, stderr.stat().st_size, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "data"
        write(root, SynthConfig(agencies=8, tasks=1000, periods=4, seed=1))
        # the next period after the synthetic ones: a new report, as a pull request would add
        period, as_of = "2018-Q1", "2018-03-14"
        target = root / REPORT.format(period=period)
        cases = {"clean data": "", "wide line (5,000 unknown keys)": wide_line(5000),
                 "unknown tasks (45,000)": unknown_tasks(45000)}
        for name, body in cases.items():
            if body:
                target.write_text(HEAD.format(period=period, as_of=as_of) + body, encoding="utf-8")
            elif target.exists():
                target.unlink()
            size = target.stat().st_size if body else 0
            seconds, cpu, out, err, code = validate(root, work, args.timeout)
            print(f"{name}: report {size:,} bytes; {seconds:.1f} s (CPU {cpu:.1f} s), stdout {out:,} bytes, "
                  f"stderr {err:,} bytes, exit {code}")


if __name__ == "__main__":
    main()
