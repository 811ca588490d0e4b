"""Timing a command as a user runs it: a whole process, its wall-clock and CPU time; the size of the
synthetic data set the benchmarks measure it on.

CPU time (user + system, of the process and every child it waited for) depends less than the wall
clock on what else a shared machine runs; the benchmarks print both.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.data.synth import SynthConfig

TIENDO = [sys.executable, "-m", "generator"]


def sized(parser: argparse.ArgumentParser, rounds: int) -> argparse.ArgumentParser:
    """Add `--rounds` and the size of the synthetic set (province scale by default) to `parser`."""
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--periods", type=int, default=20)
    return parser


def synthetic(args: argparse.Namespace, seed: int = 1) -> SynthConfig:
    return SynthConfig(agencies=args.agencies, tasks=args.tasks, periods=args.periods, seed=seed)


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float
    returncode: int | None  # None: killed after the timeout
    stdout: str
    stderr: str


def run(command: list[str], *, cwd: Path | None = None, today: str | None = None, check: bool = True,
        timeout: float | None = None, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env: dict[str, str] | None = None) -> Timed:
    """Run `command` once and time it; `today` is the date tiendo takes as today (default: today)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "400", **(env or {}),
           "TIENDO_TODAY": today or date.today().isoformat()}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr, timeout=timeout,
                              text=True, encoding="utf-8", errors="replace")
        code, out, err = done.returncode, done.stdout or "", done.stderr or ""
    except subprocess.TimeoutExpired:
        code, out, err = None, "", ""
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if check and code != 0:
        sys.exit(f"{' '.join(command)} failed ({code})\n{out}\n{err}")
    return Timed(wall, cpu, code, out, err)
