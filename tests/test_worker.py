"""Reading part of the reports in a child process (generator/data/worker.py): the same problems in the
same order as one process reading everything, whatever the child does."""

from __future__ import annotations

import os
import re
import select
import sys
import threading
from pathlib import Path

import pytest
from conftest import TODAY, tiendo

from generator.check import check
from generator.data import worker
from generator.data.synth import SynthConfig, write

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the child is forked on Linux only")


@pytest.fixture(autouse=True)
def may_fork(request, monkeypatch):
    """The child is forked here even if an earlier test left a thread running (it only reads files),
    except where the test is about that very refusal."""
    if "thread" not in request.node.name:
        monkeypatch.setattr(worker, "_can_fork", lambda: True)


@pytest.fixture
def reports_with_problems(tmp_path: Path) -> Path:
    """A synthetic data set whose reports have problems among the first ones and the last ones."""
    root = tmp_path / "data"
    write(root, SynthConfig(agencies=6, tasks=30, periods=8, seed=3))
    reports = sorted((root / "updates").rglob("*.yaml"))
    _replace(reports[1], r"(?m)^(\s*- task: )\S+", r"\g<1>99.99", 1)  # an unknown task (parent's share)
    _replace(reports[-1], r"(?m)^as_of: \S+", "as_of: 2019-02-30", 1)  # an impossible date (child's share)
    _replace(reports[-3], r"(?m)^(\s*)- task:", r"\1- ket_qua: x\n\1  task:", 1)  # an unknown key
    reports[-5].write_text(reports[-5].read_text(encoding="utf-8") + "summary: a: b\n", encoding="utf-8")  # syntax
    reports[-7].write_bytes(reports[-7].read_bytes() + b"summary: \xff\n")  # not UTF-8
    return root


def _replace(path: Path, pattern: str, replacement: str, count: int) -> None:
    text, done = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=count)
    assert done == count
    path.write_text(text, encoding="utf-8")


def _result(root: Path):
    data, problems = check(root, TODAY)
    updates = [(u.doc.path, u.doc.text, u.doc.data, u.doc.cut_texts, u.values, u.plan_folder, u.agency_folder,
                u.period_name) for u in data.updates]
    return [p.as_dict("en") for p in problems], updates, data.files


@pytest.mark.parametrize("meeting", ["as it comes", "child first", "halfway"])
def test_with_a_child_check_gives_the_same_problems_in_the_same_order_and_the_same_reports(
        reports_with_problems, monkeypatch, meeting):
    monkeypatch.setattr(worker, "MIN_REPORTS", 10**9)
    alone = _result(reports_with_problems)
    assert {p["rule"] for p in alone[0]} >= {"unknown-task", "invalid-date", "unknown-key", "not-utf8", "yaml-syntax"}
    started = []
    real_start = worker.Child.start.__func__

    def start(cls, root, jobs):
        child = real_start(cls, root, jobs)
        if meeting != "as it comes":  # the child first reads all the reports, or the second half
            _until(child, 0 if meeting == "child first" else len(jobs) // 2)
        started.append(child)
        return child

    monkeypatch.setattr(worker.Child, "start", classmethod(start))
    monkeypatch.setattr(worker, "MIN_REPORTS", 1)
    assert _result(reports_with_problems) == alone
    assert started[0] is not None and started[0].pid is None  # forked, then stopped and reaped


def _until(child: worker.Child, reached: int) -> None:
    """Wait until the child has answered every job from `reached` on (or ended)."""
    while child.pipe is not None and child.reached > reached:
        select.select([child.pipe], [], [])  # something to read, or the end
        child.collect()


def _jobs(root: Path) -> list[tuple[str, ...]]:
    return [path.relative_to(root).parts for path in sorted((root / "updates").rglob("*.yaml"))]


def _take_all(child: worker.Child, jobs: list) -> list:
    """What the parent does with each job in turn: the jobs it reads itself (None from the child)."""
    return [job for index, job in enumerate(jobs) if child.take(index) is None]


def test_the_child_vouches_only_for_reports_that_read_and_check_cleanly(reports_with_problems):
    jobs = _jobs(reports_with_problems)
    child = worker.Child.start(reports_with_problems, jobs)
    pid = child.pid
    _until(child, 0)
    # not UTF-8, not YAML, an unknown key, an impossible date; an unknown task is not among them: the
    # child only reads and checks each file against its schema, the checks across files are the parent's
    assert _take_all(child, jobs) == [jobs[-7], jobs[-5], jobs[-3], jobs[-1]]
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_parent_and_child_meet_where_the_child_has_come_down_to_and_the_child_is_stopped(base_data, monkeypatch):
    jobs = _jobs(base_data)
    never, _ = os.pipe()
    real_read = worker._read
    monkeypatch.setattr(worker, "_read", lambda root, parts: real_read(root, parts) if parts != jobs[0]
                        else os.read(never, 1))  # the child answers the last jobs, then never the first
    child = worker.Child.start(base_data, jobs)
    pid = child.pid
    _until(child, 1)
    assert child.take(0) is None and child.pid == pid  # the parent reads the first job, the child goes on
    assert child.take(1) is not None and child.pid is None  # met: the child is stopped and reaped
    assert all(child.take(index) is not None for index in range(2, len(jobs)))
    os.close(never)


def test_the_parent_reads_every_report_itself_while_the_child_answers_none(base_data, monkeypatch):
    never, _ = os.pipe()
    monkeypatch.setattr(worker, "_read", lambda root, parts: os.read(never, 1))  # a child that never answers
    jobs = _jobs(base_data)
    child = worker.Child.start(base_data, jobs)
    assert _take_all(child, jobs) == jobs
    child.close()
    assert child.pid is None  # stopped and reaped
    os.close(never)


def test_a_child_that_fails_leaves_every_report_to_the_parent(base_data, monkeypatch):
    def broken(root, parts):
        raise MemoryError

    monkeypatch.setattr(worker, "_read", broken)
    jobs = _jobs(base_data)
    child = worker.Child.start(base_data, jobs)
    _until(child, 0)
    assert child.pipe is None and _take_all(child, jobs) == jobs


def test_a_damaged_answer_is_not_trusted(base_data):
    jobs = _jobs(base_data)
    child = worker.Child.start(base_data, jobs)
    _until(child, 0)
    child._frames[1] = child._frames[1][:-7]
    assert _take_all(child, jobs) == [jobs[1]]


def test_no_child_is_forked_while_another_thread_runs(base_data):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert worker.Child.start(base_data, _jobs(base_data)) is None
    finally:
        stop.set()
        thread.join()


def test_validate_says_the_same_with_a_child(reports_with_problems, monkeypatch):
    monkeypatch.setattr(worker, "MIN_REPORTS", 10**9)
    alone = tiendo("validate", "--data", str(reports_with_problems), "--format", "json")
    monkeypatch.setattr(worker, "MIN_REPORTS", 1)
    shared = tiendo("validate", "--data", str(reports_with_problems), "--format", "json")
    assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode == 1
