"""Statistics for every period of a province-scale plan: all at once versus period by period.

Province-scale synthetic set (60 agencies, 1,000 tasks, 20 quarters of reports), with
contract v1.1's tasks given later (`assigned`) and deadline extensions. Times, in one run,
best of N rounds:

- `compute` — every period at once (pandas, one pass) plus reading off every period's
  figures with `Timeline.at`;
- `snapshot` for every period — each period recomputed on its own, straight from the contract.

Checks that both give the same figures, then prints both times and the ratio
"period by period" / "all at once" (above 1: computing all periods at once is faster).

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


def best(rounds: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        write(root, SynthConfig(agencies=60, tasks=1000, periods=20, seed=1))
        data, problems = check(root, date.today())
        assert not [p for p in problems if p.is_error], problems[:3]
        plan = next(iter(data.plans.values()))
        order = list(data.agencies)
        periods = plan.schedule.periods

        def all_at_once():
            timeline = compute(plan, data.updates, order)
            return [timeline.at(period) for period in periods]

        def period_by_period():
            return [snapshot(plan, data.updates, period, order) for period in periods]

        all_time, together = best(args.rounds, all_at_once)
        each_time, alone = best(args.rounds, period_by_period)
        assert together == alone, "compute and snapshot disagree"
        tasks = plan.plan.tasks
        print(f"tasks: {len(tasks)} ({sum(1 for t in tasks if t.assigned)} given later, "
              f"{sum(len(t.extensions) for t in tasks)} deadline extensions)  agencies: {len(order)}  "
              f"periods: {len(periods)}  reports: {len(data.updates)}")
        per = 1000 / len(periods)
        print(f"all {len(periods)} periods at once: {all_time:.3f} s ({all_time * per:.1f} ms per period)")
        print(f"period by period:        {each_time:.3f} s ({each_time * per:.1f} ms per period)")
        print(f"ratio period-by-period / all-at-once: {each_time / all_time:.1f}x")


if __name__ == "__main__":
    main()
