"""What change control (`tiendo validate --base REV`) costs on top of `tiendo validate`.

Writes a province-scale synthetic data set (60 agencies, 1,000 tasks, 20 quarters) into a
fresh git repository, commits it, then times whole `tiendo validate` processes (best of N
rounds, alternating) in three states of the working tree:

- unchanged, without `--base` (the reference);
- an agency adds a report (`--base HEAD`): only that file's base text is read;
- the office adds a task to the plan without `assigned` (`--base HEAD`): the base data set is
  read and the figures of every locked period computed at both revisions (the change is refused).

Prints each time and its ratio to the reference.

    python benchmarks/change_control.py [--rounds 3] [--agencies 60 --tasks 1000 --periods 20]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
from pathlib import Path

from measure import TIENDO, run, sized, synthetic

from generator.data.synth import write

VALIDATE = [*TIENDO, "validate", "--data", "data"]
TODAY = "2026-01-01"  # every period of the synthetic plan is then locked


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=tiendo", "-c", "user.email=tiendo@localhost", *args],
                   check=True, capture_output=True)


def timed(repo: Path, *extra: str) -> tuple[float, int]:
    result = run([*VALIDATE, *extra], cwd=repo, today=TODAY, check=False)
    return result.wall, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args = sized(parser, rounds=3).parse_args()
    with tempfile.TemporaryDirectory(prefix="tiendo-bench-") as tmp:
        repo = Path(tmp)
        write(repo / "data", synthetic(args, seed=0))
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Dữ liệu")
        files = sum(1 for _ in (repo / "data").rglob("*.yaml"))
        reports = sorted((repo / "data/updates").rglob("*.yaml"))
        plan = next((repo / "data/plans").rglob("plan.yaml"))
        plan_text = plan.read_text(encoding="utf-8")
        lead = re.search(r"lead: (\S+)", plan_text).group(1)
        group = re.search(r"group: (\S+)", plan_text).group(1)
        source = reports[-1]  # the agency's report of the last quarter, copied to the next quarter
        year, quarter = re.search(r"(\d{4})-Q(\d)", source.name).groups()
        following = f"{int(year) + int(quarter) // 4}-Q{int(quarter) % 4 + 1}"
        new_report = source.with_name(f"{following}.yaml")
        report_text = re.sub(r"as_of: \S+", f"as_of: '{following[:4]}-{3 * int(following[-1]):02d}-14'", re.sub(
            r"submitted_on: \S+", "submitted_on: '2025-12-30'", source.read_text(encoding="utf-8")
            .replace(source.stem, following)))
        states = {
            "unchanged, no --base": ((), None),
            "an agency adds a report": (("--base", "HEAD"), lambda: new_report.write_text(report_text, encoding="utf-8")),
            "the plan gains a task": (("--base", "HEAD"), lambda: plan.write_text(
                plan_text + f"- id: '9999'\n  title: Nhiệm vụ mới giao\n  lead: {lead}\n  group: {group}\n  due: 2022-12-31\n",
                encoding="utf-8")),
        }
        best = dict.fromkeys(states, float("inf"))
        codes = {}
        for _ in range(args.rounds):
            for name, (extra, prepare) in states.items():
                git(repo, "checkout", "-q", "--", "data")
                new_report.unlink(missing_ok=True)
                if prepare:
                    prepare()
                seconds, codes[name] = timed(repo, *extra)
                best[name] = min(best[name], seconds)
    reference = best["unchanged, no --base"]
    print(f"{files} files, best of {args.rounds} rounds, whole processes")
    for name, seconds in best.items():
        print(f"  {name:<26} {seconds:6.2f} s  x{seconds / reference:.2f}  (exit {codes[name]})")


if __name__ == "__main__":
    main()
