"""Reading part of the reports in a child process, on the machine's second core.

At province scale, reading and checking the reports is most of what `tiendo validate` does, and
each report is read on its own. So `load` forks a child that reads the reports from the last one
backwards while the parent reads them from the first one on, until the two meet: the parent then
takes the child's work for the rest, and stops the child. However fast each goes (the child may get
no core at all on a busy machine, or the whole of one on an idle one), neither ever waits for the
other. The child runs at the lowest priority, so that it takes an idle core, never the parent's.

The child only vouches for files that read and check cleanly: it sends back, one file at a time
through a pipe, the text, the data and the record of each; for any other file it sends nothing, and
the parent reads that file itself in its turn. So the parent meets every report in order as when it
reads them all, with the same problems in the same order, and only the parent ever loads pydantic or
reports a problem. Where forking is not possible or not safe (not Linux, one core, another thread
running), or the child fails or sends a damaged answer, the parent reads those files itself. The
child is always reaped (no zombie), and ends with `os._exit`: it never runs the parent's code after
the fork nor writes the parent's buffered output.

Measured at province scale on two cores (the whole command, 15 alternating runs): a fifth less time
when the second core is free (0.57 s -> 0.46 s) for about an eighth more CPU time; when a busy loop
keeps that core, about 5 % more (0.58 s -> 0.61 s), the cost of forking and of the child's few turns.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from pathlib import Path
from typing import Any

from generator.data import records
from generator.data.files import read_regular, shown_path
from generator.data.reader import read_document

MIN_REPORTS = 200  # below this, forking costs more than it saves

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
    """The child's work: each file's answer in a frame, from the last job backwards, until stopped."""
    import pickle

    try:  # an idle core only: where the parent would share its core with the child, the parent goes first
        os.nice(19)
    except OSError:
        pass

    for index in range(len(jobs) - 1, -1, -1):
        answer = pickle.dumps(_read(root, jobs[index]), protocol=pickle.HIGHEST_PROTOCOL)
        frame = memoryview(_HEADER.pack(index, len(answer)) + answer)
        while frame:
            frame = frame[os.write(pipe, frame):]


def _can_fork() -> bool:
    """Linux, two cores to use, and no other thread (which might hold a lock the child would need)."""
    threading = sys.modules.get("threading")
    return (sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2
            and (threading is None or threading.active_count() == 1))


class Child:
    """A child process reading `jobs` (report paths under `root`) for the parent, from the last one backwards."""

    def __init__(self, pid: int, pipe: int, jobs: list[Parts]) -> None:
        self.pid: int | None = pid
        self.pipe: int | None = pipe
        self.reached = len(jobs)  # the child has answered every job from this index on
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
            self.reached = min(self.reached, index)  # the child answers the jobs in turn, backwards
            del buffer[:_HEADER.size + length]

    def take(self, index: int) -> Read | None:
        """The child's answer for job `index` if the child has come down to it (the parent has met the child:
        the child is stopped, its answers for the later jobs are in), or None: the parent reads the file."""
        self.collect()
        if index < self.reached:
            return None
        self.close()
        frame = self._frames.pop(index, None)
        return None if frame is None else _loads(frame)

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


def _loads(frame: bytes) -> Read | None:
    """The child's answer, or None when it does not read back as one (the parent then reads the file)."""
    import pickle

    try:
        answer = pickle.loads(frame)
    except Exception:  # a damaged frame: never trusted
        return None
    return answer if isinstance(answer, tuple) and len(answer) == 4 else None
