"""Statistics for every period of a province-scale plan: all at once versus one at a time.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters). Times, in
one run, best of N rounds:

- `compute` — every period at once (pandas, one pass) plus reading off every
  period's figures with `Timeline.at`;
- `snapshot` — one period computed alone, straight from the contract.

Prints the time per period of each and the ratio "all periods at once" /
"one period alone".

    python benchmarks/stats.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from generator.check import check
from generator.data.synth import SynthConfig, write
from generator.stats.engine import compute, snapshot


def best(rounds: int, run) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        write(root, SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        data, problems = check(root, date.today())
        assert not problems
        plan = next(iter(data.plans.values()))
        order = list(data.agencies)
        periods = plan.schedule.periods
        middle = periods[len(periods) // 2]

        def all_periods():
            timeline = compute(plan, data.updates, order)
            for period in periods:
                timeline.at(period)

        all_time = best(args.rounds, all_periods)
        one_time = best(args.rounds, lambda: snapshot(plan, data.updates, middle, order))
        print(f"tasks: {len(plan.plan.tasks)}  agencies: {len(order)}  periods: {len(periods)}  "
              f"reports: {len(data.updates)}")
        print(f"all {len(periods)} periods at once: {all_time:.3f} s = {all_time / len(periods) * 1000:.1f} ms per period")
        print(f"one period alone:          {one_time:.3f} s")
        print(f"ratio all-at-once / one-period: {all_time / one_time:.2f} "
              f"(computing each period alone would be {len(periods):.0f}x one period)")


if __name__ == "__main__":
    main()
