"""Statistics (contract sections 7 and 8): every branch on hand-made plans, properties on synthetic data,
and the bundled data's 2019-Q1 figures worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check import check
from generator.data.periods import Schedule
from generator.data.synth import SynthConfig, write
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
