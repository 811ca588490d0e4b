"""Synthetic data sets are valid whatever their size and cycle."""

from __future__ import annotations

from conftest import TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check import check
from generator.data.synth import SynthConfig, generate, write


@settings(max_examples=25, deadline=None)
@given(
    agencies=st.integers(2, 12),
    tasks=st.integers(1, 40),
    periods=st.integers(1, 14),
    cycle=st.sampled_from(["month", "quarter", "half", "year"]),
    groups=st.integers(0, 4),
    seed=st.integers(0, 10_000),
    cutoff=st.sampled_from([None, 14]),
)
def test_synthetic_data_always_validates_clean(tmp_path_factory, agencies, tasks, periods, cycle, groups, seed, cutoff):
    root = tmp_path_factory.mktemp("synth") / "data"
    write(root, SynthConfig(agencies=agencies, tasks=tasks, periods=periods, cycle=cycle, groups=groups, seed=seed,
                            cutoff_day=cutoff))
    _, problems = check(root, TODAY)
    assert [(p.rule, p.file, p.line) for p in problems] == []


def test_same_seed_same_data_and_other_seed_other_data():
    assert generate(SynthConfig(seed=5)) == generate(SynthConfig(seed=5))
    assert generate(SynthConfig(seed=5)) != generate(SynthConfig(seed=6))


def test_size_matches_the_request():
    files = generate(SynthConfig(agencies=7, tasks=30, periods=6))
    plan = files["plans/ke-hoach-mau/plan.yaml"]
    assert len(plan["tasks"]) == 30 and len(files["agencies.yaml"]["agencies"]) == 7
    assert len([f for f in files if f.startswith("updates/")]) <= 7 * 6
