"""Reading part of the reports in a child process, on the machine's second core.

At province scale, reading and checking the reports is most of what `tiendo validate` does, and
each report is read on its own. So `load` forks a child that reads the last reports (`CHILD_SHARE`
of them) while the parent reads the others. The child only vouches for files that read and check
cleanly: it sends back the text, the data and the record of each, one file at a time; for any
other file it sends nothing, and the parent reads that file itself. So the problems, their order
and their positions are the same as when one process reads everything, and only the parent ever
loads pydantic or reports a problem.

The parent never waits for the child: when it has read its own share, it takes the child's files
in order as they arrive, and reads the last of those not yet arrived itself, until both meet; then
the child is stopped. The child runs at the lowest priority, so it takes an idle core and never the
parent's: on a busy machine, where it gets no core, the parent simply reads (almost) everything, as
without a child. Where forking is not possible or not safe (not Linux, one core, another thread
running), or the child fails, the parent reads everything itself. The child is always reaped (no
zombie), and ends with `os._exit`: it never runs the parent's code after the fork nor writes the
parent's buffered output.

Measured at province scale (benchmarks/validate.py) on two cores: the whole command takes about a
fifth less time when the second core is free (0.57 s -> 0.46 s) for about an eighth more CPU time;
when something else keeps that core busy, up to a tenth more.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.data import records
from generator.data.files import read_regular, shown_path
from generator.data.reader import read_document

MIN_REPORTS = 200  # below this, forking costs more than it saves
CHILD_SHARE = 0.5  # of the reports, the last ones: the child starts on them while the parent reads the others

Parts = tuple[str, ...]
Read = tuple[str, Any, list, records.Record]  # text, data, cut texts, record of a file read cleanly
_HEADER = struct.Struct("<II")  # a frame from the child: the job's index, the length of its pickled answer


def _read(root: Path, parts: Parts) -> Read | None:
    """A report read and checked cleanly, or None (the parent reads it itself, problems and all)."""
    try:
        raw, size = read_regular(os.path.join(root, *parts))
    except OSError:
        return None
    doc, _ = read_document(raw, shown_path(root, parts), size)
    if doc is None:
        return None
    record = records.build("Update", doc.data)
    return None if record is None else (doc.text, doc.data, doc.cut_texts, record)


def _child(root: Path, jobs: list[Parts], pipe: int) -> None:
    """The child's work: each file's answer in a frame, in order, until done or stopped."""
    import pickle

    try:  # an idle core only: where the parent would share its core with the child, the parent goes first
        os.nice(19)
    except OSError:
        pass

    for index, parts in enumerate(jobs):
        answer = pickle.dumps(_read(root, parts), protocol=pickle.HIGHEST_PROTOCOL)
        frame = memoryview(_HEADER.pack(index, len(answer)) + answer)
        while frame:
            frame = frame[os.write(pipe, frame):]


def _can_fork() -> bool:
    """Linux, two cores to use, and no other thread (which might hold a lock the child would need)."""
    threading = sys.modules.get("threading")
    return (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2
            and (threading is None or threading.active_count() == 1))


class Child:
    """A child process reading `jobs` (report paths under `root`) for the parent."""

    def __init__(self, pid: int, pipe: int, jobs: list[Parts]) -> None:
        self.pid: int | None = pid
        self.pipe: int | None = pipe
        self.jobs = jobs
        self.mine = frozenset(jobs)
        self._buffer = bytearray()
        self._frames: dict[int, bytes] = {}  # job index -> its pickled answer

    @classmethod
    def start(cls, root: Path, jobs: list[Parts]) -> Child | None:
        """Fork a child reading `jobs`, or None where forking is not possible or not safe."""
        if not jobs or not _can_fork():
            return None
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: whatever happens, it ends here
            code = 1
            try:
                os.close(read_end)
                _child(root, jobs, write_end)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        os.set_blocking(read_end, False)
        return cls(pid, read_end, jobs)

    def collect(self) -> None:
        """Take in what the child has sent so far, without waiting (the parent calls it between files, so
        that the child never waits on a full pipe)."""
        while self.pipe is not None:
            try:
                chunk = os.read(self.pipe, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # the child is done, or gone
                self.close()
                break
            self._buffer += chunk
        buffer = self._buffer
        while len(buffer) >= _HEADER.size:
            index, length = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + length:
                break
            self._frames[index] = bytes(buffer[_HEADER.size:_HEADER.size + length])
            del buffer[:_HEADER.size + length]

    def share(self, read_here: Callable[[Parts], Any], take: Callable[[Parts, Read], Any]) -> dict[Parts, Any]:
        """The result of every job: `take(parts, answer)` for those the child read cleanly, `read_here(parts)`
        for the others, which the parent reads itself (the last ones while the child is still on the
        first). The child is stopped once every job has a result."""
        import pickle

        results: dict[Parts, Any] = {}
        first, last = 0, len(self.jobs)  # the jobs without a result yet: jobs[first:last]
        try:
            while first < last:
                self.collect()
                frame = self._frames.pop(first, None)
                if frame is not None or self.pipe is None:  # the child's answer, or no more answers to come
                    parts = self.jobs[first]
                    answer = _loads(pickle, frame) if frame is not None else None
                    results[parts] = take(parts, answer) if answer is not None else read_here(parts)
                    first += 1
                else:  # not arrived yet: read the last one here
                    last -= 1
                    results[self.jobs[last]] = read_here(self.jobs[last])
        finally:
            self.close()
        return results

    def close(self) -> None:
        """Stop and reap the child if it still runs (done, or the parent stops early: an error, Ctrl-C)."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:  # already ended
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def _loads(pickle: Any, frame: bytes) -> Read | None:
    """The child's answer, or None when it does not read back as one (the parent then reads the file)."""
    try:
        answer = pickle.loads(frame)
    except Exception:  # a damaged frame: never trusted
        return None
    return answer if isinstance(answer, tuple) and len(answer) == 4 else None
