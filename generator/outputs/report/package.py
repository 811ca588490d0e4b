"""Word files written the same way every time: same content, same bytes (fixed times in the zip)."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

_EPOCH = (2000, 1, 1, 0, 0, 0)


def stable_bytes(package: bytes) -> bytes:
    """The zip `package` rewritten with fixed entry times, entries in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=_EPOCH), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def stable_zip(path: Path) -> None:
    path.write_bytes(stable_bytes(path.read_bytes()))


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` through a temporary file in the same folder: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
