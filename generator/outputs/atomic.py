"""Writing a file whole or not at all: through a hidden temporary file beside it, renamed over it at the end.

A reader (a web server, Excel, the next command) never sees half a file, and a failure leaves the old
file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# the process's umask, read once at import (reading it means setting it): a new file gets the permissions
# any file the user creates gets (rw-r--r-- under the usual 022), not the owner-only ones of a temporary
# file, so a web server running as another user can serve what tiendo wrote
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write in full; it replaces `path` when the block ends without an exception."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(handle, 0o666 & ~_UMASK)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `path`, flushed to the disk before it replaces the old file."""
    with replacing(path) as temporary, temporary.open("wb") as out:
        out.write(content.encode("utf-8") if isinstance(content, str) else content)
        out.flush()
        os.fsync(out.fileno())
