"""Contract v1.1 on a task: when it counts (`assigned`) and which deadline is in force (`extensions`)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from generator.data.models import Plan, Task
from generator.data.periods import parse_period


def task(**fields) -> Task:
    return Task.model_validate({"id": "2.3", "title": "Nhiệm vụ", "lead": "co-quan-a", "due": "2018-12-31", **fields})


EXTENDED = task(extensions=[
    {"due": "2019-Q2", "decided_on": "2018-12-28", "decision": "45-TB/TU", "reason": "Chờ kết luận thanh tra"},
    {"due": "2019-09-30", "decided_on": "2019-06-20"},
])


def test_a_task_without_assigned_counts_from_the_start():
    assert task().counted_at(date(2000, 1, 1))


@pytest.mark.parametrize("reference, counted", [
    (date(2019, 3, 12), False), (date(2019, 3, 13), True), (date(2019, 6, 14), True)])
def test_a_task_assigned_later_counts_from_its_assigned_day(reference, counted):
    assert task(assigned="2019-03-13", due="2019-Q4").counted_at(reference) is counted


@pytest.mark.parametrize("reference, due", [
    (date(2018, 12, 14), date(2018, 12, 31)),  # before the first decision: the plan's own due
    (date(2018, 12, 28), date(2019, 6, 30)),  # decided that day: in force that day
    (date(2019, 3, 14), date(2019, 6, 30)),
    (date(2019, 6, 20), date(2019, 9, 30)),
    (date(2020, 1, 1), date(2019, 9, 30)),
])
def test_the_due_at_a_reference_date_is_the_last_extension_decided_by_then(reference, due):
    assert EXTENDED.due_at(reference) == due


def test_the_original_due_date_stays_the_plans_own():
    assert EXTENDED.due_date == date(2018, 12, 31)


def test_a_recurring_task_has_no_due_and_no_deadline_history():
    standing = task(due="recurring")
    assert standing.due_at(date(2019, 3, 14)) is None and standing.deadline_history == []


def test_deadline_history_lists_the_original_due_then_each_extension():
    steps = EXTENDED.deadline_history
    assert [(s.due, s.due_date, s.decided_on, s.decision) for s in steps] == [
        (date(2018, 12, 31), date(2018, 12, 31), None, None),
        (parse_period("2019-Q2"), date(2019, 6, 30), date(2018, 12, 28), "45-TB/TU"),
        (date(2019, 9, 30), date(2019, 9, 30), date(2019, 6, 20), None),
    ]
    assert steps[1].reason == "Chờ kết luận thanh tra"


def test_an_extension_cannot_make_a_task_recurring():
    with pytest.raises(ValidationError) as raised:
        task(extensions=[{"due": "recurring", "decided_on": "2018-12-28"}])
    assert [e["type"] for e in raised.value.errors()] == ["invalid-due"]


PLAN = {"id": "kh-a", "code": "01-KH/TU", "title": "Kế hoạch", "issued_by": "Ban Thường vụ", "issued_on": "2018-12-20",
        "owner": "co-quan-a", "start": "2019-01-01", "end": "2020-12-31", "reporting": {"cycle": "quarter"},
        "tasks": []}


def test_the_report_header_defaults_to_the_party_style_and_needs_issuer_symbol_and_place():
    plan = Plan.model_validate({**PLAN, "report": {"issuer": "Ban A", "symbol": "BC/BA", "place": "Thành phố"}})
    assert plan.report.style == "party" and plan.report.recipients == [] and plan.report.signer is None
    with pytest.raises(ValidationError) as raised:
        Plan.model_validate({**PLAN, "report": {"style": "state"}})
    assert sorted(e["loc"][-1] for e in raised.value.errors()) == ["issuer", "place", "symbol"]


@pytest.mark.parametrize("written, accepted", [
    ("999999999999999", True), ("999999999999999.5", True), ("1000000000000000", False),
    ("1000000000000000.0", False), ("12000000000000000", False)])
def test_numbers_must_stay_below_ten_to_the_fifteenth(written, accepted):
    fields = {"indicators": [{"id": "so-tien", "name": "Số tiền", "aggregate": "sum", "target": written}]}
    if accepted:
        assert task(**fields).indicators[0].target == float(written)
    else:
        with pytest.raises(ValidationError) as raised:
            task(**fields)
        assert [e["type"] for e in raised.value.errors()] == ["number-too-large"]
