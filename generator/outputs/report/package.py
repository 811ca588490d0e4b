"""Word files written the same way every time: same content, same bytes (fixed times in the zip)."""

from __future__ import annotations

import io
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
