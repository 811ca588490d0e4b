"""Periods (contract section 5): ids, the plan's list, R(P), window(P), D(P)."""

from __future__ import annotations

from datetime import date

import pytest

from generator.data.periods import Period, Schedule, parse_period, period_of


@pytest.mark.parametrize(
    ("text", "cycle", "expected"),
    [
        ("2019-03", "month", Period(2019, 3, "month")),
        ("2019-Q1", "quarter", Period(2019, 1, "quarter")),
        ("2019-H2", "half", Period(2019, 2, "half")),
        ("2019", "year", Period(2019, 1, "year")),
    ],
)
def test_period_ids_of_every_cycle_round_trip(text, cycle, expected):
    assert parse_period(text) == expected
    assert parse_period(text, cycle) == expected
    assert expected.id == text


@pytest.mark.parametrize("text", ["2019-Q5", "2019-Q0", "2019-13", "2019-00", "2019-H3", "19-Q1", "2019-q1",
                                  "2019-3", "2019 Q1", "Q1-2019", ""])
def test_malformed_period_ids_name_no_period(text):
    assert parse_period(text) is None


def test_an_id_of_another_cycle_is_not_a_period_of_this_cycle():
    assert parse_period("2019-03", "quarter") is None
    assert parse_period("2019-Q1", "month") is None


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        (Period(2019, 2, "month"), date(2019, 2, 1), date(2019, 2, 28)),
        (Period(2020, 2, "month"), date(2020, 2, 1), date(2020, 2, 29)),
        (Period(2019, 4, "quarter"), date(2019, 10, 1), date(2019, 12, 31)),
        (Period(2019, 1, "half"), date(2019, 1, 1), date(2019, 6, 30)),
        (Period(2019, 1, "year"), date(2019, 1, 1), date(2019, 12, 31)),
    ],
)
def test_first_and_last_days(period, first, last):
    assert (period.first_day, period.last_day) == (first, last)


def test_next_and_previous_roll_over_the_year():
    assert Period(2018, 4, "quarter").next() == Period(2019, 1, "quarter")
    assert Period(2019, 1, "quarter").previous() == Period(2018, 4, "quarter")
    assert Period(2018, 12, "month").next().id == "2019-01"
    assert Period(2019, 1, "half").previous().id == "2018-H2"
    assert Period(2019, 1, "year").next().id == "2020"


def test_plan_periods_run_from_the_one_containing_start_to_the_one_containing_end():
    schedule = Schedule(date(2017, 2, 15), date(2018, 4, 2), "quarter")
    assert [p.id for p in schedule.periods] == ["2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4", "2018-Q1", "2018-Q2"]
    assert [p.id for p in Schedule(date(2017, 12, 1), date(2018, 1, 31), "month").periods] == ["2017-12", "2018-01"]
    assert [p.id for p in Schedule(date(2017, 1, 1), date(2019, 7, 1), "half").periods] == [
        "2017-H1", "2017-H2", "2018-H1", "2018-H2", "2019-H1", "2019-H2"]
    assert [p.id for p in Schedule(date(2017, 6, 1), date(2019, 1, 1), "year").periods] == ["2017", "2018", "2019"]


def test_without_cutoff_r_is_the_last_day_and_d_is_due_day_of_the_next_month():
    schedule = Schedule(date(2017, 1, 1), date(2020, 12, 31), "quarter")
    q4 = parse_period("2018-Q4")
    assert schedule.reference_date(q4) == date(2018, 12, 31)
    assert schedule.due_date(q4) == date(2019, 1, 20)  # year-end roll-over, default due_day 20
    assert schedule.window(q4) == (date(2018, 10, 1), date(2018, 12, 31))


def test_with_cutoff_r_and_d_fall_in_the_last_month_of_the_period():
    schedule = Schedule(date(2017, 1, 1), date(2020, 12, 31), "quarter", cutoff_day=14, due_day=20)
    q1 = parse_period("2019-Q1")
    assert schedule.reference_date(q1) == date(2019, 3, 14)
    assert schedule.due_date(q1) == date(2019, 3, 20)
    assert schedule.window(q1) == (date(2018, 12, 15), date(2019, 3, 14))  # (R(2018-Q4), R(2019-Q1)]


def test_first_window_starts_at_the_plan_start():
    schedule = Schedule(date(2017, 1, 1), date(2020, 12, 31), "quarter", cutoff_day=14)
    assert schedule.window(schedule.periods[0]) == (date(2017, 1, 1), date(2017, 3, 14))


@pytest.mark.parametrize(("cycle", "period_id", "due"), [
    ("month", "2019-12", date(2020, 1, 25)),
    ("half", "2019-H2", date(2020, 1, 25)),
    ("year", "2019", date(2020, 1, 25)),
    ("month", "2019-02", date(2019, 3, 25)),
])
def test_due_date_rolls_over_without_cutoff_for_each_cycle(cycle, period_id, due):
    schedule = Schedule(date(2019, 1, 1), date(2020, 12, 31), cycle, due_day=25)
    assert schedule.due_date(parse_period(period_id, cycle)) == due


def test_monthly_cutoff():
    schedule = Schedule(date(2019, 1, 1), date(2019, 12, 31), "month", cutoff_day=25, due_day=28)
    march = parse_period("2019-03")
    assert schedule.reference_date(march) == date(2019, 3, 25)
    assert schedule.window(march) == (date(2019, 2, 26), date(2019, 3, 25))
    assert schedule.due_date(march) == date(2019, 3, 28)


def test_period_of_a_day():
    assert period_of(date(2019, 5, 31), "quarter").id == "2019-Q2"
    assert period_of(date(2019, 7, 1), "half").id == "2019-H2"


def test_vietnamese_labels():
    assert parse_period("2019-Q1").label == "Quý I/2019"
    assert parse_period("2019-Q4").label == "Quý IV/2019"
    assert parse_period("2019-03").label == "Tháng 3/2019"
    assert parse_period("2019-H1").label == "6 tháng đầu năm 2019"
