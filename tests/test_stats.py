"""Statistics (contract sections 7 and 8): every branch on hand-made plans, properties on synthetic data,
and the bundled data's 2019-Q1 figures worked out by hand."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, TODAY
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.check import check
from generator.data.periods import Schedule
from generator.data.synth import SynthConfig, generate, write
from generator.stats.engine import compute, snapshot
from generator.stats.figures import CATEGORIES, COUNT_KEYS, RATE_KEYS, Block, PeriodFigures
from generator.vocabulary import CATEGORY_LABELS, SHORT_LABELS, label

AGENCIES = {"agencies": [{"id": a, "name": f"Cơ quan {a.upper()}"} for a in ("a", "b", "c", "d")]}


def build(root: Path, tasks: list[dict], reports: dict[tuple[str, str], dict], *, cycle="quarter", cutoff=14,
          start="2019-01-01", end="2020-12-31", groups=("1",)) -> Path:
    """Write a small data folder. Tasks default to group 1 and lead `a`; reports default as_of to R(P)."""
    reporting = {"cycle": cycle, **({"cutoff_day": cutoff} if cutoff else {})}
    plan = {"id": "kh", "code": "1-KH", "title": "Kế hoạch thử", "issued_by": "BTV", "issued_on": "2018-12-01",
            "owner": "a", "start": start, "end": end, "reporting": reporting,
            "groups": [{"id": g, "title": f"Nhóm {g}"} for g in groups],
            "tasks": [{"group": groups[0], "title": f"Nhiệm vụ {t['id']}", "lead": "a", **t} if groups else
                      {"title": f"Nhiệm vụ {t['id']}", "lead": "a", **t} for t in tasks]}
    if not groups:
        del plan["groups"]
    schedule = Schedule(date.fromisoformat(start), date.fromisoformat(end), cycle, cutoff)
    files = {"agencies.yaml": AGENCIES, "plans/kh/plan.yaml": plan}
    for (agency, period_id), report in reports.items():
        as_of = schedule.reference_date(schedule.get(period_id)).isoformat()
        files[f"updates/kh/{agency}/{period_id}.yaml"] = {
            "plan": "kh", "agency": agency, "period": period_id, "as_of": as_of, "submitted_on": as_of, **report}
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def figures(root: Path, period: str) -> PeriodFigures:
    data, problems = check(root, TODAY)
    assert [p for p in problems if p.is_error] == []
    plan = data.plans["kh"]
    result = compute(plan, data.updates, list(data.agencies)).at(period)
    assert result == snapshot(plan, data.updates, period, list(data.agencies))
    return result


def category_counts(block: Block) -> dict:
    return {k: block.count(k) for k in CATEGORIES if block.count(k)}


def test_lead_entry_is_carried_forward_over_missed_periods(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2020-06-30"}],
                 {("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 40}]},
                  ("a", "2019-Q3"): {"entries": []}})
    for period in ("2019-Q1", "2019-Q2", "2019-Q3", "2020-Q1"):
        totals = figures(root, period).totals
        assert category_counts(totals) == {"in_progress": 1}
        assert totals.weighted_progress == 40.0
    assert category_counts(figures(root, "2020-Q3").totals) == {"overdue": 1}
    assert figures(root, "2020-Q3").totals.weighted_progress == 40.0  # overdue keeps its entry's p


def test_task_reopened_after_completion_counts_as_its_latest_entry(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-12-31"}], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "completed", "completed_on": "2019-03-01"}]},
        ("a", "2019-Q2"): {"revisions": [{"date": "2019-06-10", "reason": "Phát hiện sai sót, làm lại"}],
                           "entries": [{"task": "1", "status": "in_progress", "progress": 80}]},
    })
    assert category_counts(figures(root, "2019-Q1").totals) == {"completed_on_time": 1}
    assert category_counts(figures(root, "2019-Q2").totals) == {"in_progress": 1}
    assert category_counts(figures(root, "2020-Q1").totals) == {"overdue": 1}


def test_never_reported_is_not_reported_before_its_due_date_and_overdue_after(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-Q3"}], {("b", "2019-Q1"): {"entries": []}})
    assert category_counts(figures(root, "2019-Q3").totals) == {"not_reported": 1}  # due 30/09 >= R 14/09
    assert category_counts(figures(root, "2019-Q4").totals) == {"overdue": 1}
    assert figures(root, "2019-Q4").totals.weighted_progress == 0.0


def test_due_exactly_on_the_reference_date_is_not_yet_overdue(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-03-14"}, {"id": "2", "due": "2019-03-13"}], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "not_started"},
                                       {"task": "2", "status": "in_progress", "progress": 10}]}})
    q1 = figures(root, "2019-Q1")
    assert category_counts(q1.totals) == {"not_started": 1, "overdue": 1}
    assert category_counts(figures(root, "2019-Q2").totals) == {"overdue": 2}


def test_completion_on_the_due_date_is_on_time_and_a_day_later_is_late(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-03-10"}, {"id": "2", "due": "2019-03-10"}], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "completed", "completed_on": "2019-03-10"},
                                       {"task": "2", "status": "completed", "completed_on": "2019-03-11"}]}})
    totals = figures(root, "2019-Q1").totals
    assert category_counts(totals) == {"completed_on_time": 1, "completed_late": 1}
    assert (totals.completion_rate, totals.on_time_rate, totals.overdue_rate) == (100.0, 50.0, 0.0)


def test_without_cutoff_the_reference_date_is_the_last_day_of_the_period(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-03-31"}, {"id": "2", "due": "2019-03-30"}], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 50},
                                       {"task": "2", "status": "in_progress", "progress": 50}]}}, cutoff=None)
    q1 = figures(root, "2019-Q1")
    assert q1.reference_date.isoformat() == "2019-03-31" and q1.submission_due.isoformat() == "2019-04-20"
    assert category_counts(q1.totals) == {"in_progress": 1, "overdue": 1}


@pytest.mark.parametrize(("cycle", "first", "second", "reference"), [
    ("month", "2019-01", "2019-02", "2019-02-14"),
    ("quarter", "2019-Q1", "2019-Q2", "2019-06-14"),
    ("half", "2019-H1", "2019-H2", "2019-12-14"),
    ("year", "2019", "2020", "2020-12-14"),
])
def test_every_cycle(tmp_path, cycle, first, second, reference):
    root = build(tmp_path, [{"id": "1", "due": first}, {"id": "2", "due": "recurring"}], {
        ("a", first): {"entries": [{"task": "1", "status": "in_progress", "progress": 30},
                                   {"task": "2", "status": "in_progress"}]},
        ("a", second): {"entries": []}}, cycle=cycle)
    result = figures(root, second)
    assert result.reference_date.isoformat() == reference
    assert category_counts(result.totals) == {"overdue": 1}
    assert (result.totals.recurring, result.totals.recurring_reported) == (1, 0)
    assert figures(root, first).totals.recurring_reported == 1


def test_weighted_progress_uses_weights_and_the_p_of_each_category(tmp_path):
    root = build(tmp_path, [
        {"id": "1", "due": "2020-12-31", "weight": 1},  # completed: p = 100
        {"id": "2", "due": "2020-12-31", "weight": 3},  # in progress 20
        {"id": "3", "due": "2019-01-31", "weight": 2},  # overdue, its entry says 50
        {"id": "4", "due": "2020-12-31", "weight": 0.5},  # not started: 0
        {"id": "5", "due": "recurring", "weight": 10},  # standing tasks are not in the average
    ], {("a", "2019-Q1"): {"entries": [
        {"task": "1", "status": "completed", "completed_on": "2019-02-01"},
        {"task": "2", "status": "in_progress", "progress": 20},
        {"task": "3", "status": "in_progress", "progress": 50},
        {"task": "4", "status": "not_started", "progress": 0},
        {"task": "5", "status": "in_progress"}]}})
    totals = figures(root, "2019-Q1").totals
    # (1×100 + 3×20 + 2×50 + 0.5×0) / (1 + 3 + 2 + 0.5) = 260 / 6.5 = 40.0
    assert totals.weighted_progress == 40.0
    assert (totals.completion_rate, totals.on_time_rate, totals.overdue_rate) == (25.0, 100.0, 25.0)


def test_rates_are_null_when_their_denominator_is_zero(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "recurring"}], {("a", "2019-Q1"): {"entries": []}})
    totals = figures(root, "2019-Q1").totals
    assert totals.one_off == 0
    assert [totals.rate(k) for k in RATE_KEYS] == [None] * 4
    root = build(tmp_path / "2", [{"id": "1", "due": "2020-12-31"}], {})
    totals = figures(root, "2019-Q1").totals
    assert (totals.completion_rate, totals.on_time_rate) == (0.0, None)


def test_rates_round_half_up_to_one_decimal(tmp_path):
    tasks = [{"id": str(i), "due": "2020-12-31"} for i in range(1, 17)]
    entries = [{"task": "1", "status": "completed", "completed_on": "2019-02-01"}]
    root = build(tmp_path, tasks, {("a", "2019-Q1"): {"entries": entries}})
    assert figures(root, "2019-Q1").totals.completion_rate == 6.3  # 1/16 = 6.25 %


def test_sum_indicators_add_every_agency_and_period_and_last_takes_the_leads_latest(tmp_path):
    task = {"id": "1", "due": "2020-12-31", "support": ["b"], "indicators": [
        {"id": "so-vu", "name": "Số vụ", "aggregate": "sum"},
        {"id": "ty-le", "name": "Tỷ lệ", "aggregate": "last", "target": 100},
        {"id": "chua-bao-cao", "name": "Chưa ai báo cáo", "aggregate": "sum"}]}
    root = build(tmp_path, [task], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 10,
                                        "indicators": {"so-vu": 2, "ty-le": 60}}]},
        ("b", "2019-Q1"): {"entries": [{"task": "1", "indicators": {"so-vu": 1.5}}]},
        ("b", "2019-Q2"): {"entries": [{"task": "1", "indicators": {"so-vu": 4}}]},
        ("a", "2019-Q3"): {"entries": [{"task": "1", "status": "in_progress", "progress": 20,
                                        "indicators": {"ty-le": 75.5}}]},
    })
    assert figures(root, "2019-Q1").indicators == {"1": {"so-vu": 3.5, "ty-le": 60}}
    assert figures(root, "2019-Q2").indicators == {"1": {"so-vu": 7.5, "ty-le": 60}}
    assert figures(root, "2019-Q4").indicators == {"1": {"so-vu": 7.5, "ty-le": 75.5}}


def test_indicators_are_absent_before_anything_is_reported(tmp_path):
    task = {"id": "1", "due": "2020-12-31", "indicators": [{"id": "so-vu", "name": "Số vụ", "aggregate": "sum"}]}
    root = build(tmp_path, [task], {("a", "2019-Q2"): {"entries": [
        {"task": "1", "status": "in_progress", "progress": 5, "indicators": {"so-vu": 0}}]}})
    assert figures(root, "2019-Q1").indicators == {}
    assert figures(root, "2019-Q2").indicators == {"1": {"so-vu": 0}}


def test_a_supporter_may_not_report_a_last_indicator(tmp_path):
    task = {"id": "1", "due": "2020-12-31", "support": ["b"],
            "indicators": [{"id": "ty-le", "name": "Tỷ lệ", "aggregate": "last"}]}
    root = build(tmp_path, [task], {("b", "2019-Q1"): {"entries": [{"task": "1", "indicators": {"ty-le": 90}}]}})
    _, problems = check(root, TODAY)
    assert [p.rule for p in problems] == ["indicator-lead-only"]


def test_submissions_on_time_late_and_missing_for_involved_agencies_only(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2020-12-31", "support": ["b", "c"]}], {
        ("a", "2019-Q1"): {"submitted_on": "2019-03-20", "entries": []},  # D(P) = 20/03: on time
        ("b", "2019-Q1"): {"submitted_on": "2019-03-21", "entries": []},
    })
    agencies = figures(root, "2019-Q1").agencies
    assert list(agencies) == ["a", "b", "c"]  # d leads and supports nothing
    assert {a: (v.submitted, v.submitted_on, v.on_time) for a, v in agencies.items()} == {
        "a": (True, date(2019, 3, 20), True), "b": (True, date(2019, 3, 21), False), "c": (False, None, False)}
    assert agencies["b"].tasks == 0 and agencies["b"].completion_rate is None


def test_groups_have_a_key_each_and_none_without_groups(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2020-12-31", "group": "2"}], {}, groups=("1", "2"))
    groups = figures(root, "2019-Q1").groups
    assert list(groups) == ["1", "2"] and groups["1"].tasks == 0 and groups["2"].not_reported == 1
    root = build(tmp_path / "nogroups", [{"id": "1", "due": "2020-12-31"}], {}, groups=())
    assert figures(root, "2019-Q1").groups == {}


def test_per_agency_figures_cover_the_tasks_it_leads(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2019-01-31", "lead": "a"}, {"id": "2", "due": "2020-01-31", "lead": "b"}],
                 {("b", "2019-Q1"): {"entries": [{"task": "2", "status": "in_progress", "progress": 60}]}})
    agencies = figures(root, "2019-Q1").agencies
    assert category_counts(agencies["a"]) == {"overdue": 1}
    assert category_counts(agencies["b"]) == {"in_progress": 1} and agencies["b"].weighted_progress == 60.0


# --- v1.1: tasks given later (`assigned`) and deadline extensions ------------------------


def test_a_task_assigned_mid_plan_is_absent_from_earlier_periods_and_their_submissions(tmp_path):
    root = build(tmp_path, [
        {"id": "1", "due": "2020-12-31"},
        {"id": "2", "due": "2019-12-31", "lead": "b", "support": ["c"], "assigned": "2019-05-02"},  # in window Q2
    ], {("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 10}]},
        ("b", "2019-Q2"): {"entries": [{"task": "2", "status": "in_progress", "progress": 30}]}})
    q1 = figures(root, "2019-Q1")
    assert (q1.totals.tasks, category_counts(q1.totals), q1.totals.weighted_progress) == (1, {"in_progress": 1}, 10.0)
    assert list(q1.agencies) == ["a"]  # b and c lead or support only task 2, not given yet at R = 14/03
    assert q1.groups["1"].tasks == 1
    q2 = figures(root, "2019-Q2")
    assert (q2.totals.tasks, category_counts(q2.totals), q2.totals.weighted_progress) == (2, {"in_progress": 2}, 20.0)
    assert list(q2.agencies) == ["a", "b", "c"] and q2.agencies["b"].submitted and not q2.agencies["c"].submitted
    timeline = compute(*_plan_and_updates(root))
    assert [s.category for s in timeline.states["2"][:3]] == ["not_assigned", "in_progress", "in_progress"]
    assert [c.task for c in timeline.changes("2019-Q2")] == ["2"]  # newly given, and reported


@pytest.mark.parametrize(("assigned", "first_counted"), [
    ("2019-03-14", "2019-Q1"),  # on R(2019-Q1): counted in that period
    ("2019-03-15", "2019-Q2"),  # a day later: from the next period
    ("2019-06-14", "2019-Q2"),
])
def test_a_task_counts_from_the_period_whose_reference_date_reaches_its_assigned_day(tmp_path, assigned,
                                                                                     first_counted):
    root = build(tmp_path, [{"id": "1", "due": "2020-12-31", "assigned": assigned, "lead": "b"}], {})
    counted = [p for p in ("2019-Q1", "2019-Q2", "2019-Q3") if figures(root, p).totals.tasks == 1]
    assert counted[0] == first_counted
    assert all(list(figures(root, p).agencies) == ["b"] for p in counted)
    assert list(figures(root, "2019-Q1").agencies) == (["b"] if first_counted == "2019-Q1" else [])


def test_two_extensions_one_decided_after_the_due_had_passed(tmp_path):
    # due 30/06/2019; extended on 10/05/2019 to 31/08/2019; that passed, and on 10/01/2020 it was extended again
    # to 31/03/2020. Between R(2019-Q3) = 14/09/2019 and the second decision the task is overdue.
    task = {"id": "1", "due": "2019-06-30", "extensions": [
        {"due": "2019-08-31", "decided_on": "2019-05-10", "decision": "12-TB/TU"},
        {"due": "2020-03-31", "decided_on": "2020-01-10", "reason": "Chờ kết luận thanh tra"}]}
    root = build(tmp_path, [task], {
        ("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 50}]},
        ("a", "2020-Q1"): {"entries": [{"task": "1", "status": "completed", "completed_on": "2020-02-01"}]}})
    expected = {"2019-Q1": ("in_progress", date(2019, 6, 30)), "2019-Q2": ("in_progress", date(2019, 8, 31)),
                "2019-Q3": ("overdue", date(2019, 8, 31)), "2019-Q4": ("overdue", date(2019, 8, 31)),
                "2020-Q1": ("completed_on_time", date(2020, 3, 31)),
                "2020-Q2": ("completed_on_time", date(2020, 3, 31))}
    timeline = compute(*_plan_and_updates(root))
    for period, (category, due) in expected.items():
        assert category_counts(figures(root, period).totals) == {category: 1}, period
        assert (timeline.state("1", period).category, timeline.state("1", period).due) == (category, due), period
    assert figures(root, "2019-Q4").totals.weighted_progress == 50.0  # overdue keeps its entry's p


def test_figures_published_for_earlier_periods_do_not_change_when_a_later_task_is_added(tmp_path):
    tasks = [{"id": "1", "due": "2019-09-30"}, {"id": "2", "due": "recurring", "lead": "b"}]
    reports = {("a", "2019-Q1"): {"entries": [{"task": "1", "status": "in_progress", "progress": 40}]},
               ("b", "2019-Q1"): {"entries": [{"task": "2", "status": "in_progress"}]},
               ("a", "2019-Q2"): {"entries": [{"task": "1", "status": "completed", "completed_on": "2019-05-20"}]}}
    before = [figures(build(tmp_path / "before", tasks, reports), p).as_json() for p in ("2019-Q1", "2019-Q2")]
    later = {"id": "3", "due": "2019-12-31", "lead": "c", "support": ["d"], "assigned": "2019-07-01"}
    root = build(tmp_path / "after", [*tasks, later],
                 {**reports, ("c", "2019-Q3"): {"entries": [{"task": "3", "status": "not_started"}]}})
    assert [figures(root, p).as_json() for p in ("2019-Q1", "2019-Q2")] == before
    q3 = figures(root, "2019-Q3")
    assert q3.totals.tasks == 3 and list(q3.agencies) == ["a", "b", "c", "d"]


def _plan_and_updates(root: Path):
    data, _ = check(root, TODAY)
    return data.plans["kh"], data.updates, list(data.agencies)


def test_every_statistics_key_has_one_label_in_the_vocabulary():
    for key in (*COUNT_KEYS, *RATE_KEYS):
        assert label(key) != key and key in SHORT_LABELS
    assert set(CATEGORIES) < set(CATEGORY_LABELS)
    assert label("not_reported") == CATEGORY_LABELS["not_reported"] == "Chưa có báo cáo"


def test_figures_as_json_keep_the_contract_order_and_plain_values(tmp_path):
    root = build(tmp_path, [{"id": "1", "due": "2020-12-31"}], {("a", "2019-Q1"): {"entries": []}})
    result = figures(root, "2019-Q1").as_json()
    assert list(result) == ["plan", "period", "reference_date", "submission_due", "totals", "groups", "agencies",
                            "indicators"]
    assert list(result["totals"]) == [*COUNT_KEYS, *RATE_KEYS]
    assert list(result["agencies"]["a"]) == [*COUNT_KEYS, *RATE_KEYS, "submitted", "submitted_on", "on_time"]
    assert (result["period"], result["reference_date"], result["agencies"]["a"]["submitted_on"]) == (
        "2019-Q1", "2019-03-14", "2019-03-14")


# --- properties on synthetic data ------------------------------------------------


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 1000), cycle=st.sampled_from(["month", "quarter", "half", "year"]),
       tasks=st.integers(1, 30), periods=st.integers(1, 10), cutoff=st.sampled_from([None, 14]))
def test_properties_on_synthetic_data(tmp_path_factory, seed, cycle, tasks, periods, cutoff):
    root = tmp_path_factory.mktemp("s") / "data"
    write(root, SynthConfig(agencies=5, tasks=tasks, periods=periods, cycle=cycle, seed=seed, cutoff_day=cutoff))
    data, problems = check(root, TODAY)
    assert not problems
    plan = next(iter(data.plans.values()))
    timeline = compute(plan, data.updates, list(data.agencies))
    for period in timeline.periods:
        result = timeline.at(period)
        assert result == snapshot(plan, data.updates, period, list(data.agencies))  # all at once == alone
        totals = result.totals
        assert sum(totals.count(k) for k in CATEGORIES) == totals.one_off  # the six categories partition
        assert totals.one_off + totals.recurring == totals.tasks
        assert 0 <= totals.recurring_reported <= totals.recurring
        for key in ("tasks", "one_off", "recurring", "recurring_reported", *CATEGORIES):
            assert totals.count(key) == sum(block.count(key) for block in result.agencies.values())  # Σ leads
            assert totals.count(key) == sum(block.count(key) for block in result.groups.values())
        for block in [totals, *result.agencies.values(), *result.groups.values()]:
            for key in RATE_KEYS:
                assert block.rate(key) is None or 0 <= block.rate(key) <= 100


def _synthetic(root: Path, files: dict[str, dict]):
    """Write a generated data set and compute it: (timeline, plan, updates, agency order)."""
    for relative, document in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data, problems = check(root, TODAY)
    assert [(p.rule, p.file, p.line) for p in problems if p.is_error] == []
    plan = next(iter(data.plans.values()))
    order = list(data.agencies)
    return compute(plan, data.updates, order), plan, data.updates, order


def _unchanged_up_to(before, after, moment: date) -> int:
    """Assert every period whose R(P) is before `moment` has the same figures in both; returns how many."""
    plan, updates, order = after[1:]
    same = [p for p in before[0].periods if plan.schedule.reference_date(p) < moment]
    for period in same:
        assert after[0].at(period).as_json() == before[0].at(period).as_json(), period.id
        assert snapshot(plan, updates, period, order) == after[0].at(period)
    return len(same)


SYNTH = st.builds(SynthConfig, agencies=st.integers(2, 6), tasks=st.integers(1, 25), periods=st.integers(2, 8),
                  cycle=st.sampled_from(["month", "quarter", "half", "year"]), seed=st.integers(0, 10_000),
                  cutoff_day=st.sampled_from([None, 14]))


@settings(max_examples=10, deadline=None)
@given(cfg=SYNTH, period=st.integers(0, 7), days_after=st.integers(1, 400), recurring=st.booleans(),
       lead=st.integers(0, 5), support=st.integers(0, 5))
def test_adding_a_task_assigned_after_the_reference_date_never_changes_that_periods_figures(
        tmp_path_factory, cfg, period, days_after, recurring, lead, support):
    files = generate(cfg)
    before = _synthetic(tmp_path_factory.mktemp("before"), files)
    plan = before[1]
    agencies = [a["id"] for a in files["agencies.yaml"]["agencies"]]
    reference = plan.schedule.reference_date(plan.schedule.periods[period % len(plan.schedule.periods)])
    assigned = min(reference + timedelta(days=days_after), plan.plan.end)
    assume(assigned > reference)
    task = {"id": "99", "title": "Nhiệm vụ giao thêm", "lead": agencies[lead % len(agencies)],
            "due": "recurring" if recurring else plan.plan.end.isoformat(), "assigned": assigned.isoformat()}
    if support % len(agencies) != lead % len(agencies):
        task["support"] = [agencies[support % len(agencies)]]
    if cfg.groups:
        task["group"] = "1"
    changed = copy.deepcopy(files)
    changed[f"plans/{cfg.plan_id}/plan.yaml"]["tasks"].append(task)
    after = _synthetic(tmp_path_factory.mktemp("after"), changed)
    assert _unchanged_up_to(before, after, assigned) >= 1  # at least the period P drawn
    for p in after[0].periods:  # from its assigned day on, it counts
        if plan.schedule.reference_date(p) >= assigned:
            assert after[0].at(p).totals.tasks == before[0].at(p).totals.tasks + 1
            assert task["lead"] in after[0].at(p).agencies


@settings(max_examples=10, deadline=None)
@given(cfg=SYNTH, period=st.integers(0, 7), days_after=st.integers(1, 400), which=st.integers(0, 100),
       longer=st.integers(1, 300))
def test_an_extension_decided_after_the_reference_date_never_changes_that_periods_figures(
        tmp_path_factory, cfg, period, days_after, which, longer):
    files = generate(cfg)
    tasks = files[f"plans/{cfg.plan_id}/plan.yaml"]["tasks"]
    one_off = [t for t in tasks if t["due"] != "recurring"]
    assume(one_off)
    before = _synthetic(tmp_path_factory.mktemp("before"), files)
    plan = before[1]
    target = one_off[which % len(one_off)]
    model = plan.tasks[target["id"]]
    reference = plan.schedule.reference_date(plan.schedule.periods[period % len(plan.schedule.periods)])
    earlier = [e.decided_on for e in model.extensions]  # decided on a later day than those, not before it was given
    decided = max([reference + timedelta(days=days_after), *(d + timedelta(days=1) for d in earlier),
                   *([model.assigned] if model.assigned else [])])
    assume(decided <= TODAY)
    last_due = model.extensions[-1].due_date if model.extensions else model.due_date
    changed = copy.deepcopy(files)
    extended = next(t for t in changed[f"plans/{cfg.plan_id}/plan.yaml"]["tasks"] if t["id"] == target["id"])
    extended.setdefault("extensions", []).append(
        {"due": (last_due + timedelta(days=longer)).isoformat(), "decided_on": decided.isoformat()})
    after = _synthetic(tmp_path_factory.mktemp("after"), changed)
    _unchanged_up_to(before, after, decided)
    for p in after[0].periods:  # from the decision on, the task's due is the new one
        if plan.schedule.reference_date(p) >= decided:
            assert after[0].state(target["id"], p).due == last_due + timedelta(days=longer)


def test_synthetic_data_has_tasks_given_later_and_extended_deadlines_and_all_at_once_equals_alone(tmp_path):
    cfg = SynthConfig(agencies=6, tasks=60, periods=8, seed=7)
    files = generate(cfg)
    tasks = files[f"plans/{cfg.plan_id}/plan.yaml"]["tasks"]
    assert any("assigned" in t for t in tasks) and any(len(t.get("extensions", ())) == 2 for t in tasks)
    timeline, plan, updates, order = _synthetic(tmp_path, files)
    assert [timeline.at(p) for p in timeline.periods] == [snapshot(plan, updates, p, order) for p in timeline.periods]
    first = timeline.at(timeline.periods[0])
    assert first.totals.tasks == sum(1 for t in tasks if "assigned" not in t)


# --- the bundled data, by hand ----------------------------------------------------

# Plan 17-KH/TU at 2019-Q1 (R = 14/03/2019). For each one-off task: the lead's latest entry at or before
# 2019-Q1 (read from data/updates/kh-17-tu/<lead>/*.yaml), its category, its weight and its p.
BY_HAND = [
    # task, weight, category, p        effective entry
    ("1.1", 1, "completed_on_time", 100),  # BNCTU 2017-Q1 completed 10/03/2017, due 31/03/2017
    ("1.2", 1, "completed_on_time", 100),  # UBKTTU 2017-Q2 completed 08/06/2017, due 30/06/2017
    ("1.4", 1, "completed_late", 100),  # TAND 2017-Q4 completed 20/11/2017, due 30/09/2017
    ("1.6", 2, "completed_late", 100),  # BNCTU 2018-Q3 completed 12/09/2018, due 30/06/2018
    ("1.7", 1, "completed_on_time", 100),  # THADS 2018-Q1 completed 15/12/2017, due 31/12/2017
    ("1.8", 1, "completed_on_time", 100),  # VKS 2018-Q2 completed 21/05/2018, due 2018-Q2 = 30/06/2018
    ("2.1", 2, "completed_late", 100),  # STP 2018-Q4 completed 26/10/2018, due 30/06/2018
    ("2.3", 2, "overdue", 40),  # TTTP 2019-Q1 in progress 40, due 31/12/2018
    ("2.4", 2, "overdue", 35),  # CATP 2019-Q1 in progress 35, due 30/06/2018
    ("2.5", 1, "overdue", 50),  # BNCTU 2019-Q1 in progress 50, due 31/12/2017
    ("2.6", 1, "overdue", 60),  # BNCTU 2019-Q1 in progress 60, due 2018-Q2
    ("2.7", 1, "completed_on_time", 100),  # STP 2017-Q4 completed 08/12/2017, due 31/12/2017
    ("2.8", 1, "completed_late", 100),  # VKS 2017-Q4 completed 25/10/2017, due 30/09/2017
    ("2.9", 1, "in_progress", 45),  # THADS 2019-Q1, due 31/12/2019
    ("2.10", 1, "not_started", 0),  # TTTP 2019-Q1, due 30/06/2020
    ("3.2", 1, "completed_on_time", 100),  # UBKTTU 2018-Q4 completed 28/11/2018, due 31/12/2018
    ("3.3", 3, "in_progress", 55),  # TTTP 2019-Q1, due 31/12/2020
    ("3.5", 3, "overdue", 85),  # BNCTU 2019-Q1 in progress 85, due 31/12/2018
    ("3.7", 2, "completed_on_time", 100),  # TAND 2018-Q4 completed 12/12/2018, due 31/12/2018
    ("3.8", 2, "completed_late", 100),  # THADS 2019-Q1 completed 26/02/2019, due 2018-Q4
    ("3.9", 1, "in_progress", 55),  # VKS 2018-Q4 carried forward (no entry in 2019-Q1), due 31/12/2019
    ("3.10", 1, "in_progress", 70),  # UBKTTU 2019-Q1, due 2019-Q2
    ("3.11", 1, "completed_on_time", 100),  # TAND 2018-Q4 completed 05/12/2018, due 2018-Q4
    ("4.2", 2, "completed_late", 100),  # TTTP 2019-Q1 completed 08/03/2019, due 31/12/2018
    ("4.3", 1, "in_progress", 70),  # CATP 2019-Q1, due 30/06/2019
    ("4.4", 1, "completed_on_time", 100),  # BNCTU 2018-Q4 completed 19/10/2018, due 2018-Q4
    ("4.5", 1, "in_progress", 30),  # STP 2018-Q4 carried forward (STP sent no 2019-Q1 report)
    ("4.6", 1, "completed_on_time", 100),  # TAND 2018-Q1 completed 01/07/2017, due 2017-Q3
    ("4.7", 1, "not_reported", 0),  # THADS never reported it, due 31/12/2019
    ("4.8", 1, "not_started", 0),  # BNCTU 2019-Q1, due 2019-Q4
]


def test_bundled_plan_2019_q1_matches_the_figures_worked_out_by_hand():
    data, problems = check(EXAMPLE, TODAY)
    assert not [p for p in problems if p.is_error]
    timeline = compute(data.plans["kh-17-tu"], data.updates, list(data.agencies))
    result = timeline.at("2019-Q1")
    totals = result.totals
    grid = timeline.grid[(timeline.grid["n"] == timeline.index("2019-Q1")) & (timeline.grid["category"] != "recurring")]
    assert dict(zip(grid["task"], grid["category"], strict=True)) == {t: c for t, _, c, _ in BY_HAND}
    assert dict(zip(grid["task"], grid["p"], strict=True)) == {t: p for t, _, _, p in BY_HAND}
    expected = {c: sum(1 for _, _, cat, _ in BY_HAND if cat == c) for c in CATEGORIES}
    assert {c: totals.count(c) for c in CATEGORIES} == expected == {
        "completed_on_time": 10, "completed_late": 6, "overdue": 5, "in_progress": 6, "not_started": 2,
        "not_reported": 1}
    # 7 standing tasks (1.3 1.5 2.2 3.1 3.4 3.6 4.1); all but 1.3 (STP, no 2019-Q1 report) reported in 2019-Q1
    assert (totals.tasks, totals.one_off, totals.recurring, totals.recurring_reported) == (37, 30, 7, 6)
    # completion 16/30 = 53.33 %, on time 10/16 = 62.5 %, overdue 5/30 = 16.67 %
    # weighted: Σw = 41; Σw·p = 2100 (completed) + 515 (overdue) + 435 (in progress) = 3050; 3050/41 = 74.39 %
    assert sum(w for _, w, _, _ in BY_HAND) == 41 and sum(w * p for _, w, _, p in BY_HAND) == 3050
    assert (totals.completion_rate, totals.on_time_rate, totals.overdue_rate,
            totals.weighted_progress) == (53.3, 62.5, 16.7, 74.4)
    # STP sent nothing for 2019-Q1; VKS sent it on 22/03, after D = 20/03
    assert result.agencies["so-tu-phap"].submitted is False
    assert (result.agencies["vks-tp"].submitted_on, result.agencies["vks-tp"].on_time) == (date(2019, 3, 22), False)
    assert result.reference_date.isoformat() == "2019-03-14"
