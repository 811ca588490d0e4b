"""Synthetic data sets of any size, always valid, for tests and benchmarks.

    python -m generator.data.synth OUT_DIR --agencies 60 --tasks 1000 --periods 20

The same seed gives the same files. The data exercises what real data has:
late and missing reports, leads that skip a task for a period (carry
forward), tasks never reported, standing tasks, indicators summed over
supporters and `last` indicators, completions on time and late; and,
from contract v1.1, tasks given after the plan starts (`assigned`) and
deadlines extended (`extensions`), some decided after the due had passed.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator.data.layout import plan_path, report_path
from generator.data.periods import CYCLES, Schedule, parse_period

_WORDS = ("kiểm tra", "giám sát", "thanh tra", "tuyên truyền", "rà soát", "xử lý", "kiểm soát tài sản",
          "tiếp công dân", "phòng, chống tham nhũng", "cải cách tư pháp", "thi hành án", "đất đai",
          "đầu tư công", "xây dựng cơ bản", "cán bộ, đảng viên", "khiếu nại, tố cáo")


@dataclass(frozen=True)
class SynthConfig:
    agencies: int = 8
    tasks: int = 40
    periods: int = 9
    cycle: str = "quarter"
    groups: int = 4
    seed: int = 0
    cutoff_day: int | None = 14
    due_day: int = 20
    plan_id: str = "ke-hoach-mau"
    recurring_share: float = 0.15
    missing_share: float = 0.05  # agency-periods with no report at all
    skip_share: float = 0.1  # lead entries left out of a report (carried forward)
    assigned_share: float = 0.1  # tasks given in a later period (`assigned`), reported on only from then
    extension_share: float = 0.15  # one-off tasks whose deadline is extended once or twice


def _start(cfg: SynthConfig) -> date:
    per_year = {"month": 12, "quarter": 4, "half": 2, "year": 1}[cfg.cycle]
    years = -(-cfg.periods // per_year) + 1
    return date(min(2017, date.today().year - years - 1), 1, 1)


def generate(cfg: SynthConfig) -> dict[str, dict]:
    """Relative path -> document (plain data, ready to dump as YAML)."""
    if cfg.cycle not in CYCLES:
        raise ValueError(f"unknown cycle {cfg.cycle}")
    rng = random.Random(cfg.seed)
    start = _start(cfg)
    schedule = Schedule(start, start, cfg.cycle, cfg.cutoff_day, cfg.due_day)
    periods = [schedule.periods[0]]
    while len(periods) < cfg.periods:
        periods.append(periods[-1].next())
    end = periods[-1].last_day + timedelta(days=365)
    schedule = Schedule(start, end, cfg.cycle, cfg.cutoff_day, cfg.due_day)

    agencies = [f"co-quan-{i + 1:03d}" for i in range(cfg.agencies)]
    files: dict[str, dict] = {
        "agencies.yaml": {"agencies": [
            {"id": a, "name": f"Cơ quan số {i + 1}", "short_name": f"CQ{i + 1}",
             "reviewers": [f"@to-chuc/{a}"]} for i, a in enumerate(agencies)]},
    }
    groups = [str(g + 1) for g in range(cfg.groups)]
    tasks = []
    given_in: dict[str, int] = {}  # task id -> the first period it is counted in
    for i in range(cfg.tasks):
        lead = agencies[i % len(agencies)]
        others = [a for a in agencies if a != lead]
        task = {
            "id": f"{groups[i % len(groups)]}.{i // len(groups) + 1}" if groups else str(i + 1),
            "title": f"Nhiệm vụ {i + 1}: {rng.choice(_WORDS)} và {rng.choice(_WORDS)}",
            "lead": lead,
        }
        if groups:
            task["group"] = groups[i % len(groups)]
        given = rng.randrange(1, len(periods)) if len(periods) > 1 and rng.random() < cfg.assigned_share else 0
        given_in[task["id"]] = given
        earliest = start  # a dated due is not before the day the task is given
        if given:
            first, last = schedule.window(periods[given])
            earliest = first + timedelta(days=rng.randrange((last - first).days + 1))
        support = rng.sample(others, k=min(len(others), rng.choice((0, 1, 1, 2, 3))))
        if support:
            task["support"] = support
        if rng.random() < cfg.recurring_share:
            task["due"] = "recurring"
        elif rng.random() < 0.5:
            task["due"] = rng.choice(periods[given:]).id
        else:
            days = (periods[-1].last_day - earliest).days + 1
            task["due"] = (earliest + timedelta(days=rng.randrange(days))).isoformat()
        if given:
            task["assigned"] = earliest.isoformat()
        if task["due"] != "recurring" and rng.random() < cfg.extension_share:
            task["extensions"] = _extensions(rng, task["due"], earliest, schedule.reference_date(periods[-1]))
        if rng.random() < 0.3:
            task["weight"] = rng.choice((2, 3, 0.5))
        if rng.random() < 0.3:
            task["indicators"] = [
                {"id": "so-cuoc", "name": "Số cuộc", "unit": "cuộc", "aggregate": "sum", "target": rng.randint(10, 200)},
                {"id": "ty-le", "name": "Tỷ lệ hoàn thành", "unit": "%", "aggregate": "last", "target": 100},
            ][: rng.choice((1, 2))]
        tasks.append(task)
    plan = {
        "id": cfg.plan_id, "code": "99-KH/TU", "title": "Kế hoạch mẫu để thử nghiệm",
        "issued_by": "Ban Thường vụ", "issued_on": (start - timedelta(days=3)).isoformat(),
        "owner": agencies[0], "start": start.isoformat(), "end": end.isoformat(),
        "reporting": {"cycle": cfg.cycle, "due_day": cfg.due_day,
                      **({"cutoff_day": cfg.cutoff_day} if cfg.cutoff_day else {})},
        **({"groups": [{"id": g, "title": f"Nhóm nhiệm vụ {g}"} for g in groups]} if groups else {}),
        "tasks": tasks,
    }
    files[plan_path(cfg.plan_id)] = plan

    # each one-off task's life: when work starts, when it ends (maybe never), never reported at all
    life = {}
    for task in tasks:
        begin = rng.randrange(given_in[task["id"]], len(periods))
        finish = begin + rng.randrange(len(periods)) if rng.random() < 0.7 else None
        life[task["id"]] = (begin, finish, rng.random() < 0.05)
    # reports never sent (not in the last two periods, so no task looks abandoned)
    missing = {(a, n) for a in agencies for n in range(len(periods) - 2) if rng.random() < cfg.missing_share}
    reports: dict[tuple[str, int], list[dict]] = {}
    for task in tasks:
        begin, finish, never = life[task["id"]]
        progress = 0
        sent: dict[str, dict] = {}  # agency -> the summed values it last reported on this task
        summed = [i["id"] for i in task.get("indicators", ()) if i["aggregate"] == "sum"]
        for n, period in enumerate(periods):
            if n < given_in[task["id"]]:
                continue  # not given yet: no agency reports on it
            if task["due"] != "recurring" and (never or (finish is not None and n > finish)):
                continue
            if (task["lead"], n) in missing:
                if finish == n:
                    finish += 1  # completion is reported with the next report
                continue
            if n < len(periods) - 2 and n != finish and rng.random() < cfg.skip_share:
                continue
            entry = {"task": task["id"], "result": f"Kết quả kỳ {period.label}: {rng.choice(_WORDS)}."}
            first, last = schedule.window(period)
            if task["due"] == "recurring":
                entry["status"] = "in_progress" if rng.random() < 0.8 else "not_started"
            elif n < begin:
                entry["status"] = "not_started"
            elif finish is not None and n == finish:
                entry["status"] = "completed"
                first = max(first, date.fromisoformat(task.get("assigned", first.isoformat())))
                entry["completed_on"] = (first + timedelta(days=rng.randrange((last - first).days + 1))).isoformat()
            else:
                progress = min(99, progress + rng.randint(1, 30))
                entry["status"], entry["progress"] = "in_progress", progress
            if rng.random() < 0.2:
                entry["obstacles"] = f"{period.label}: còn khó khăn về nhân lực và cơ chế phối hợp."
            values = {ind["id"]: (rng.randint(0, 20) if ind["aggregate"] == "sum" else rng.randint(50, 100))
                      for ind in task.get("indicators", ())}
            if values:
                entry["indicators"] = _not_copied(values, summed, sent, task["lead"])
            reports.setdefault((task["lead"], n), []).append(entry)
            for supporter in task.get("support", ()):
                if (supporter, n) not in missing and rng.random() < 0.5:
                    help_entry = {"task": task["id"], "result": f"Phối hợp cung cấp hồ sơ, tài liệu {period.label}."}
                    sums = {i["id"]: rng.randint(0, 5) for i in task.get("indicators", ()) if i["aggregate"] == "sum"}
                    if sums:
                        help_entry["indicators"] = _not_copied(sums, summed, sent, supporter)
                    reports.setdefault((supporter, n), []).append(help_entry)
    for agency in agencies:
        for n, period in enumerate(periods):
            if (agency, n) in missing:
                continue
            as_of = schedule.reference_date(period)
            due = schedule.due_date(period)
            submitted = due + timedelta(days=rng.randint(-5, 12))
            update = {
                "plan": cfg.plan_id, "agency": agency, "period": period.id,
                "as_of": as_of.isoformat(), "submitted_on": max(as_of, submitted).isoformat(),
                "reporter": "Văn phòng", "summary": f"Báo cáo {period.label} của {agency}.",
                "entries": reports.get((agency, n), []),
            }
            files[report_path(cfg.plan_id, agency, period.id)] = update
    return files


def _extensions(rng: random.Random, due: str, earliest: date, latest: date) -> list[dict]:
    """One or two deadline extensions, decided between `earliest` and `latest`, each later than the due it
    replaces; a decision may come before or after that due has passed."""
    replaced = parse_period(due).last_day if parse_period(due) else date.fromisoformat(due)
    days = (latest - earliest).days
    if days < 2:
        return []
    decided = sorted(rng.sample(range(days + 1), k=rng.choice((1, 1, 2))))
    out = []
    for offset in decided:
        replaced += timedelta(days=rng.randint(30, 240))
        extension = {"due": replaced.isoformat(), "decided_on": (earliest + timedelta(days=offset)).isoformat()}
        if rng.random() < 0.5:
            extension["decision"] = f"{rng.randint(1, 300)}-TB/TU"
        out.append(extension)
    return out


def _not_copied(values: dict[str, int], summed: list[str], sent: dict[str, dict], agency: str) -> dict[str, int]:
    """The values, one changed when all summed ones would repeat the agency's last ones (a copy: `repeated-values`)."""
    sums = {key: values[key] for key in summed}
    if sums and all(sums.values()) and sums == sent.get(agency):
        values = {**values, summed[0]: values[summed[0]] + 1}
    sent[agency] = {key: values[key] for key in summed}
    return values


def write(root: Path, cfg: SynthConfig) -> int:
    """Write a synthetic data folder at `root`; returns the number of files."""
    files = generate(cfg)
    for relative, document in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False,
                                  width=1000), encoding="utf-8")
    return len(files)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic tiendo data folder.")
    parser.add_argument("out", type=Path)
    for name, default in (("agencies", 8), ("tasks", 40), ("periods", 9), ("groups", 4), ("seed", 0)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--cycle", choices=CYCLES, default="quarter")
    args = parser.parse_args(argv)
    count = write(args.out, SynthConfig(agencies=args.agencies, tasks=args.tasks, periods=args.periods,
                                        groups=args.groups, seed=args.seed, cycle=args.cycle))
    print(f"{count} files written to {args.out}")


if __name__ == "__main__":
    main()

